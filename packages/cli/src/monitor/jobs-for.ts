import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** No range smaller than this: a worker costs about 50 ms to start. */
export const MIN_RANGE_BYTES = 32 * 1024 * 1024;

/**
 * `auto` never uses more threads than this: each worker costs about 25 MiB resident, and the audit keeps
 * within 128 MiB; the bytes come from one disk anyway.
 */
const MAX_AUTO_JOBS = 3;

/**
 * How many threads to audit `path` with, its size, and whether it is a regular, uncompressed file (read by
 * the workers themselves, in ranges); stdin and gzip stream through one worker.
 */
export function jobsFor(
  path: string,
  jobs: number | 'auto' = 'auto',
): { jobs: number; size: number; plain: boolean } {
  const stream = { jobs: 1, size: 0, plain: false };
  if (path === '-') return stream;
  let size: number;
  try {
    const info = statSync(path);
    if (!info.isFile()) return stream;
    size = info.size;
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    closeSync(fd);
    if (head[0] === 0x1f && head[1] === 0x8b) return stream;
  } catch {
    // openLog reports what is wrong with the path.
    return stream;
  }
  if (jobs !== 'auto') return { jobs: Math.max(1, Math.floor(jobs)), size, plain: true };
  const byCores = Math.min(availableParallelism(), MAX_AUTO_JOBS);
  return { jobs: Math.max(1, Math.min(byCores, Math.floor(size / MIN_RANGE_BYTES))), size, plain: true };
}

/**
 * The audit threads an audit in `jobs` ranges starts before it reads the file: one per range after the
 * first (the main thread audits that one), and at least one (a single range runs in a thread of its own).
 */
export const threadsFor = (jobs: number): number => Math.max(1, jobs - 1);
