const TWO_32 = 2 ** 32;
const INITIAL_CAPACITY = 1 << 12;

/**
 * A counter per key, for keys that are integers below 2^53 (the engine's node × value pairs). A `Map<number,
 * number>` boxes every key past V8's small integers in a heap object of its own, and these keys are all past
 * them: in a large module, millions of objects the collector keeps walking. Here keys and counts sit unboxed in
 * typed arrays (open addressing, linear probing, at most half full).
 */
export class TagCounts {
  #keys = new Float64Array(INITIAL_CAPACITY);
  /** The count of the key in the same slot; 0 marks a free slot. */
  #counts = new Int32Array(INITIAL_CAPACITY);
  #size = 0;

  /** Adds one to the count of `key` and returns the new count. */
  increment(key: number): number {
    let keys = this.#keys;
    let counts = this.#counts;
    let mask = keys.length - 1;
    let slot = hash(key) & mask;
    while (counts[slot] !== 0) {
      if (keys[slot] === key) return ++counts[slot]!;
      slot = (slot + 1) & mask;
    }
    if ((this.#size + 1) * 2 > keys.length) {
      this.#grow();
      keys = this.#keys;
      counts = this.#counts;
      mask = keys.length - 1;
      slot = hash(key) & mask;
      while (counts[slot] !== 0) slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    counts[slot] = 1;
    this.#size++;
    return 1;
  }

  #grow(): void {
    const oldKeys = this.#keys;
    const oldCounts = this.#counts;
    const keys = new Float64Array(oldKeys.length * 2);
    const counts = new Int32Array(oldKeys.length * 2);
    const mask = keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldCounts[i] === 0) continue;
      let slot = hash(oldKeys[i]!) & mask;
      while (counts[slot] !== 0) slot = (slot + 1) & mask;
      keys[slot] = oldKeys[i]!;
      counts[slot] = oldCounts[i]!;
    }
    this.#keys = keys;
    this.#counts = counts;
  }
}

/** Mixes both halves of a key into 32 bits. */
function hash(key: number): number {
  const low = key >>> 0;
  const high = (key / TWO_32) >>> 0;
  const h = Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1);
  return h ^ (h >>> 15);
}
