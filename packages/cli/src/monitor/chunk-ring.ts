/**
 * Memory shared with an audit worker, used as a ring: chunks go in at the head and leave, in the order they
 * went in, when the worker says it is done with them. Nothing is allocated per chunk, so a stream of any
 * length leaves no garbage in either thread.
 */
export class ChunkRing {
  readonly memory: SharedArrayBuffer;
  private readonly bytes: Uint8Array;
  /** Where the pieces in the ring start, oldest first. */
  private readonly starts: number[] = [];
  private head = 0;

  constructor(size: number) {
    this.memory = new SharedArrayBuffer(size);
    this.bytes = new Uint8Array(this.memory);
  }

  /** Copies `piece` in and returns where it starts, or -1 when it does not fit now. */
  place(piece: Uint8Array): number {
    const start = this.fit(piece.length);
    if (start < 0) return -1;
    this.bytes.set(piece, start);
    this.starts.push(start);
    this.head = start + piece.length;
    return start;
  }

  /** The worker is done with the oldest piece. */
  release(): void {
    this.starts.shift();
    if (this.starts.length === 0) this.head = 0;
  }

  /** Where `length` contiguous free bytes start, or -1. */
  private fit(length: number): number {
    const size = this.bytes.length;
    if (this.starts.length === 0) return length <= size ? 0 : -1;
    const tail = this.starts[0]!;
    if (this.head > tail) {
      if (size - this.head >= length) return this.head;
      return length < tail ? 0 : -1;
    }
    return tail - this.head > length ? this.head : -1;
  }
}
