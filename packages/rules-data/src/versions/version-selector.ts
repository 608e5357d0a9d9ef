import type { ServerKind } from '../metadata/types.js';
import { compareVersions, parseVersionLabel, versionMatches } from './version-label.js';

/**
 * Which server versions something holds for, as curated data and recipes write it: `valkey` (every
 * version), `redis 7.0` (7.0.x), `redis <8.0`, `valkey >=9.0`. Comparisons are numeric by component.
 */
export type VersionSelector = string;

const SELECTOR = /^(valkey|redis)(?:\s+(<=|>=|<|>)?\s*(\d+(?:\.\d+){0,2}))?$/;

export function parseSelector(selector: VersionSelector): {
  server: ServerKind;
  op?: string;
  version?: string;
} {
  const match = SELECTOR.exec(selector.trim());
  if (!match) {
    throw new Error(
      `"${selector}" is not a version selector: write the server and optionally a version, e.g. "redis <8.0" or "valkey 9.1"`,
    );
  }
  return {
    server: match[1] as ServerKind,
    ...(match[3] !== undefined ? { op: match[2] ?? '=', version: match[3] } : {}),
  };
}

/** Whether a server version (`redis 7.0.15` as a label, or server and version) is one the selector names. */
export function selectorMatches(selector: VersionSelector, server: ServerKind, version: string): boolean {
  const s = parseSelector(selector);
  if (s.server !== server) return false;
  if (s.version === undefined) return true;
  const order = compareVersions(version, s.version);
  switch (s.op) {
    case '<':
      return order < 0 && !versionMatches(version, s.version);
    case '<=':
      return order <= 0 || versionMatches(version, s.version);
    case '>':
      return order > 0 && !versionMatches(version, s.version);
    case '>=':
      return order >= 0 || versionMatches(version, s.version);
    default:
      return versionMatches(version, s.version);
  }
}

export const labelMatches = (selector: VersionSelector, label: string): boolean => {
  const { server, version } = parseVersionLabel(label);
  return selectorMatches(selector, server, version);
};
