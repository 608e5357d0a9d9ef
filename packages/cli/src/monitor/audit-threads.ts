import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A worker's memory: a small young generation (a range's audit allocates little per line, and V8's
 * default grows to 32 MB under connection churn) and an old generation well above what the audit keeps
 * (clients past the registry's cap are evicted, every sample is bounded).
 */
export const WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 };

/**
 * Threads started before the caller loads the audit: a thread, its modules and its command table take
 * about 90 ms to start, which this overlaps with the main thread loading the same modules. Each waits
 * for the first message, its task (`audit-worker.ts`).
 */
const spare: Worker[] = [];

/** Starts an audit thread; it loads its modules and waits for its task. This module loads nothing heavy. */
function spawn(): Worker {
  // The process's own flags (`--input-type`, `--eval`, heap sizes) are not the worker's: it has its limits.
  const options = { resourceLimits: WORKER_LIMITS, execArgv: [] };
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./audit-worker.js', import.meta.url), options);
  // Run from the TypeScript sources (the test suites, through tsx): the worker needs tsx's loader too.
  const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./audit-worker.ts', import.meta.url).href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), options);
}

/** Starts `count` audit threads now, for `takeAuditThread` to hand out later. */
export function prestartAuditThreads(count: number): void {
  while (spare.length < count) {
    const worker = spawn();
    // A thread nobody takes must not keep the process alive.
    worker.unref();
    spare.push(worker);
  }
}

/** An audit thread: one started earlier, or a new one. */
export function takeAuditThread(): Worker {
  const worker = spare.shift() ?? spawn();
  worker.ref();
  return worker;
}
