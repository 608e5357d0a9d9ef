/** Of an argument longer than this, only its first bytes are kept. */
export const KEPT_ARGUMENT_BYTES = 64 * 1024;
/** A compacted line longer than this (millions of arguments) is dropped as too long. */
export const MAX_COMPACTED_BYTES = 16 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Shrinks one very long MONITOR line as it streams past, without ever holding it whole: every quoted
 * argument keeps at most its first `KEPT_ARGUMENT_BYTES` (cut between escapes, so it stays well formed)
 * and the rest of it is skipped. What a verdict reads of an argument (a
 * token, a key count, whether a BCAST prefix covers a key or a pattern's literal start) lies in those
 * first bytes, so a 50 MB value is audited like any other line at the cost of 64 KiB.
 */
export class LongLineCompactor {
  private readonly pieces: Buffer[] = [];
  private bytes = 0;
  private inQuote = false;
  /** Bytes of the current escape still to come (1 after `\`, 3 after `\x`). */
  private escapeLeft = 0;
  private afterBackslash = false;
  private argumentBytes = 0;
  private cutting = false;
  /** Backslashes that ended the previous chunk while cutting (their parity escapes a leading quote). */
  private carriedBackslashes = 0;
  /** A byte over 0x7e was seen (kept or skipped): the line is not one the server wrote. */
  nonAscii = false;
  /** The compacted line itself outgrew `MAX_COMPACTED_BYTES`. */
  overflow = false;
  /** Bytes of the original line fed so far. */
  fed = 0;

  feed(chunk: Uint8Array, start: number, end: number): void {
    this.fed += end - start;
    let i = start;
    while (i < end) {
      if (this.cutting) {
        i = this.skip(chunk, i, end);
        continue;
      }
      const from = i;
      i = this.copy(chunk, i, end);
      this.keep(chunk.subarray(from, i));
    }
  }

  /** Walks kept bytes until the chunk ends or an argument outgrows its share; returns where it stopped. */
  private copy(chunk: Uint8Array, i: number, end: number): number {
    for (; i < end; i++) {
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
        this.argumentBytes++;
        continue;
      }
      if (b === QUOTE) {
        this.inQuote = false;
        continue;
      }
      if (this.argumentBytes >= KEPT_ARGUMENT_BYTES) {
        this.cutting = true;
        this.carriedBackslashes = 0;
        return i;
      }
      if (b === BACKSLASH) {
        this.escapeLeft = 1;
        this.afterBackslash = true;
      }
      this.argumentBytes++;
    }
    return i;
  }

  /** Skips the rest of an argument up to its closing quote; returns the offset of that quote, or `end`. */
  private skip(chunk: Uint8Array, i: number, end: number): number {
    let backslashes = this.carriedBackslashes;
    let nonAscii = false;
    for (; i < end; i++) {
      const b = chunk[i]!;
      if (b === BACKSLASH) {
        backslashes++;
        continue;
      }
      if (b === QUOTE && (backslashes & 1) === 0) {
        // The closing quote: it is kept, and copying goes on from it.
        this.cutting = false;
        this.carriedBackslashes = 0;
        if (nonAscii) this.nonAscii = true;
        return i;
      }
      if (b > 0x7e) nonAscii = true;
      backslashes = 0;
    }
    this.carriedBackslashes = backslashes;
    if (nonAscii) this.nonAscii = true;
    return end;
  }

  private keep(piece: Uint8Array): void {
    if (this.overflow || piece.length === 0) return;
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
