import { distance } from 'fastest-levenshtein';

/**
 * The valid name a mistyped one most likely meant: the only one it begins (`ver` → `verify`), else the nearest
 * by edit distance when that is small for its length (`tabel` → `table`, `--formt` → `--format`). Undefined
 * when nothing is close: a far-fetched suggestion is worse than none.
 */
export function closestName(given: string, names: readonly string[]): string | undefined {
  const bare = (name: string) => name.replace(/^-+/, '');
  const typed = bare(given).toLowerCase();
  if (typed.length === 0) return undefined;
  const starting = names.filter((name) => bare(name).toLowerCase().startsWith(typed));
  if (typed.length >= 2 && starting.length === 1) return starting[0];
  // One or two letters are too little to guess from.
  if (typed.length < 3) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = distance(typed, bare(name).toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= Math.max(2, Math.floor(typed.length / 3)) ? best : undefined;
}
