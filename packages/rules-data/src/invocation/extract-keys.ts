import { asciiUpper } from './ascii-case.js';
import type { KeySpec } from '../metadata/types.js';

/**
 * The keys of one invocation, found the way the server finds them: each key spec's begin_search (an index or a
 * keyword) and find_keys (a range or a key count). Specs the server itself cannot resolve (`unknown`, e.g.
 * SORT's BY/GET patterns) yield nothing, exactly as they yield nothing to tracking, and so do specs flagged
 * NOT_KEY (CLUSTERSCAN's cursor): the server leaves them out of the keys it remembers (getKeysFromCommandWithSpecs
 * without GET_KEYSPEC_INCLUDE_NOT_KEYS).
 */
export function extractKeys(argv: readonly string[], specs: readonly KeySpec[], argOffset = 0): string[] {
  const keys: string[] = [];
  for (const spec of specs) {
    if (spec.flags.includes('NOT_KEY')) continue;
    const start = beginIndex(argv, spec, argOffset);
    if (start === undefined) continue;
    const find = spec.findKeys;
    if (find.type === 'range') {
      const last = find.lastkey >= 0 ? start + find.lastkey : argv.length + find.lastkey;
      const step = Math.max(find.step, 1);
      const stop =
        find.limit > 1 ? Math.min(last, start + Math.floor((argv.length - start) / find.limit) - 1) : last;
      for (let i = start; i <= stop && i < argv.length; i += step) keys.push(argv[i]!);
    } else if (find.type === 'keynum') {
      const count = Number(argv[start + find.keynumidx]);
      if (!Number.isInteger(count) || count < 0) continue;
      const first = start + find.firstkey;
      for (let n = 0, i = first; n < count && i < argv.length; n++, i += Math.max(find.step, 1))
        keys.push(argv[i]!);
    }
  }
  return keys;
}

function beginIndex(argv: readonly string[], spec: KeySpec, argOffset: number): number | undefined {
  const begin = spec.beginSearch;
  if (begin.type === 'index')
    return begin.index + argOffset < argv.length ? begin.index + argOffset : undefined;
  if (begin.type === 'keyword') {
    const keyword = asciiUpper(begin.keyword);
    if (begin.startfrom >= 0) {
      for (let i = begin.startfrom + argOffset; i < argv.length; i++) {
        if (asciiUpper(argv[i]!) === keyword) return i + 1;
      }
    } else {
      for (let i = argv.length + begin.startfrom; i > argOffset; i--) {
        if (asciiUpper(argv[i]!) === keyword) return i + 1;
      }
    }
  }
  return undefined;
}
