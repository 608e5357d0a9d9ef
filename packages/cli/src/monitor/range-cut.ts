import { nextLineStart } from './range-reader.js';

const NONE = -1n;
const REQUESTED = 0;
const CONFIRMED = 1;

/**
 * Where a worker's range ends, agreed while the worker reads it: the main thread, done with its own range,
 * asks the worker to stop at a line start further on and audits the rest itself (`parallel-audit.ts`), so
 * the two threads finish together whichever started late or ran slower. Two words shared between them:
 * the offset asked for, and the end the worker settled on. The worker looks at the first before each
 * chunk it reads and writes the second once: the end it will stop at, or its range's own end when it got
 * there first.
 */
export class RangeCut {
  private readonly words: BigInt64Array;

  constructor(readonly shared: SharedArrayBuffer = new SharedArrayBuffer(16)) {
    this.words = new BigInt64Array(shared);
  }

  static create(): RangeCut {
    const cut = new RangeCut();
    cut.words.fill(NONE);
    return cut;
  }

  /** Main thread: asks the worker to stop at `at` (a line start); `settled` says where it will. */
  request(at: number): void {
    Atomics.store(this.words, REQUESTED, BigInt(at));
  }

  /**
   * Main thread: the end the worker settled on, once it has; undefined when `gone` says the worker stopped
   * first (it failed: its range is redone).
   */
  async settled(gone: () => boolean): Promise<number | undefined> {
    for (;;) {
      const end = Atomics.load(this.words, CONFIRMED);
      if (end !== NONE) return Number(end);
      if (gone()) return undefined;
      // A bounded wait, so a worker that died without settling is noticed.
      const wait = Atomics.waitAsync(this.words, CONFIRMED, NONE, 100);
      if (wait.async) await wait.value;
    }
  }

  /**
   * Worker: where its range (to `end`), read so far up to `pos`, ends now. Asked to stop at an offset it has
   * read past (the main thread saw its progress late), it stops at the next line start instead.
   */
  endAt(fd: number, pos: number, end: number): number {
    const settled = Atomics.load(this.words, CONFIRMED);
    if (settled !== NONE) return Number(settled);
    const asked = Atomics.load(this.words, REQUESTED);
    if (asked === NONE) return end;
    const at = Math.min(end, pos <= Number(asked) ? Number(asked) : nextLineStart(fd, pos, end));
    this.settle(at);
    return at;
  }

  /** Worker: the range is read to `end`; a later request finds nothing left to take. */
  close(end: number): void {
    if (Atomics.load(this.words, CONFIRMED) === NONE) this.settle(end);
  }

  /** Whether the worker stopped before its range's own end. */
  cutBefore(end: number): boolean {
    const at = Atomics.load(this.words, CONFIRMED);
    return at !== NONE && Number(at) < end;
  }

  private settle(at: number): void {
    Atomics.store(this.words, CONFIRMED, BigInt(at));
    Atomics.notify(this.words, CONFIRMED);
  }
}
