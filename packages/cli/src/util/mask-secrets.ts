const MASK = '***';

// scheme://user:password@ — the password ends at the last `@` before the host (RFC 3986, section 3.2.1).
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#]*@/gi;
// AUTH [user] password as a command line prints it: MONITOR and redis-cli quote every argument.
const QUOTED_AUTH = /(["'])(AUTH)\1((?:\s+(["'])(?:\\.|(?!\4).)*\4)?)(\s+)(["'])(?:\\.|(?!\6).)*\6/gi;
// AUTH [user] password and HELLO protover AUTH user password at the start of a command, unquoted.
const PLAIN_AUTH = /(^|`|\bHELLO\s+\d+\s+)AUTH(\s+\S+)?\s+\S+/g;

/**
 * Masks passwords where they stand as passwords: in the userinfo of a URL (`redis://app:***@cache:6379`) and
 * as the last argument of AUTH (`"AUTH" "app" "***"`, `HELLO 3 AUTH app ***`). Never by searching the text for
 * the password's characters: a short or common password (`a`, `server`) would garble every word that
 * contains it, and show where its letters occur.
 */
export function maskSecrets(text: string): string {
  return text
    .replace(URL_PASSWORD, `$1${MASK}@`)
    .replace(
      QUOTED_AUTH,
      (_, quote: string, auth: string, user: string, _q: string, space: string, last: string) =>
        `${quote}${auth}${quote}${user}${space}${last}${MASK}${last}`,
    )
    .replace(PLAIN_AUTH, (_, before: string, user = '') => `${before}AUTH${user} ${MASK}`);
}
