import type { ServerKind } from '../../../src/metadata/types.js';

export interface ServerUnderTest {
  /** The test command's name for it: `valkey81`. */
  id: string;
  kind: ServerKind;
  /** The major and minor version the test command starts (scripts/servers.sh): `8.1`. */
  version: string;
  /** For suite names: `valkey 8.1`. */
  name: string;
  url: string;
}

/** The five servers scripts/servers.sh starts, and the variable each one's URL is in (.tmp/servers.env). */
const table: [id: string, kind: ServerKind, version: string, variable: string][] = [
  ['valkey', 'valkey', '8.0', 'VT_VALKEY_URL'],
  ['redis', 'redis', '7.0', 'VT_REDIS_URL'],
  ['valkey81', 'valkey', '8.1', 'VT_VALKEY81_URL'],
  ['redis80', 'redis', '8.0', 'VT_REDIS80_URL'],
  ['valkey91', 'valkey', '9.1', 'VT_VALKEY91_URL'],
];

/** Every server the test command started: the slow evidence suites run against each. */
export const serversUnderTest = (): ServerUnderTest[] =>
  table.map(([id, kind, version, variable]) => {
    const url = process.env[variable];
    if (!url) throw new Error(`${variable} is not set: run the integration suites through the test command`);
    return { id, kind, version, name: `${kind} ${version}`, url };
  });

/** The one server fast suites run against (Valkey 8.0.1, the host's own). */
export const oneServer = (): ServerUnderTest => serversUnderTest()[0]!;

/** A prefix no other run shares, so keys of concurrent runs never meet. */
export const runPrefix = (): string => `vt-test:${process.pid}:${Date.now().toString(36)}:`;
