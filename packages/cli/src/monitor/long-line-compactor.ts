/** Of an argument longer than this, only its first bytes are kept. */
export const KEPT_ARGUMENT_BYTES = 64 * 1024;
/** A compacted line longer than this (millions of arguments) is dropped as too long. */
export const MAX_COMPACTED_BYTES = 16 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Shrinks one very long MONITOR line as it streams past, without ever holding it whole: every quoted
 * argument keeps at most its first `KEPT_ARGUMENT_BYTES` (cut between escapes, so it stays well formed)
 * and the rest of it is skipped. What a verdict reads of an argument (a token, a key count, whether a
 * BCAST prefix covers a key or a pattern's literal start) lies in those first bytes, so a 50 MB value is
 * audited like any other line at the cost of 64 KiB.
 */
export class LongLineCompactor {
  private readonly pieces: Buffer[] = [];
  private bytes = 0;
  private inQuote = false;
  /** Bytes of the current escape still to come (1 after `\`, 3 after `\x`, ...). */
  private escapeLeft = 0;
  private afterBackslash = false;
  private argumentBytes = 0;
  private cutting = false;
  /** A byte over 0x7e was seen (kept or skipped): the line is not one the server wrote. */
  nonAscii = false;
  /** The compacted line itself outgrew `MAX_COMPACTED_BYTES`. */
  overflow = false;
  /** Bytes of the original line fed so far. */
  fed = 0;

  feed(chunk: Uint8Array, start: number, end: number): void {
    this.fed += end - start;
    let copyFrom = start;
    const flush = (to: number) => {
      if (to > copyFrom) this.keep(chunk.subarray(copyFrom, to));
    };
    for (let i = start; i < end; i++) {
      const b = chunk[i]!;
      if (b > 0x7e) this.nonAscii = true;
      if (!this.inQuote) {
        if (b === QUOTE) {
          this.inQuote = true;
          this.argumentBytes = 0;
        }
        continue;
      }
      if (this.escapeLeft > 0) {
        // Inside an escape: `\x` needs two more hex digits.
        if (this.afterBackslash) {
          this.afterBackslash = false;
          this.escapeLeft = b === 0x78 ? 2 : 0;
        } else {
          this.escapeLeft--;
        }
        if (!this.cutting) this.argumentBytes++;
        continue;
      }
      if (b === BACKSLASH) {
        this.escapeLeft = 1;
        this.afterBackslash = true;
        if (this.cutting) continue;
        if (this.argumentBytes >= KEPT_ARGUMENT_BYTES) {
          flush(i);
          this.cutting = true;
          continue;
        }
        this.argumentBytes++;
        continue;
      }
      if (b === QUOTE) {
        this.inQuote = false;
        if (this.cutting) {
          this.cutting = false;
          copyFrom = i;
        }
        continue;
      }
      if (this.cutting) continue;
      if (this.argumentBytes >= KEPT_ARGUMENT_BYTES) {
        flush(i);
        this.cutting = true;
        continue;
      }
      this.argumentBytes++;
    }
    if (!this.cutting) flush(end);
  }

  private keep(piece: Uint8Array): void {
    if (this.overflow) return;
    if (this.bytes + piece.length > MAX_COMPACTED_BYTES) {
      this.overflow = true;
      this.pieces.length = 0;
      return;
    }
    this.pieces.push(Buffer.from(piece));
    this.bytes += piece.length;
  }

  /** The compacted line, or undefined when it overflowed. */
  finish(): Buffer | undefined {
    return this.overflow ? undefined : Buffer.concat(this.pieces, this.bytes);
  }
}
