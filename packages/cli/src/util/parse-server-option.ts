import type { ServerKind } from '@valkey-track/rules-data';
import { UsageError } from './usage-error.js';

/**
 * `--server valkey` or `--server valkey@9.1`: the server and, optionally, its version (one word, so the option
 * parser keeps `9.10` and `8.0` as written rather than reading them as numbers).
 */
export function parseServerOption(value: unknown): { server?: ServerKind; version?: string } {
  if (value === undefined) return {};
  const match = /^(valkey|redis)(?:@(\d+(?:\.\d+){0,2}))?$/.exec(String(value).toLowerCase());
  if (!match) {
    throw new UsageError(
      `--server must be valkey or redis, optionally with a version: valkey@9.1, redis@8.0.2 (got "${String(value)}")`,
    );
  }
  return { server: match[1] as ServerKind, ...(match[2] ? { version: match[2] } : {}) };
}
