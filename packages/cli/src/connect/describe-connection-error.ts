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

/** What the client was doing, for the message: "reading COMMAND DOCS". */
export interface ErrorContext {
  target: ConnectionTarget;
  doing: string;
}

const firstLine = (text: string) => text.split('\n')[0]!.trim();

/**
 * Turns a client or server error into one line saying what failed and what to do, without the password.
 * Server replies are matched by their error prefix (WRONGPASS, NOAUTH, NOPERM: valkey.io/topics/acl).
 */
export function describeConnectionError(error: unknown, context: ErrorContext): UsageError {
  if (error instanceof UsageError) return error;
  const { target, doing } = context;
  const where = describeTarget(target);
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
    return say(`TLS: the certificate of ${where} is not issued for "${target.host}"; set --tls-servername`);
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
  if (
    message === 'Connection is closed.' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Stream isn't writeable|MaxRetriesPerRequest/.test(message)
  ) {
    return say(`the server at ${where} closed the connection while ${doing}`);
  }
  if (err?.name === 'ReplyError') return say(`the server at ${where} refused ${doing}: ${message}`);
  if (code) return say(`connection to ${where} failed while ${doing}: ${code} ${message}`);
  return say(`connection to ${where} failed while ${doing}: ${message}`);
}
