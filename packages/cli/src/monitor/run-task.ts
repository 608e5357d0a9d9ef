import type { Worker } from 'node:worker_threads';
import { WORKER_LIMITS } from './audit-threads.js';
import type { TaskMessage } from './audit-worker.js';
import type { RangeResult } from './range-result.js';

/** A stream's gzip data is corrupt or truncated (the worker's zlib said so): the input's fault, not the audit's. */
export class GzipDataError extends Error {
  override name = 'GzipDataError';
}

/** Gives an audit thread its task; the promise settles with what it sends back. */
export function runTask(worker: Worker, message: TaskMessage): Promise<RangeResult | undefined> {
  const done = new Promise<RangeResult | undefined>((resolve, reject) => {
    worker.on('message', (m: { result?: RangeResult; error?: string; gzipData?: boolean }) => {
      if (m.error) reject(m.gzipData ? new GzipDataError(m.error) : new Error(`a worker failed: ${m.error}`));
      else if (m.result) resolve(m.result);
    });
    worker.once('error', (error: Error & { code?: string }) =>
      reject(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(`the audit ran out of its ${WORKER_LIMITS.maxOldGenerationSizeMb} MB of memory`)
          : error,
      ),
    );
    worker.once('exit', () => resolve(undefined));
  });
  worker.postMessage(message);
  return done;
}
