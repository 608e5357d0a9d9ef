import type { ServerKind } from '../metadata/types.js';

/** One captured server version as the data names it: `valkey 9.1.2`. */
export const versionLabel = (server: ServerKind, version: string): string => `${server} ${version}`;

export function parseVersionLabel(label: string): { server: ServerKind; version: string } {
  const [server, version = ''] = label.split(' ');
  return { server: server as ServerKind, version };
}

/** `9.1.2` → [9, 1, 2]; anything after the numbers (`-rc1`) is ignored. */
export const versionParts = (version: string): number[] =>
  (/^\d+(?:\.\d+)*/.exec(version)?.[0] ?? '').split('.').filter(Boolean).map(Number);

/** Orders versions numerically, component by component; a missing component counts as 0. */
export function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `version` starts with every component of `wanted`: `9.1.2` is a `9.1` and a `9`. */
export const versionMatches = (version: string, wanted: string): boolean => {
  const have = versionParts(version);
  const want = versionParts(wanted);
  return want.length > 0 && want.every((part, i) => have[i] === part);
};
