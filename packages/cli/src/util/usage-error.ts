/**
 * An expected failure (bad flag, unreadable file, unreachable server, permission denied): printed as one
 * line without a stack, exit code 2.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
