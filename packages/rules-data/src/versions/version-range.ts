import { parseVersionLabel } from './version-label.js';

/**
 * The captured versions a command exists on, for people: consecutive captured versions of one server
 * joined with a dash. `valkey 8.0.1–9.1.2, redis 8.0.2`; a gap shows as a comma: `valkey 8.0.1, 9.1.2`.
 * `known` is every captured version in order (dataVersions).
 */
export function versionRange(present: readonly string[], known: readonly string[]): string {
  const parts: string[] = [];
  const servers = [...new Set(known.map((l) => parseVersionLabel(l).server))];
  for (const server of servers) {
    const ofServer = known.filter((l) => parseVersionLabel(l).server === server);
    const runs: string[][] = [];
    let run: string[] = [];
    for (const label of ofServer) {
      if (present.includes(label)) run.push(parseVersionLabel(label).version);
      else if (run.length > 0) {
        runs.push(run);
        run = [];
      }
    }
    if (run.length > 0) runs.push(run);
    if (runs.length === 0) continue;
    const shown = runs.map((r) => (r.length === 1 ? r[0]! : `${r[0]}–${r[r.length - 1]}`));
    parts.push(`${server} ${shown.join(', ')}`);
  }
  return parts.join('; ');
}
