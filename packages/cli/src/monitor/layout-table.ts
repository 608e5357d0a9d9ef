import type { Verdict } from './classifier.js';
import type { ItemSet } from './invocation-plan.js';

/**
 * One way of invoking a command, as far as `categorize` can tell (`InvocationPlan`): the argument count,
 * which arguments are tokens, the key counts. Its verdicts are cached per tracking mode and, under BCAST
 * with prefixes, per coverage code (`coverage.ts`).
 */
export interface Layout {
  /** The invocation's words, command name included. */
  argc: number;
  /** `[position, token id]` pairs, flattened. */
  tokens: number[];
  keynums: number[];
  /** The arguments' quotes did not pair up past `argc`. */
  broken: boolean;
  /** `SORT_RO … BY … GET`: the name and the tokens that decide the verdict, in order of appearance. */
  shape: string;
  /** Where its keys and patterns are; undefined until needed, null when they cannot be placed. */
  items: ItemSet[] | null | undefined;
  /** By `modeId * COVERAGE_CODES + coverage code`. */
  verdicts: (Verdict | undefined)[];
}

/** Coverage codes per mode: up to two server variants, each all/none/some covered (1..3), or 0. */
export const COVERAGE_CODES = 16;
export const MAX_COVERAGE_SETS = 2;

/** Past this many layouts of one command, new ones are classified line by line instead of cached. */
const MAX_LAYOUTS = 4096;

/**
 * Layouts interned by their key, an integer tuple the audit builds from the bytes of a line without
 * making a string: `[argc, broken, position, token, ..., -1, keynum values...]`.
 */
export class LayoutTable {
  readonly layouts: Layout[] = [];
  private slots = new Int32Array(64).fill(-1);
  private hashes = new Int32Array(64);
  private keys: Int32Array[] = [];

  find(key: Int32Array, length: number, hash: number): Layout | undefined {
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = this.slots[i]!;
      if (at < 0) return undefined;
      if (this.hashes[i] === hash && sameKey(this.keys[at]!, key, length)) return this.layouts[at];
    }
  }

  /** Adds a layout for a key `find` did not know; returns false when the table is full. */
  add(key: Int32Array, length: number, hash: number, layout: Layout): boolean {
    if (this.layouts.length >= MAX_LAYOUTS) return false;
    if ((this.layouts.length + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i]! >= 0) i = (i + 1) & mask;
    this.slots[i] = this.layouts.length;
    this.hashes[i] = hash;
    this.keys.push(key.slice(0, length));
    this.layouts.push(layout);
    return true;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const hashes = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let j = 0; j < this.slots.length; j++) {
      const at = this.slots[j]!;
      if (at < 0) continue;
      let i = this.hashes[j]! & mask;
      while (slots[i]! >= 0) i = (i + 1) & mask;
      slots[i] = at;
      hashes[i] = this.hashes[j]!;
    }
    this.slots = slots;
    this.hashes = hashes;
  }
}

function sameKey(a: Int32Array, b: Int32Array, length: number): boolean {
  if (a.length !== length) return false;
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
