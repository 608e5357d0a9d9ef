import { readSync } from 'node:fs';
import type { LineStream } from './line-stream.js';

const CHUNK = 1 << 20;

/**
 * Feeds the bytes `[start, end)` of a file to a line stream, in one reused buffer. `end` may be asked
 * again before each chunk, given the offset read to (a range another thread may cut short: `RangeCut`).
 */
export function feedRange(
  fd: number,
  stream: LineStream,
  start: number,
  end: number | ((pos: number) => number),
  onProgress?: (done: number) => void,
  stop?: () => boolean,
): void {
  const buf = Buffer.allocUnsafe(CHUNK);
  const endAt = typeof end === 'number' ? () => end : end;
  for (let pos = start, to = endAt(pos); pos < to && !stop?.(); to = endAt(pos)) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, to - pos), pos);
    if (n <= 0) break;
    stream.write(buf.subarray(0, n));
    pos += n;
    onProgress?.(pos - start);
  }
}

/** The first line start at or after `at` (the offset after a line end), or `size`. */
export function nextLineStart(fd: number, at: number, size: number): number {
  if (at <= 0) return 0;
  const buf = Buffer.allocUnsafe(64 * 1024);
  for (let pos = at - 1; pos < size; pos += buf.length) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
    if (n <= 0) break;
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl >= 0) return pos + nl + 1;
  }
  return size;
}
