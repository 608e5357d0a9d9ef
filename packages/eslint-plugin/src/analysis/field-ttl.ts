import { basename } from 'node:path';
import { hashFieldTtlKeys } from '@valkey-track/rules-data';
import type { FlowBuilder } from './flow/builder.js';
import { instantiate } from './instantiate.js';
import { readVariants } from './read-words.js';
import { isKnown, isUnknownRest } from './static-args.js';

/**
 * A key whose hash fields a write gives TTLs (HEXPIRE family; HSETEX/HGETEX with EX, PX, EXAT or PXAT): a
 * literal key, or the literal start of one built at run time (`` `session:${id}` `` is `session:` + prefix),
 * with the write that does it, for messages.
 */
export interface FieldTtlKey {
  key: string;
  prefix: boolean;
  /** The write, as the server names it: `HSETEX`. */
  command: string;
  line: number;
  /** The module of the write, when it is not the module being linted. */
  file?: string;
}

/** What the verdicts need: which keys carry field TTLs, and why, as a message says it. */
export interface FieldTtlFacts {
  test: (key: string) => boolean;
  /** Which write gives the key field TTLs, for the message; undefined when none does. */
  describe: (key: string) => string | undefined;
  /** A stable text for the set of keys, for memoizing verdicts that depend on it. */
  fingerprint: string;
}

/** A word the module does not show stands for this in `hashFieldTtlKeys`: never an option token. */
const UNKNOWN = '\u0000';

/** Commands that can give hash fields TTLs (rules-data `setsFieldTtl`); a cheap filter before the words. */
const fieldTtlCommand = /^h(?:p?expire(?:at)?|setex|getex)$/i;

/** Whether a module's text can give hash fields TTLs at all (names one of the commands), before parsing it. */
export const mentionsFieldTtl = (text: string): boolean => /\bh(?:p?expire(?:at)?|setex|getex)\b/i.test(text);

/**
 * Every key (or key prefix) the module's commands give field TTLs, from the words each invocation sends
 * (constants, template heads and wrapper arguments evaluated as for reads). An option the module does not
 * show is no field TTL: the rule reports only what the code says.
 */
export function fieldTtlKeys(b: FlowBuilder, file?: string): FieldTtlKey[] {
  const found = new Map<string, FieldTtlKey>();
  for (const read of b.reads) {
    // An imported function's commands give TTLs in its own module, which its summary reports.
    if (read.shape.style === 'marker' || read.shape.style === 'imported') continue;
    // A helper that takes the key (`expireField(key, field, s)`) gives TTLs to what its callers pass.
    const variants = readVariants(b, read).flatMap((words) =>
      instantiate(b, words, read.enclosing).map((instance) => instance.words),
    );
    for (const words of variants) {
      const first = words[0];
      if (first === undefined || !isKnown(first) || !fieldTtlCommand.test(first)) continue;
      const heads = new Map<string, string>();
      const argv = words.map((word, index) => {
        if (isKnown(word)) return word;
        if (isUnknownRest(word)) return UNKNOWN;
        const placeholder = `${UNKNOWN}${index}`;
        heads.set(placeholder, word.head);
        return placeholder;
      });
      for (const key of hashFieldTtlKeys(argv)) {
        const head = heads.get(key);
        // A key with no literal start says nothing about which reads it touches.
        if (head === '' || (head === undefined && key.startsWith(UNKNOWN))) continue;
        const entry: FieldTtlKey = {
          ...(head === undefined ? { key, prefix: false } : { key: head, prefix: true }),
          command: first.toUpperCase(),
          line: read.site.node.loc.start.line,
          ...(file ? { file } : {}),
        };
        const id = `${entry.prefix ? '*' : '='}${entry.key}`;
        if (!found.has(id)) found.set(id, entry);
      }
    }
  }
  return [...found.values()];
}

const matches = (k: FieldTtlKey, key: string) => (k.prefix ? key.startsWith(k.key) : key === k.key);

const shownKey = (k: FieldTtlKey) => `\`${k.key}${k.prefix ? '…' : ''}\``;

/** Where a message says the TTLs come from: `HSETEX` of `session:…` (line 12, or sessions.ts line 12). */
const describeKey = (k: FieldTtlKey) =>
  `\`${k.command}\` gives the fields of ${shownKey(k)} TTLs (${k.file ? `${basename(k.file)} ` : ''}line ${k.line})`;

/** The facts verdicts take for a set of keys; undefined when no key carries field TTLs. */
export function fieldTtlFacts(keys: readonly FieldTtlKey[]): FieldTtlFacts | undefined {
  if (keys.length === 0) return undefined;
  return {
    test: (key) => keys.some((k) => matches(k, key)),
    describe: (key) => {
      const k = keys.find((candidate) => matches(candidate, key));
      return k && describeKey(k);
    },
    fingerprint: keys.map((k) => `${k.prefix ? '*' : '='}${k.key}\u0002${describeKey(k)}`).join('\u0001'),
  };
}
