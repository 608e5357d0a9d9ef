import type { YourLibraries, YourModel } from './project/your-libraries.js';

/** `memory|usage partial (server-state)`, `sort_ro partial with BY/GET (undeclared-keys)`. */
const uncoveredText = (m: YourModel) =>
  m.uncovered
    .map(
      (u) =>
        `${u.command} ${u.category}${u.forms.length > 0 ? ` with ${u.forms.join(', ')}` : ''}${u.reasons.length > 0 ? ` (${u.reasons.join(', ')})` : ''}`,
    )
    .join(', ');

/** One line per model of an installed package: what its cache keeps that tracking does not fully cover. */
export function modelLine(m: YourModel): string {
  if (m.decides === 'no-cache') {
    return `${m.title}: no client-side cache of its own; \`valkey-track audit\` checks the caches you build beside it.`;
  }
  const refused = m.refusedOn.length > 0 ? ` Its cache refuses to start on ${m.refusedOn.join(', ')}.` : '';
  if (m.uncovered.length === 0) {
    return `${m.title}: every one of the ${m.cachedCount} commands it caches on these servers is fully covered.${refused}`;
  }
  return `${m.title}: ${m.uncovered.length} of the ${m.cachedCount} commands it caches on these servers are not fully covered by CLIENT TRACKING: ${uncoveredText(m)}.${refused}`;
}

/** `redis 6.3.1 (pnpm-lock.yaml)`, `redis 5.8.0 (package.json declares ^5.8.0; nothing installed)`. */
export const packageLabel = (p: { name: string; version: string; source: string; declared?: string }) =>
  p.declared
    ? `${p.name} ${p.declared} (declared in ${p.source}, nothing installed: judged as ${p.version})`
    : `${p.name} ${p.version} (${p.source})`;

/** Lines for people: each installed client library and what its cache keeps that tracking does not cover. */
export function yourLibrariesLines(found: YourLibraries): string[] {
  const out: string[] = [];
  for (const p of found.packages) {
    if (p.models.length === 0) {
      out.push(`${packageLabel(p)}: this version has no client-side cache.`);
      continue;
    }
    for (const m of p.models) out.push(`${packageLabel(p)} → ${modelLine(m)}`);
  }
  for (const problem of found.problems) out.push(`Could not read: ${problem}`);
  return out;
}
