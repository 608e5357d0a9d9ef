/**
 * Per-key records (counts per client address, per command name), bounded and mergeable exactly.
 *
 * It keeps the `limit` keys that come first in one fixed order, (hash, key), and the exact records of all
 * of them: a "bottom-k" sample (Cohen and Kaplan, "Summarizing data using bottom-k sketches", PODC 2007).
 * Beyond `2 × limit` keys it drops all but the first `limit` and from then on ignores any key that orders
 * after the last one kept. Because the order does not depend on when a key was seen, two of them built
 * over two halves of a log merge into exactly the one built over the whole log, in any order: each keeps
 * every key up to its threshold, and at least `limit` of them, so the first `limit` keys of the union are
 * exact in both. Below `limit` distinct keys nothing is ever dropped.
 */
export class BoundedRecords<R> {
  readonly records = new Map<string, R>();
  /** Keys ordering after (thresholdHash, thresholdKey) are ignored; unset until the first prune. */
  private thresholdHash = Infinity;
  private thresholdKey = '';

  constructor(
    readonly limit: number,
    private readonly hashOf: (key: string) => number,
  ) {}

  /** Some keys were dropped: the records are a sample of `limit` keys. */
  get sampled(): boolean {
    return this.thresholdHash !== Infinity;
  }

  /** Whether a key of this hash may be kept (exactly: `admits` when the hash ties the threshold's). */
  mayKeep(hash: number): boolean {
    return hash <= this.thresholdHash;
  }

  /** Whether a key is kept (or would be, when new). */
  admits(key: string, hash: number): boolean {
    return hash < this.thresholdHash || (hash === this.thresholdHash && key <= this.thresholdKey);
  }

  get(key: string): R | undefined {
    return this.records.get(key);
  }

  /** The record of `key`, made by `create` when new; undefined when the key lies past the threshold. */
  obtain(key: string, hash: number, create: () => R): R | undefined {
    let record = this.records.get(key);
    if (record !== undefined) return record;
    if (!this.admits(key, hash)) return undefined;
    record = create();
    this.records.set(key, record);
    if (this.records.size > 2 * this.limit) this.prune(this.limit);
    return record;
  }

  /** Keeps the first `keep` keys in (hash, key) order; returns the dropped records. */
  prune(keep: number): R[] {
    if (this.records.size <= keep) return [];
    const keys = [...this.records.keys()].map((k) => ({ k, h: this.hashOf(k) }));
    keys.sort((a, b) => a.h - b.h || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    const dropped: R[] = [];
    for (let i = keep; i < keys.length; i++) {
      dropped.push(this.records.get(keys[i]!.k)!);
      this.records.delete(keys[i]!.k);
    }
    const last = keys[keep - 1]!;
    this.lower(last.h, last.k);
    this.onDrop?.(dropped);
    return dropped;
  }

  /** Called with the records a prune drops. */
  onDrop: ((dropped: R[]) => void) | undefined;

  /** Adopts another's threshold when it is lower, dropping what lies past it. */
  lowerTo(other: { thresholdHash: number; thresholdKey: string }): void {
    if (other.thresholdHash === Infinity) return;
    this.lower(other.thresholdHash, other.thresholdKey);
    const dropped: R[] = [];
    for (const [k, r] of this.records) {
      if (!this.admits(k, this.hashOf(k))) {
        dropped.push(r);
        this.records.delete(k);
      }
    }
    if (dropped.length > 0) this.onDrop?.(dropped);
  }

  private lower(hash: number, key: string): void {
    if (hash < this.thresholdHash || (hash === this.thresholdHash && key < this.thresholdKey)) {
      this.thresholdHash = hash;
      this.thresholdKey = key;
    }
  }

  /** The threshold, for sending to another thread (Infinity: nothing dropped yet). */
  threshold(): { thresholdHash: number; thresholdKey: string } {
    return { thresholdHash: this.thresholdHash, thresholdKey: this.thresholdKey };
  }

  /** The final sample: at most `limit` keys. */
  finish(): Map<string, R> {
    this.prune(this.limit);
    return this.records;
  }
}

const newCount = () => ({ n: 0 });
const nothing = { n: 0 };

/** Counts per key, as `BoundedRecords` of numbers. */
export class BoundedCounts {
  private readonly counts: BoundedRecords<{ n: number }>;

  constructor(limit: number, hashOf: (key: string) => number) {
    this.counts = new BoundedRecords(limit, hashOf);
  }

  get sampled(): boolean {
    return this.counts.sampled;
  }

  /** Whether a key of this hash may be counted (so its string is worth making). */
  mayKeep(hash: number): boolean {
    return this.counts.mayKeep(hash);
  }

  add(key: string, hash: number, n = 1): void {
    const record = this.counts.get(key);
    if (record !== undefined) record.n += n;
    else (this.counts.obtain(key, hash, newCount) ?? nothing).n += n;
  }

  /** For sending to another thread. */
  toJSON(): SerializedCounts {
    return { entries: [...this.counts.records].map(([k, r]) => [k, r.n]), ...this.counts.threshold() };
  }

  /** Adds counts built over another part of the log. */
  merge(other: SerializedCounts, hashOf: (key: string) => number): void {
    this.counts.lowerTo(other);
    for (const [k, n] of other.entries) this.add(k, hashOf(k), n);
  }

  /** The `top` keys with the largest counts (ties by key), from the final sample. */
  top(top: number): { key: string; count: number }[] {
    return [...this.counts.finish()]
      .map(([key, r]) => ({ key, count: r.n }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, top);
  }

  get size(): number {
    return this.counts.records.size;
  }
}

export interface SerializedCounts {
  entries: [string, number][];
  thresholdHash: number;
  thresholdKey: string;
}
