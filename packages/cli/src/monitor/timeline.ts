/**
 * Commands and findings per time bucket, as CONTRACT-timeline.md defines them (issue 10 owns computing this
 * on the audit's hot path; this is the simple version the HTML report was built against).
 *
 * Bounded: at most 1,024 buckets. When the span outgrows them, the bucket width doubles and neighbouring
 * buckets are added together, so a day of traffic and a 30 ms capture both fill the chart.
 */
export interface Timeline {
  /** Unix seconds at the start of bucket 0 (a multiple of bucketSeconds). */
  start: number;
  /** Width of one bucket in seconds: a power of two (1/16 s and up). */
  bucketSeconds: number;
  /** Parallel arrays, one entry per bucket, same length. */
  commands: number[];
  trackedCommands: number[];
  partial: number[];
  none: number[];
  unknown: number[];
  silentWrites: number[];
}

export type TimelineSeries = Exclude<keyof Timeline, 'start' | 'bucketSeconds'>;
export const timelineSeries: readonly TimelineSeries[] = [
  'commands',
  'trackedCommands',
  'partial',
  'none',
  'unknown',
  'silentWrites',
];

export const MAX_BUCKETS = 1024;
/** The finest bucket: a capture of a few milliseconds still lands in one bucket, not thousands. */
export const FINEST_BUCKET_SECONDS = 1 / 16;

const DOT = 0x2e;

/**
 * Builds a `Timeline` line by line: `at` places a line's timestamp (read from the bytes), then the `count*`
 * calls add to that line's bucket.
 */
export class TimelineBuilder {
  private width = FINEST_BUCKET_SECONDS;
  /** The absolute index (start / width) of bucket 0. */
  private first = 0;
  private length = 0;
  private current = 0;
  private readonly series: Record<TimelineSeries, Float64Array> = {
    commands: new Float64Array(MAX_BUCKETS),
    trackedCommands: new Float64Array(MAX_BUCKETS),
    partial: new Float64Array(MAX_BUCKETS),
    none: new Float64Array(MAX_BUCKETS),
    unknown: new Float64Array(MAX_BUCKETS),
    silentWrites: new Float64Array(MAX_BUCKETS),
  };
  /** The earliest and latest timestamps placed, in seconds. */
  firstSeconds = Infinity;
  lastSeconds = -Infinity;
  /** The whole second of the last line placed, and where the latest line's fraction is (see `settle`). */
  private whole = -1;
  private high = -1;
  private mid = -1;
  private low = -1;
  /** The current bucket's part of the whole second, in microseconds. */
  private fromMicros = 0;
  private toMicros = 0;
  private lastBuf: Uint8Array | undefined;
  private lastStart = 0;
  private lastEnd = 0;

  /**
   * Places the line whose timestamp is `buf[start, end)` (`1700000000.123456`). A timestamp with a byte that
   * is not a digit leaves the line in the previous line's bucket.
   */
  at(buf: Uint8Array, start: number, end: number): void {
    // Most lines fall in the previous line's bucket: same whole second (compared as three integers of the
    // ten digits every timestamp from 2001 to 2286 has) and, for buckets under a second, a fraction inside it.
    if (end - start === 17) {
      const high = (buf[start]! << 24) | (buf[start + 1]! << 16) | (buf[start + 2]! << 8) | buf[start + 3]!;
      const mid =
        (buf[start + 4]! << 24) | (buf[start + 5]! << 16) | (buf[start + 6]! << 8) | buf[start + 7]!;
      const low = (buf[start + 8]! << 8) | buf[start + 9]!;
      if (low === this.low && mid === this.mid && high === this.high) {
        if (this.width >= 1 || this.inCurrentBucket(buf, start + 11)) {
          this.lastBuf = buf;
          this.lastStart = start + 11;
          this.lastEnd = end;
          return;
        }
      } else {
        this.high = high;
        this.mid = mid;
        this.low = low;
      }
    } else {
      this.low = -1;
    }
    let seconds = 0;
    let i = start;
    for (; i < end; i++) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      seconds = seconds * 10 + d;
    }
    let fraction = 0;
    let scale = 1;
    const dot = i;
    for (i++; i < end; i++) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      fraction = fraction * 10 + d;
      scale *= 10;
    }
    if (buf[dot] !== DOT || dot === start || i !== end) {
      this.low = -1;
      return;
    }
    this.settle();
    this.whole = seconds;
    this.place(seconds + fraction / scale);
    const from = ((this.first + this.current) * this.width - seconds) * 1e6;
    this.fromMicros = from;
    this.toMicros = from + this.width * 1e6;
  }

  /** Whether the six-digit fraction at `buf[at]` lies in the current bucket (of the same whole second). */
  private inCurrentBucket(buf: Uint8Array, at: number): boolean {
    let micros = 0;
    for (let i = at; i < at + 6; i++) micros = micros * 10 + buf[i]! - 0x30;
    return micros >= this.fromMicros && micros < this.toMicros;
  }

  /** Reads the fraction of the latest line the fast path of `at` only kept the place of. */
  settle(): void {
    const buf = this.lastBuf;
    if (buf === undefined) return;
    this.lastBuf = undefined;
    let fraction = 0;
    let scale = 1;
    for (let i = this.lastStart; i < this.lastEnd; i++) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) return;
      fraction = fraction * 10 + d;
      scale *= 10;
    }
    const seconds = this.whole + fraction / scale;
    if (seconds > this.lastSeconds) this.lastSeconds = seconds;
  }

  /** Places a line at `seconds` (Unix time). */
  place(seconds: number): void {
    if (seconds < this.firstSeconds) this.firstSeconds = seconds;
    if (seconds > this.lastSeconds) this.lastSeconds = seconds;
    let index = Math.floor(seconds / this.width);
    if (this.length === 0) {
      this.first = index;
      this.length = 1;
      this.current = 0;
      return;
    }
    while (Math.max(index, this.first + this.length - 1) - Math.min(index, this.first) >= MAX_BUCKETS) {
      this.coarsen();
      index = Math.floor(seconds / this.width);
    }
    if (index < this.first) this.shift(this.first - index);
    this.current = index - this.first;
    if (this.current >= this.length) this.length = this.current + 1;
  }

  /** Counts a command line in the current bucket; `tracked` when its client was tracking. */
  countCommand(tracked: boolean): void {
    this.series.commands[this.current]!++;
    if (tracked) this.series.trackedCommands[this.current]!++;
  }

  /** Counts an uncovered read, a read the data does not know, or a silent write, in the current bucket. */
  countFinding(series: 'partial' | 'none' | 'unknown' | 'silentWrites'): void {
    this.series[series][this.current]!++;
  }

  /** The timeline so far; undefined before any line. */
  toTimeline(): Timeline | undefined {
    this.settle();
    if (this.length === 0) return undefined;
    const slice = (name: TimelineSeries) => Array.from(this.series[name].subarray(0, this.length));
    return {
      start: this.first * this.width,
      bucketSeconds: this.width,
      commands: slice('commands'),
      trackedCommands: slice('trackedCommands'),
      partial: slice('partial'),
      none: slice('none'),
      unknown: slice('unknown'),
      silentWrites: slice('silentWrites'),
    };
  }

  /** Doubles the bucket width, adding neighbouring buckets together. */
  private coarsen(): void {
    const first = Math.floor(this.first / 2);
    const shift = this.first - 2 * first;
    for (const values of Object.values(this.series)) {
      for (let i = 0; i < this.length; i++) {
        const v = values[i]!;
        values[i] = 0;
        values[(i + shift) >> 1]! += v;
      }
    }
    this.length = ((this.length - 1 + shift) >> 1) + 1;
    this.current = (this.current + shift) >> 1;
    this.first = first;
    this.width *= 2;
    this.low = -1;
  }

  /** Moves every bucket `by` places later, for a line earlier than bucket 0 (logs joined out of order). */
  private shift(by: number): void {
    for (const values of Object.values(this.series)) {
      values.copyWithin(by, 0, this.length);
      values.fill(0, 0, by);
    }
    this.first -= by;
    this.length += by;
    this.low = -1;
  }
}
