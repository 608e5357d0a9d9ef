import type { Worker } from 'node:worker_threads';
import { MonitorAudit, type MonitorAuditOptions } from './monitor-audit.js';
import { takeAuditThread } from './audit-threads.js';
import { runTask } from './parallel-audit.js';
import { absorb, type RangeResult } from './range-result.js';
import { snapshot } from './start-state.js';

/** Bytes sent to the worker and not yet audited, before `write` waits. */
const IN_FLIGHT_BYTES = 8 * 1024 * 1024;

/**
 * An audit of lines that arrive as chunks (stdin, gzip, a live MONITOR connection), run in a worker whose
 * memory is capped, like every range of a file: `write` each chunk (it waits while the worker is behind),
 * then `end` for the merged audit.
 */
export class StreamAudit {
  private readonly worker: Worker;
  private readonly result: Promise<RangeResult | undefined>;
  private readonly audit: MonitorAudit;
  private inFlight = 0;
  /** Command lines audited so far, for a progress display. */
  commands = 0;
  /** Readers waiting for the worker to catch up (a socket may ask again before it pauses). */
  private waiting: (() => void)[] = [];
  private failed: Error | undefined;

  constructor(options: MonitorAuditOptions) {
    this.audit = new MonitorAudit(options);
    const worker = takeAuditThread();
    const done = runTask(worker, {
      task: {
        kind: 'stream',
        options: { ...options, assumed: (options.assumed ?? []).filter((a) => a.address === '*') },
      },
      start: snapshot(this.audit),
    });
    this.worker = worker;
    this.result = done;
    done.catch((error: Error) => {
      this.failed = error;
      this.wake();
    });
    worker.on('message', (m: { ack?: number; commands?: number }) => {
      if (m.ack === undefined) return;
      this.inFlight -= m.ack;
      this.commands = m.commands ?? this.commands;
      if (this.inFlight < IN_FLIGHT_BYTES) this.wake();
    });
  }

  /** Whether the worker is far enough behind that the reader should wait (`drained`). */
  get full(): boolean {
    return this.inFlight >= IN_FLIGHT_BYTES;
  }

  /** Resolves once the worker has caught up. */
  drained(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (!this.full) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => {
      if (this.failed) throw this.failed;
    });
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  /** Sends a chunk (copied: the reader may reuse its memory). */
  send(chunk: Uint8Array): void {
    const copy = new Uint8Array(chunk);
    this.inFlight += copy.length;
    this.worker.postMessage({ chunk: copy }, [copy.buffer]);
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.send(chunk);
    if (this.full) await this.drained();
  }

  /** Stops the worker (the input failed). */
  abort(): void {
    void this.worker.terminate();
  }

  async end(): Promise<MonitorAudit> {
    this.worker.postMessage({ end: true });
    try {
      const result = await this.result;
      if (!result) throw this.failed ?? new Error('the audit worker stopped');
      absorb(this.audit, result);
      return this.audit;
    } finally {
      void this.worker.terminate();
    }
  }
}
