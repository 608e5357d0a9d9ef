import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { MonitorAudit, type MonitorAuditOptions } from './monitor-audit.js';
import { beginRange, rangeResult } from './range-result.js';
import { feedRange } from './range-reader.js';
import { RangeWatch, type Assumption } from './range-watch.js';
import { installSpeculation } from './speculation.js';

/** What the main thread gives a worker (`parallel-audit.ts`). */
export interface WorkerTask {
  path: string;
  index: number;
  warmStart: number;
  start: number;
  end: number;
  options: MonitorAuditOptions;
  /** Kilobytes done per range, for the progress bar. */
  progress: SharedArrayBuffer;
}

/**
 * A worker audits one range of a file: it starts from the client state the main thread speculated (the
 * CLIENT TRACKING lines before its warm-up, replayed), audits the warm-up before its range only to move
 * state (MULTI, CLIENT CACHING, the script caller), then its range, recording what it assumed.
 */
const task = workerData as WorkerTask;
parentPort!.once('message', (message: { speculation?: Assumption[] }) => {
  if (!message.speculation) return parentPort!.close();
  const fd = openSync(task.path, 'r');
  try {
    const audit = new MonitorAudit(task.options);
    installSpeculation(audit, message.speculation);
    audit.recording = false;
    feedRange(fd, audit, task.warmStart, task.start);
    audit.end();
    const watch = new RangeWatch(1);
    beginRange(audit, watch);
    const progress = new Int32Array(task.progress);
    feedRange(fd, audit, task.start, task.end, (done) =>
      Atomics.store(progress, task.index, Math.floor(done / 1024)),
    );
    audit.end();
    const result = rangeResult(audit, watch, watch.sawClientLine);
    parentPort!.postMessage({ result }, [result.strangers.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).stack ?? String(error) });
  } finally {
    closeSync(fd);
  }
});
