import { isAscii } from 'node:buffer';

/**
 * Cuts a byte stream into lines without copying them: `write` any chunk (lines may span chunks), `end`
 * at the end. Subclasses get each line as offsets into a buffer. A line longer than `maxLineBytes` is
 * dropped as it arrives, so a file without line ends cannot exhaust memory.
 */
export abstract class LineStream {
  /** Lines seen, including dropped ones: the 1-based number of the current line. */
  lineNumber = 0;
  /** The current line comes from a chunk with bytes over 0x7e, which a MONITOR line never holds. */
  protected strict = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;

  constructor(private readonly maxLineBytes: number) {}

  /** `buf[start, end)` is one line without its `\n`; `buf` is valid only during the call. */
  protected abstract onLine(buf: Buffer, start: number, end: number): void;
  /** A line over `maxLineBytes`: its first bytes. */
  protected abstract onTooLong(head: Buffer): void;
  /** After each chunk: copy anything still needed from it, since the reader may reuse its memory. */
  protected abstract onChunkEnd(): void;

  write(chunk: Buffer): void {
    let pos = 0;
    const strict = !isAscii(chunk);
    if (this.discarding || this.pendingBytes > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.hold(chunk);
        return;
      }
      if (this.discarding) {
        this.discarding = false;
      } else {
        const head = Buffer.concat([...this.pending, chunk.subarray(0, nl)]);
        this.pending = [];
        this.pendingBytes = 0;
        this.strict = !isAscii(head);
        this.lineNumber++;
        this.onLine(head, 0, head.length);
      }
      pos = nl + 1;
    }
    this.strict = strict;
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      this.lineNumber++;
      this.onLine(chunk, pos, nl);
      pos = nl + 1;
    }
    if (pos < chunk.length) this.hold(chunk.subarray(pos));
    this.onChunkEnd();
  }

  /** The end of the stream: a last line without a line end still counts. */
  end(): void {
    if (this.pendingBytes > 0 && !this.discarding) {
      const tail = Buffer.concat(this.pending);
      this.strict = !isAscii(tail);
      this.lineNumber++;
      this.onLine(tail, 0, tail.length);
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = false;
  }

  private hold(piece: Buffer): void {
    if (this.discarding) return;
    this.pending.push(Buffer.from(piece));
    this.pendingBytes += piece.length;
    if (this.pendingBytes > this.maxLineBytes) {
      this.lineNumber++;
      this.onTooLong(Buffer.concat(this.pending).subarray(0, 80));
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = true;
    }
  }
}
