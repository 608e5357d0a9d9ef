import { readFileSync } from 'node:fs';
import { maskSecrets } from '../util/mask-secrets.js';
import { UsageError } from '../util/usage-error.js';

/** The connection flags every live command shares (`cac` camel-cases `--password-env` to `passwordEnv`). */
export interface ConnectionFlags {
  url?: string;
  host?: string;
  port?: string | number;
  user?: string;
  db?: string | number;
  passwordEnv?: string;
  passwordFile?: string;
  tls?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsServername?: string;
  timeout?: string | number;
}

export interface TlsTarget {
  ca?: string;
  cert?: string;
  key?: string;
  servername?: string;
}

/** Where to connect, resolved from the flags. `password` is the only secret and is never printed. */
export interface ConnectionTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: TlsTarget;
  timeoutMs: number;
  /** `--url` as given, its password masked, when no other flag changed where it points: messages show it. */
  givenUrl?: string;
  /** The scheme of `--url` (`redis`, `valkeys`), kept when flags change the rest. */
  scheme?: string;
}

const DEFAULT_PORT = 6379;
const DEFAULT_TIMEOUT_MS = 5000;
const TLS_SCHEMES = new Set(['valkeys:', 'rediss:']);
const PLAIN_SCHEMES = new Set(['valkey:', 'redis:']);

function wholeNumber(value: string | number, flag: string, max: number): number {
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new UsageError(`${flag} must be a whole number from 0 to ${max} (got "${text}")`);
  }
  return Number(text);
}

function readFileFlag(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${flag} "${path}": ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    );
  }
}

interface FromUrl {
  scheme: string;
  host: string;
  port?: number;
  username?: string;
  password?: string;
  db?: number;
  tls: boolean;
}

function parseUrl(url: string): FromUrl {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) throw new UsageError('--url must look like valkey://[user[:password]@]host[:port][/db]');
  const protocol = `${scheme}:`;
  if (!TLS_SCHEMES.has(protocol) && !PLAIN_SCHEMES.has(protocol)) {
    throw new UsageError(
      `unknown URL scheme "${scheme}:" in --url: use valkey://, valkeys://, redis:// or rediss://`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL may hold a password, so it is not echoed back.
    throw new UsageError(`--url is not a valid ${scheme}:// URL`);
  }
  const path = parsed.pathname.replace(/^\//, '');
  return {
    scheme,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : undefined,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: path ? wholeNumber(path, 'the database in --url', 65535) : undefined,
    tls: TLS_SCHEMES.has(protocol),
  };
}

function passwordFromFlags(flags: ConnectionFlags, env: NodeJS.ProcessEnv): string | undefined {
  if (flags.passwordEnv && flags.passwordFile) {
    throw new UsageError('give the password one way: --password-env or --password-file, not both');
  }
  if (flags.passwordEnv) {
    const value = env[flags.passwordEnv];
    if (value === undefined || value === '') {
      throw new UsageError(
        `--password-env names ${flags.passwordEnv}, but that environment variable is not set`,
      );
    }
    return value;
  }
  if (flags.passwordFile) {
    // A trailing newline is what editors and `echo` leave, never part of the password.
    return readFileFlag(flags.passwordFile, '--password-file').replace(/\r?\n$/, '');
  }
  return undefined;
}

/** Resolves `--url` or `--host/--port/--user/--db`, the password source and the TLS files into one target. */
export function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionTarget {
  if (Array.isArray(flags.url)) {
    throw new UsageError('give --url once (only `audit --live` captures several servers at once)');
  }
  const fromUrl = flags.url ? parseUrl(String(flags.url)) : undefined;
  const flagPassword = passwordFromFlags(flags, env);
  if (fromUrl?.password !== undefined && flagPassword !== undefined) {
    throw new UsageError(
      'give the password one way: in --url or with --password-env/--password-file, not both',
    );
  }
  const tlsWanted = Boolean(flags.tls || flags.tlsCa || flags.tlsCert || flags.tlsKey || fromUrl?.tls);
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) {
    throw new UsageError(
      '--tls-cert and --tls-key go together: give both for a client certificate, or neither',
    );
  }
  const tls: TlsTarget | undefined = tlsWanted
    ? {
        ...(flags.tlsCa ? { ca: readFileFlag(flags.tlsCa, '--tls-ca') } : {}),
        ...(flags.tlsCert ? { cert: readFileFlag(flags.tlsCert, '--tls-cert') } : {}),
        ...(flags.tlsKey ? { key: readFileFlag(flags.tlsKey, '--tls-key') } : {}),
        ...(flags.tlsServername ? { servername: flags.tlsServername } : {}),
      }
    : undefined;
  const username = flags.user ?? fromUrl?.username;
  const password = flagPassword ?? fromUrl?.password;
  const pointsElsewhere =
    flags.host !== undefined ||
    flags.port !== undefined ||
    flags.user !== undefined ||
    flags.db !== undefined ||
    (tlsWanted && !fromUrl?.tls);
  return {
    host: flags.host ?? fromUrl?.host ?? '127.0.0.1',
    port:
      flags.port !== undefined ? wholeNumber(flags.port, '--port', 65535) : (fromUrl?.port ?? DEFAULT_PORT),
    ...(username ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    db: flags.db !== undefined ? wholeNumber(flags.db, '--db', 65535) : (fromUrl?.db ?? 0),
    ...(tls ? { tls } : {}),
    timeoutMs:
      flags.timeout !== undefined ? wholeNumber(flags.timeout, '--timeout', 600_000) : DEFAULT_TIMEOUT_MS,
    ...(fromUrl ? { scheme: fromUrl.scheme } : {}),
    ...(fromUrl && !pointsElsewhere ? { givenUrl: maskSecrets(String(flags.url)) } : {}),
  };
}

/**
 * The target for messages and reports: `--url` as the user gave it (password masked), else a URL built from the
 * flags, with the scheme of `--url` when there was one (`valkey` by default, `s` added for TLS).
 */
export function describeTarget(target: ConnectionTarget): string {
  if (target.givenUrl) return target.givenUrl;
  const given = target.scheme ?? 'valkey';
  const scheme = target.tls && !TLS_SCHEMES.has(`${given}:`) ? `${given}s` : given;
  const user = target.username ? `${encodeURIComponent(target.username)}@` : '';
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${scheme}://${user}${host}:${target.port}/${target.db}`;
}
