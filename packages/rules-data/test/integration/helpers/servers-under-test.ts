import type { ServerKind } from '../../../src/metadata/types.js';

export interface ServerUnderTest {
  kind: ServerKind;
  url: string;
}

/** The servers the test command started: valkey 8.0.1 and redis 7.0.15 (scripts/servers.sh). */
export const serversUnderTest = (): ServerUnderTest[] => {
  const servers: ServerUnderTest[] = [];
  for (const [kind, variable] of [
    ['valkey', 'VT_VALKEY_URL'],
    ['redis', 'VT_REDIS_URL'],
  ] as const) {
    const url = process.env[variable];
    if (!url) throw new Error(`${variable} is not set: run the integration suites through the test command`);
    servers.push({ kind, url });
  }
  return servers;
};

/** A prefix no other run shares, so keys of concurrent runs never meet. */
export const runPrefix = (): string => `vt-test:${process.pid}:${Date.now().toString(36)}:`;
