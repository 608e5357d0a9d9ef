import { maskSecrets } from '../util/mask-secrets.js';
import { UsageError } from '../util/usage-error.js';
import { describeTarget, type ConnectionTarget } from './connection-options.js';

const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * How far a connect got: TCP, the TLS session, the first reply on the new connection (AUTH, CLIENT SETNAME),
 * SELECT. A server that drops the connection before its first reply is telling something about the set-up.
 */
export type ConnectStage = 'connecting' | 'tls-handshake' | 'first-reply' | 'selecting';

/** What the client was doing, for the message: "reading COMMAND DOCS". */
export interface ErrorContext {
  target: ConnectionTarget;
  doing: string;
  /** Set while connecting. */
  stage?: ConnectStage;
  /** The connect did not finish within the target's timeout (`error` is then unused). */
  timedOut?: boolean;
}

const stalledAt: Record<ConnectStage, string> = {
  connecting: 'no TCP connection was made',
  'tls-handshake': 'the TLS handshake did not finish',
  'first-reply': 'the server accepted the connection but never answered',
  selecting: 'the server did not answer SELECT',
};

/** What a TLS connection dropped before the server's first reply usually means. */
const tlsDroppedBeforeReply = (target: ConnectionTarget): string =>
  target.tls?.cert
    ? 'check that it trusts the CA that signed --tls-cert'
    : 'if it requires a client certificate (tls-auth-clients), pass one with --tls-cert and --tls-key';

/** Whether an error says the connection was closed or reset, rather than refused or timed out. */
export const isConnectionClosed = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  const message = String((error as Error)?.message ?? '');
  return (
    message === 'Connection is closed.' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Stream isn't writeable|MaxRetriesPerRequest/.test(message)
  );
};

const firstLine = (text: string) => text.split('\n')[0]!.trim();

/**
 * Turns a client or server error into one line saying what failed and what to do, without the password.
 * Server replies are matched by their error prefix (WRONGPASS, NOAUTH, NOPERM: valkey.io/topics/acl).
 */
export function describeConnectionError(error: unknown, context: ErrorContext): UsageError {
  if (error instanceof UsageError) return error;
  const { target, doing } = context;
  const where = describeTarget(target);
  if (context.timedOut) {
    const stage = context.stage ?? 'connecting';
    return new UsageError(
      maskSecrets(
        `connecting to ${where} timed out after ${target.timeoutMs} ms (--timeout): ${stalledAt[stage]}`,
      ),
    );
  }
  const err = error as NodeJS.ErrnoException & { command?: { name?: string } };
  const code = err?.code ?? '';
  const message = firstLine(String(err?.message ?? error));
  const say = (text: string) => new UsageError(maskSecrets(text));

  if (code === 'ECONNREFUSED') {
    return say(
      `cannot connect to ${where}: connection refused. Is the server running there (--url, --host, --port)?`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return say(`cannot resolve the host "${target.host}"`);
  if (code === 'ETIMEDOUT') {
    return say(`connecting to ${where} timed out after ${target.timeoutMs} ms (--timeout)`);
  }
  if (message === 'Command timed out') {
    return say(
      `the server at ${where} did not answer within ${target.timeoutMs} ms while ${doing} (--timeout)`,
    );
  }
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return say(
      `TLS: the certificate of ${where} is not signed by a trusted CA (${code}). Pass the CA that signed it with --tls-ca`,
    );
  }
  if (code === 'CERT_HAS_EXPIRED') return say(`TLS: the certificate of ${where} has expired`);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    // Node checks the certificate against the SNI name when one is sent, else against the host.
    const names = (err as { cert?: { subjectaltname?: string } }).cert?.subjectaltname;
    const issuedFor = names ? ` (it names ${names})` : '';
    const servername = target.tls?.servername;
    return say(
      servername
        ? `TLS: the certificate of ${where} is not issued for "${servername}", the name --tls-servername gave${issuedFor}`
        : `TLS: the certificate of ${where} is not issued for "${target.host}"${issuedFor}: connect by a name it names, or set --tls-servername`,
    );
  }
  const notResp = /^Protocol error, got "(.*)" as reply type byte/.exec(message);
  if (notResp) {
    return say(
      `something other than Valkey or Redis answered at ${where} (its reply began with "${notResp[1]}"): check the host and port`,
    );
  }
  // The server's TLS alerts about the client certificate (RFC 8446, section 6.2), as OpenSSL names them.
  if (/ALERT_CERTIFICATE_REQUIRED/.test(code)) {
    return say(
      `TLS: the server at ${where} requires a client certificate: pass one with --tls-cert and --tls-key`,
    );
  }
  if (/ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE)/.test(code)) {
    return say(
      `TLS: the server at ${where} does not accept the client certificate of --tls-cert (${code.replace(/^ERR_SSL_/, '')}): it must be signed by a CA the server trusts`,
    );
  }
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(message)) {
    return say(`TLS handshake with ${where} failed: is the server listening for TLS on that port?`);
  }
  if (/^WRONGPASS|invalid password|invalid username-password/i.test(message)) {
    return say(
      `authentication to ${where} failed: wrong user or password for user "${target.username ?? 'default'}"`,
    );
  }
  if (/^NOAUTH/.test(message)) {
    return say(
      `the server at ${where} requires a password: give it with --password-env, --password-file or in --url`,
    );
  }
  if (/^NOPERM/.test(message)) {
    return say(
      `user "${target.username ?? 'default'}" at ${where} is not allowed to run what ${doing} needs: ${message}`,
    );
  }
  if (isConnectionClosed(error)) {
    if (target.tls && (context.stage === 'first-reply' || context.stage === 'tls-handshake')) {
      return say(
        `the server at ${where} closed the connection before answering: ${tlsDroppedBeforeReply(target)}`,
      );
    }
    return say(`the server at ${where} closed the connection while ${doing}`);
  }
  if (err?.name === 'ReplyError') return say(`the server at ${where} refused ${doing}: ${message}`);
  if (code) return say(`connection to ${where} failed while ${doing}: ${code} ${message}`);
  return say(`connection to ${where} failed while ${doing}: ${message}`);
}
