/**
 * Commands and findings per time bucket, bounded and mergeable (the contract with the HTML report,
 * CONTRACT-timeline.md): at most 1,024 buckets; when the span outgrows them, the bucket width doubles and
 * neighbouring buckets are added together. Buckets are aligned to multiples of their width from the Unix
 * epoch, so every width's grid refines the next one's and the timeline of a whole log is the same whether
 * it was built line by line or merged from the timelines of its parts (workers, several files).
 */
export interface Timeline {
  /** Unix seconds at the start of bucket 0 (a multiple of bucketSeconds). */
  start: number;
  /** Width of one bucket in seconds: a power of two times one second (1, 2, 4, ...), or finer powers of two
   *  for captures shorter than a minute (0.0625 ... 0.5). */
  bucketSeconds: number;
  /** Parallel arrays, one entry per bucket, same length. */
  commands: number[];
  trackedCommands: number[];
  partial: number[];
  none: number[];
  unknown: number[];
  silentWrites: number[];
}

export const MAX_BUCKETS = 1024;
/** The finest width: 1/16 s, so that 1,024 buckets span a minute. */
const UNITS_PER_SECOND = 16;
const MICROS_PER_UNIT = 1_000_000 / UNITS_PER_SECOND;

export const SERIES = ['commands', 'trackedCommands', 'partial', 'none', 'unknown', 'silentWrites'] as const;
export type Series = (typeof SERIES)[number];
export const COMMANDS = 0;
export const TRACKED = 1;
export const PARTIAL = 2;
export const NONE = 3;
export const UNKNOWN = 4;
export const SILENT_WRITES = 5;

/** The state of a `TimelineBuilder`, for sending between threads. */
export interface SerializedTimeline {
  width: number;
  first: number;
  used: number;
  counts: number[][];
}

/** Builds a `Timeline` from timestamps as they come, in any order. */
export class TimelineBuilder {
  /** Bucket width in 1/16 s units: a power of two. */
  private width = 1;
  /** Absolute index (in widths from the epoch) of bucket 0; NaN before the first timestamp. */
  private first = Number.NaN;
  /** Buckets from `first` that hold something: 0 .. used - 1. */
  private used = 0;
  private readonly counts: Float64Array[];
  // The bucket of the last timestamp, in units: most lines fall in the same one as the line before.
  private lastLow = 1;
  private lastHigh = 0;
  private lastBucket = 0;

  /** `maxBuckets`: MAX_BUCKETS for an audit; fewer for a chart (`displayTimeline`). */
  constructor(private readonly maxBuckets = MAX_BUCKETS) {
    this.counts = SERIES.map(() => new Float64Array(maxBuckets));
  }

  /**
   * The bucket (an index into the series) of a timestamp, growing the timeline as needed. It takes the
   * object holding the timestamp: seconds past 2^30 are not small integers, and passing them to a function
   * that is not inlined would box them, an allocation per line.
   */
  bucket(at: { seconds: number; micros: number }): number {
    const units = at.seconds * UNITS_PER_SECOND + Math.floor(at.micros / MICROS_PER_UNIT);
    if (units >= this.lastLow && units < this.lastHigh) return this.lastBucket;
    const b = this.place(Math.floor(units / this.width));
    this.lastLow = (this.first + b) * this.width;
    this.lastHigh = this.lastLow + this.width;
    this.lastBucket = b;
    return b;
  }

  add(series: number, bucket: number, n = 1): void {
    this.counts[series]![bucket]! += n;
  }

  /** The series array, to count into directly on the hot path (valid until the next `bucket` call). */
  series(series: number): Float64Array {
    return this.counts[series]!;
  }

  /** Bucket index for an absolute index at the current width, moving the start or doubling the width. */
  private place(absolute: number): number {
    if (Number.isNaN(this.first)) {
      this.first = absolute;
      this.used = 1;
      return 0;
    }
    for (;;) {
      const low = Math.min(this.first, absolute);
      const high = Math.max(this.first + this.used - 1, absolute);
      if (high - low < this.maxBuckets) {
        if (low < this.first) this.shiftRight(this.first - low);
        const b = absolute - this.first;
        if (b >= this.used) this.used = b + 1;
        return b;
      }
      this.double();
      absolute = Math.floor(absolute / 2);
    }
  }

  private shiftRight(by: number): void {
    for (const c of this.counts) {
      c.copyWithin(by, 0, this.used);
      c.fill(0, 0, by);
    }
    this.first -= by;
    this.used += by;
  }

  private double(): void {
    const first = Math.floor(this.first / 2);
    for (const c of this.counts) {
      const next = new Float64Array(this.maxBuckets);
      for (let i = 0; i < this.used; i++) next[Math.floor((this.first + i) / 2) - first]! += c[i]!;
      c.set(next);
    }
    this.used = Math.floor((this.first + this.used - 1) / 2) - first + 1;
    this.first = first;
    this.width *= 2;
    this.lastLow = 1;
    this.lastHigh = 0;
  }

  toJSON(): SerializedTimeline {
    return {
      width: this.width,
      first: this.first,
      used: this.used,
      counts: this.counts.map((c) => Array.from(c.subarray(0, this.used))),
    };
  }

  /** Adds a timeline built over another part of the log (or another log). */
  merge(other: SerializedTimeline): void {
    if (Number.isNaN(other.first) || other.first === null || other.used === 0) return;
    while (this.width < other.width) {
      if (Number.isNaN(this.first)) this.width *= 2;
      else this.double();
    }
    for (let i = 0; i < other.used; i++) {
      // Bucket i of the other spans [ (first + i) * width, ... ) in units: place its start at our width.
      const units = (other.first + i) * other.width;
      if (other.counts.every((c) => c[i] === 0)) continue;
      const b = this.place(Math.floor(units / this.width));
      other.counts.forEach((c, s) => (this.counts[s]![b]! += c[i]!));
    }
    this.lastLow = 1;
    this.lastHigh = 0;
  }

  /** The contract's shape; undefined when no timestamp was seen. */
  finish(): Timeline | undefined {
    if (Number.isNaN(this.first)) return undefined;
    const slice = (s: number) => Array.from(this.counts[s]!.subarray(0, this.used));
    return {
      start: (this.first * this.width) / UNITS_PER_SECOND,
      bucketSeconds: this.width / UNITS_PER_SECOND,
      commands: slice(COMMANDS),
      trackedCommands: slice(TRACKED),
      partial: slice(PARTIAL),
      none: slice(NONE),
      unknown: slice(UNKNOWN),
      silentWrites: slice(SILENT_WRITES),
    };
  }
}

/** A finished timeline as a builder's state: widths and starts are exact in 1/16 s units. */
function partsOf(t: Timeline): SerializedTimeline {
  const width = Math.round(t.bucketSeconds * UNITS_PER_SECOND);
  return {
    width,
    first: Math.round((t.start * UNITS_PER_SECOND) / width),
    used: t.commands.length,
    counts: SERIES.map((s) => t[s]),
  };
}

/**
 * Timelines of several logs or nodes added together, exactly as the builder adds the parts of one log: the
 * result is the timeline one builder would make of every line of them all.
 */
export function mergeTimelines(
  timelines: readonly Timeline[],
  maxBuckets = MAX_BUCKETS,
): Timeline | undefined {
  const builder = new TimelineBuilder(maxBuckets);
  for (const t of timelines) builder.merge(partsOf(t));
  return builder.finish();
}
