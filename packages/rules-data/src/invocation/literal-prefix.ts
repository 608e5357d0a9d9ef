/** The literal start of a glob pattern: everything before the first `*`, `?`, `[` or `\` (Valkey's stringmatchlen). */
export function literalPrefix(pattern: string): string {
  const stop = pattern.search(/[*?[\\]/);
  return stop === -1 ? pattern : pattern.slice(0, stop);
}

/** True when the glob can only match keys that start with one of the prefixes (no prefix: every key). */
export function prefixCovers(prefixes: readonly string[], pattern: string, isPattern: boolean): boolean {
  if (prefixes.length === 0) return true;
  const literal = isPattern ? literalPrefix(pattern) : pattern;
  return prefixes.some((p) => literal.startsWith(p));
}
