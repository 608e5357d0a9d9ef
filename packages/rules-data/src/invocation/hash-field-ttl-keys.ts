import { lookup } from '../lookup.js';
import { asciiUpper } from './ascii-case.js';
import { extractKeys } from './extract-keys.js';

/**
 * The keys whose hash fields a write gives a TTL (HEXPIRE and its family always; HSETEX and HGETEX with
 * EX, PX, EXAT or PXAT before FIELDS): reads of those keys are then partial, `categorize(argv, {
 * hashFieldTtl })`. Empty for any other invocation.
 */
export function hashFieldTtlKeys(argv: readonly string[]): string[] {
  const entry = argv[0] ? lookup(argv[0]) : undefined;
  if (!entry?.setsFieldTtl) return [];
  const { anyToken } = entry.setsFieldTtl;
  if (anyToken.length > 0) {
    // Options come before FIELDS; after it, an "EX" is a field name or a value.
    const options: string[] = [];
    for (const word of argv.slice(1)) {
      const token = asciiUpper(word);
      if (token === 'FIELDS') break;
      options.push(token);
    }
    if (!anyToken.some((t) => options.includes(t))) return [];
  }
  return extractKeys(argv, entry.keySpecs);
}
