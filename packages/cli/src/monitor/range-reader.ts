import { readSync } from 'node:fs';
import type { LineStream } from './line-stream.js';

const CHUNK = 1 << 20;

/** Feeds the bytes `[start, end)` of a file to a line stream, in one reused buffer. */
export function feedRange(
  fd: number,
  stream: LineStream,
  start: number,
  end: number,
  onProgress?: (done: number) => void,
  stop?: () => boolean,
): void {
  const buf = Buffer.allocUnsafe(CHUNK);
  for (let pos = start; pos < end && !stop?.();) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, end - pos), pos);
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
