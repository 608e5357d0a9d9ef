import type { Worker } from 'node:worker_threads';
import type { MonitorAudit, MonitorAuditOptions } from './monitor-audit.js';
import { takeAuditThread } from './audit-threads.js';
import { auditOfResult } from './result-audit.js';
import { runTask } from './run-task.js';
import type { RangeResult } from './range-result.js';
import { ChunkRing } from './chunk-ring.js';

/** Bytes sent to the worker and not yet audited, before `write` waits. */
const IN_FLIGHT_BYTES = 2 * 1024 * 1024;
/** Chunks are cut into pieces of at most this many bytes, so a piece always fits the ring below. */
const PIECE_BYTES = 256 * 1024;

/**
 * An audit of lines that arrive as chunks (stdin, gzip, a live MONITOR connection), run in a worker whose
 * memory is capped, like every range of a file: `write` each chunk (it waits while the worker is behind),
 * then `end` for the merged audit. This thread loads the audit (its modules, the command data: about 12 MiB)
 * only in `end`, once the worker and its memory are gone (`auditOfResult`).
 */
export class StreamAudit {
  private readonly worker: Worker;
  private readonly result: Promise<RangeResult | undefined>;
  private readonly ring = new ChunkRing(IN_FLIGHT_BYTES + 2 * PIECE_BYTES);
  private inFlight = 0;
  /** Command lines audited so far, for a progress display. */
  commands = 0;
  /** Readers waiting for the worker to catch up (a socket may ask again before it pauses). */
  private waiting: (() => void)[] = [];
  private failed: Error | undefined;

  /** `gzip`: the chunks are gzip data, decompressed in the worker (`stream-input.ts`). */
  constructor(
    private readonly options: MonitorAuditOptions,
    gzip = false,
  ) {
    const worker = takeAuditThread();
    const done = runTask(worker, { task: { kind: 'stream', options, gzip }, ring: this.ring.memory });
    this.worker = worker;
    this.result = done;
    done.catch((error: Error) => {
      this.failed = error;
      this.wake();
    });
    worker.on('message', (m: { ack?: number; shared?: boolean; commands?: number }) => {
      if (m.ack === undefined) return;
      this.inFlight -= m.ack;
      if (m.shared) this.ring.release();
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

  /**
   * Sends a chunk, copied into the memory it shares with the worker: the reader may reuse its own, and a
   * fresh copy per chunk would leave tens of megabytes of garbage in each thread between collections.
   * Call it while not `full`; then each piece fits the ring, which holds what is in flight and two pieces.
   */
  send(chunk: Uint8Array): void {
    for (let from = 0; from < chunk.length; from += PIECE_BYTES) {
      const piece = chunk.subarray(from, Math.min(chunk.length, from + PIECE_BYTES));
      this.inFlight += piece.length;
      const start = this.ring.place(piece);
      if (start >= 0) {
        this.worker.postMessage({ start, length: piece.length });
      } else {
        // Only when called while full: still exact, with a copy of its own.
        const copy = new Uint8Array(piece);
        this.worker.postMessage({ chunk: copy }, [copy.buffer]);
      }
    }
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
      // The worker's heap (its client states) goes before the merge and the report grow this thread's.
      await this.worker.terminate();
      return await auditOfResult(this.options, result);
    } finally {
      void this.worker.terminate();
    }
  }
}
