import { isAscii } from 'node:buffer';
import { LongLineCompactor } from './long-line-compactor.js';

/** Lines longer than this are compacted as they stream (`LongLineCompactor`) instead of being held whole. */
export const LONG_LINE_BYTES = 1024 * 1024;

/**
 * Cuts a byte stream into lines without copying them: `write` any chunk (lines may span chunks), `end`
 * at the end. Subclasses get each line as offsets into a buffer. A line longer than `LONG_LINE_BYTES` is
 * compacted while it streams, so no line, however long, is held in memory whole; one longer than
 * `maxLineBytes` (when set) is dropped as too long.
 *
 * What a line is never depends on where the chunks were cut: the same bytes give the same lines, and the
 * same verdict on each, whether they come from one buffer, a stream, or a worker's range of a file.
 */
export abstract class LineStream {
  /** Lines seen, including dropped ones: the 1-based number of the current line. */
  lineNumber = 0;
  /**
   * The current line may hold bytes over 0x7e (its chunk was not all ASCII): check it before trusting
   * it, since a line the server wrote never does.
   */
  protected mayBeNonAscii = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private compactor: LongLineCompactor | undefined;
  private discarding = false;

  /** Lines longer than this go through `continueLine` (compacted or dropped). */
  private readonly longLine: number;

  constructor(private readonly maxLineBytes: number = Infinity) {
    this.longLine = Math.min(LONG_LINE_BYTES, maxLineBytes);
  }

  /** `buf[start, end)` is one line without its `\n`; `buf` is valid only during the call. */
  protected abstract onLine(buf: Buffer, start: number, end: number): void;
  /** A line over `maxLineBytes`: its first bytes. */
  protected abstract onTooLong(head: Buffer): void;
  /** After each chunk: copy anything still needed from it, since the reader may reuse its memory. */
  protected abstract onChunkEnd(): void;

  write(chunk: Buffer): void {
    let pos = 0;
    const ascii = isAscii(chunk);
    if (this.discarding || this.compactor || this.pendingBytes > 0) {
      const nl = chunk.indexOf(10);
      const stop = nl < 0 ? chunk.length : nl;
      this.continueLine(chunk, stop, ascii);
      if (nl < 0) {
        this.onChunkEnd();
        return;
      }
      this.finishLine();
      pos = nl + 1;
    }
    this.mayBeNonAscii = !ascii;
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      if (nl - pos > this.longLine) {
        this.continueLine(chunk.subarray(0, nl), nl, ascii, pos);
        this.finishLine();
      } else {
        this.lineNumber++;
        this.onLine(chunk, pos, nl);
      }
      pos = nl + 1;
    }
    if (pos < chunk.length) this.continueLine(chunk, chunk.length, ascii, pos);
    this.onChunkEnd();
  }

  /** The end of the stream: a last line without a line end still counts. */
  end(): void {
    if (this.discarding || this.compactor || this.pendingBytes > 0) this.finishLine();
  }

  /** More bytes of the line in progress: `chunk[from, stop)`. */
  private continueLine(chunk: Buffer, stop: number, ascii: boolean, from = 0): void {
    if (this.discarding) return;
    const length = this.pendingBytes + (this.compactor?.fed ?? 0) + (stop - from);
    if (length > this.maxLineBytes) {
      this.tooLong(chunk.subarray(from, stop));
      return;
    }
    if (!this.compactor && length <= LONG_LINE_BYTES) {
      if (stop > from) {
        this.pending.push(Buffer.from(chunk.subarray(from, stop)));
        this.pendingBytes += stop - from;
        if (!ascii) this.pendingNonAscii = true;
      }
      return;
    }
    if (!this.compactor) {
      this.compactor = new LongLineCompactor();
      for (const piece of this.pending) this.compactor.feed(piece, 0, piece.length);
      this.pending = [];
      this.pendingBytes = 0;
    }
    this.compactor.feed(chunk, from, stop);
  }

  private pendingNonAscii = false;

  private tooLong(tail: Buffer): void {
    const head = this.pending.length > 0 ? Buffer.concat(this.pending).subarray(0, 80) : tail.subarray(0, 80);
    this.lineNumber++;
    this.onTooLong(Buffer.from(head));
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingNonAscii = false;
    this.compactor = undefined;
    this.discarding = true;
  }

  /** The line in progress ended (at a line end or the end of the stream). */
  private finishLine(): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    let line: Buffer | undefined;
    let nonAscii: boolean;
    let compacted = false;
    if (this.compactor) {
      line = this.compactor.finish();
      nonAscii = this.compactor.nonAscii;
      compacted = true;
      this.compactor = undefined;
    } else {
      line = Buffer.concat(this.pending, this.pendingBytes);
      nonAscii = this.pendingNonAscii;
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingNonAscii = false;
    if (!line) {
      this.lineNumber++;
      this.onTooLong(Buffer.alloc(0));
      return;
    }
    const saved = this.mayBeNonAscii;
    this.mayBeNonAscii = nonAscii;
    // A compacted line that skipped bytes over 0x7e must still be rejected: say so with a byte of its own. A
    // line held whole shows its own bytes (its chunk's other bytes, a byte order mark before it, are not its).
    if (compacted && nonAscii && isAscii(line)) line = Buffer.concat([line, Buffer.from([0xff])]);
    this.lineNumber++;
    this.onLine(line, 0, line.length);
    this.mayBeNonAscii = saved;
  }
}
