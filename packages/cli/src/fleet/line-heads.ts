/** Only the head of a line is kept when it spans chunks; the rest of a long line is dropped as it arrives. */
const MAX_HEAD_BYTES = 4096;

/**
 * Cuts a byte stream into lines for readers that need only each line's start (address, command, a few
 * arguments): lines inside a chunk are handed over in place, a line that spans chunks is joined, at most its
 * first 4 KiB, so memory stays bounded whatever the stream holds.
 */
export class LineHeads {
  private carry: Buffer | undefined;
  private carryTooLong = false;

  /** `onLine(buf, start, end)`: one line without its `\n`, valid only during the call. */
  constructor(private readonly onLine: (buf: Buffer, start: number, end: number) => void) {}

  write(chunk: Buffer): void {
    let pos = 0;
    if (this.carry !== undefined) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.hold(chunk);
        return;
      }
      const line = this.carryTooLong ? this.carry : Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.carry = undefined;
      this.carryTooLong = false;
      this.onLine(line, 0, Math.min(line.length, MAX_HEAD_BYTES));
      pos = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      this.onLine(chunk, pos, nl);
      pos = nl + 1;
    }
    if (pos < chunk.length) this.hold(chunk.subarray(pos));
  }

  /** The end of the stream: a last line without a line end still counts. */
  end(): void {
    if (this.carry !== undefined) this.onLine(this.carry, 0, this.carry.length);
    this.carry = undefined;
    this.carryTooLong = false;
  }

  private hold(piece: Buffer): void {
    if (this.carryTooLong) return;
    this.carry = this.carry === undefined ? Buffer.from(piece) : Buffer.concat([this.carry, piece]);
    if (this.carry.length > MAX_HEAD_BYTES) {
      this.carry = this.carry.subarray(0, MAX_HEAD_BYTES);
      this.carryTooLong = true;
    }
  }
}
