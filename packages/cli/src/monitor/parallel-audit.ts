import { closeSync, openSync } from 'node:fs';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Progress } from '../report/progress-bar.js';
import type { WorkerTask } from './audit-worker.js';
import { MonitorAudit, type MonitorAuditOptions } from './monitor-audit.js';
import { absorb, mismatch, type RangeResult } from './range-result.js';
import { feedRange, nextLineStart } from './range-reader.js';
import { speculate } from './speculation.js';
import { snapshot, type StartState } from './start-state.js';
import { FieldTtlFinder } from './field-ttl-prepass.js';
import { findTrackingLines } from './tracking-prepass.js';

/** Each worker's range starts this far into the log's bytes before it, to learn what clients are in the middle of. */
const WARM_UP_BYTES = 4 * 1024 * 1024;
/** Past this many CLIENT TRACKING lines before the last range, the ranges are audited one after another. */
const MAX_TRACKING_LINES = 10_000;
/** No range smaller than this: a worker costs about 50 ms to start. */
export const MIN_RANGE_BYTES = 32 * 1024 * 1024;

/**
 * A worker's memory: a small young generation (a range's audit allocates little per line, and V8's
 * default grows to 32 MB under connection churn) and an old generation well above what the audit keeps
 * (clients past the registry's cap are evicted, every sample is bounded).
 */
export const WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 };

export interface ParallelOutcome {
  /** The merged audit of the whole file (its lines were read in workers). */
  audit: MonitorAudit;
  /** Ranges audited from a guessed start and taken as they were. */
  workerRanges: number;
  /** Ranges redone from the true start, and why. */
  redone: string[];
}

/** For tests: where the ranges start, and how much each worker warms up on. */
export interface SplitOptions {
  boundaries?: number[];
  warmUpBytes?: number;
}

interface Range {
  warmStart: number;
  start: number;
  end: number;
}

/** Splits a file into `jobs` ranges that start and end at line starts. */
function ranges(fd: number, size: number, jobs: number, split: SplitOptions): Range[] {
  const starts = [0];
  const nominal =
    split.boundaries ?? Array.from({ length: jobs - 1 }, (_, i) => Math.floor((size * (i + 1)) / jobs));
  for (const at of nominal) {
    const start = nextLineStart(fd, at, size);
    if (start > starts[starts.length - 1]! && start < size) starts.push(start);
  }
  const warmUp = split.warmUpBytes ?? WARM_UP_BYTES;
  return starts.map((start, i) => ({
    warmStart: i === 0 ? 0 : nextLineStart(fd, Math.max(0, start - warmUp), size),
    start,
    end: starts[i + 1] ?? size,
  }));
}

const finish = (audit: MonitorAudit, result: RangeResult | undefined): MonitorAudit => {
  absorb(audit, need(result));
  return audit;
};

const need = (result: RangeResult | undefined): RangeResult => {
  if (!result) throw new Error('an audit worker stopped before it was done');
  return result;
};

/** Starts a worker on a task; the promise settles with what it sends back. */
export function startWorker(task: WorkerTask): { worker: Worker; done: Promise<RangeResult | undefined> } {
  // The process's own flags (`--input-type`, `--eval`, heap sizes) are not the worker's: it has its limits.
  const options = { workerData: task, resourceLimits: WORKER_LIMITS, execArgv: [] };
  let worker: Worker;
  if (!import.meta.url.endsWith('.ts')) {
    worker = new Worker(new URL('./audit-worker.js', import.meta.url), options);
  } else {
    // Run from the TypeScript sources (the test suites, through tsx): the worker needs tsx's loader too.
    const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./audit-worker.ts', import.meta.url).href)});`;
    worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), options);
  }
  const done = new Promise<RangeResult | undefined>((resolve, reject) => {
    worker.on('message', (m: { result?: RangeResult; error?: string }) => {
      if (m.error) reject(new Error(`a worker failed: ${m.error}`));
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
  return { worker, done };
}

/**
 * Audits a regular file in worker threads, `jobs` ranges at once: the first from the true start, the others
 * from a start speculated from the CLIENT TRACKING lines before them (`speculation.ts`) and the writes that
 * gave hash fields TTLs (`FieldTtlFinder`). Then, in order, the main thread checks each result against the true
 * state (everything before it, merged) and adds it, or redoes its range from the true start. The report is the
 * same, byte for byte, as one thread's.
 */
export async function auditInParallel(
  path: string,
  size: number,
  jobs: number,
  options: MonitorAuditOptions,
  progress?: Progress,
  split: SplitOptions = {},
): Promise<ParallelOutcome> {
  const fd = openSync(path, 'r');
  const workers: Worker[] = [];
  try {
    const parts = ranges(fd, size, jobs, split);
    const shared = new SharedArrayBuffer(4 * parts.length);
    const done = new Int32Array(shared);
    const workerOptions: MonitorAuditOptions = {
      ...options,
      assumed: (options.assumed ?? []).filter((a) => a.address === '*'),
    };
    const run = (index: number, exact: boolean) => {
      const part = parts[index]!;
      const { worker, done: result } = startWorker({
        kind: 'range',
        path,
        index,
        ...part,
        ...(exact ? { warmStart: part.start } : {}),
        exact,
        options: workerOptions,
        progress: shared,
      });
      workers.push(worker);
      return { worker, result };
    };
    const last = parts.length - 1;
    // The workers of the later ranges start (a thread, its modules, its command table) while this thread
    // searches the file for CLIENT TRACKING lines; they wait for the start it guesses.
    const guessed = parts.slice(1).map((_, i) => run(i + 1, false));
    const audit = new MonitorAudit(options);
    const fieldTtls = new FieldTtlFinder();
    const events =
      last > 0
        ? findTrackingLines(fd, parts[last]!.warmStart, MAX_TRACKING_LINES, undefined, fieldTtls)
        : undefined;
    if (!events) {
      // Gone before the one that audits the whole file grows: their memory is not added to its peak.
      await Promise.all(guessed.map(({ worker }) => worker.terminate()));
      // One thread (or too many connections to guess from: connection churn), in a worker whose memory is
      // capped, for the whole file.
      const one = run(0, true);
      one.worker.postMessage({ start: snapshot(audit), to: size, last: true });
      const report = setInterval(() => progress?.update(Atomics.load(done, 0) * 1024), 100);
      try {
        return {
          audit: finish(audit, await one.result),
          workerRanges: 0,
          redone: last > 0 ? ['all: too many CLIENT TRACKING lines to split the file'] : [],
        };
      } finally {
        clearInterval(report);
      }
    }
    // With at most MAX_TRACKING_LINES tracking connections before the last range, the main thread keeps
    // little client state: it audits the first range itself. A range whose guess was wrong is redone in a
    // worker from the true state (it may hold more than the count saw).
    const guesses = speculate(
      events,
      options.assumed ?? [],
      parts.slice(1).map((p) => p.warmStart),
    );
    guessed.forEach(({ worker }, i) =>
      worker.postMessage({
        start: {
          states: guesses[i],
          caller: undefined,
          lineOffset: 0,
          fieldTtl: fieldTtls.at(parts[i + 1]!.warmStart),
        },
        last: i + 1 === last,
      }),
    );
    const report = () => progress?.update(done.reduce((n, kb) => n + kb, 0) * 1024);
    feedRange(fd, audit, 0, parts[0]!.end, (bytes) => {
      Atomics.store(done, 0, Math.floor(bytes / 1024));
      report();
    });
    const redone: string[] = [];
    let workerRanges = 0;
    // While the main thread waits for the workers, the bar still moves with their progress.
    const ticking = setInterval(report, 100);
    try {
      for (let i = 1; i < parts.length; i++) {
        const part = parts[i]!;
        const result = await guessed[i - 1]!.result.catch((error: Error) => {
          redone.push(`range ${i + 1}: ${error.message}`);
          return undefined;
        });
        const why = !result
          ? 'no result'
          : audit.missedTracking
            ? 'a CLIENT TRACKING line the search missed'
            : mismatch(audit, result);
        if (result && why === undefined) {
          absorb(audit, result);
          workerRanges++;
        } else {
          if (result) redone.push(`range ${i + 1}: ${why}`);
          const redo = run(i, true);
          redo.worker.postMessage({ start: snapshot(audit), last: i === last });
          absorb(audit, need(await redo.result));
        }
        Atomics.store(done, i, Math.floor((part.end - part.start) / 1024));
        report();
      }
    } finally {
      clearInterval(ticking);
    }
    audit.end();
    return { audit, workerRanges, redone };
  } finally {
    for (const w of workers) void w.terminate();
    closeSync(fd);
  }
}
