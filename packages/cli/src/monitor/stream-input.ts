import { createGunzip } from 'node:zlib';
import type { MonitorAudit } from './monitor-audit.js';

/**
 * Where a stream worker's chunks go: into the audit as they are, or through gunzip first. Decompressing in the
 * worker keeps zlib's output buffers in the isolate with the small young generation (`WORKER_LIMITS`), which
 * collects them within a few megabytes; in the main thread they piled up to 30-40 MiB between collections.
 * `done` is called once a chunk's bytes have been read, so the memory they came in can be reused.
 */
export interface StreamInput {
  write(chunk: Buffer, done: () => void): void;
  /** The input ended: `done` once the audit has every line. */
  end(done: () => void): void;
}

/** zlib's output chunks: a line is cut at most once per chunk, so larger than its default of 16 KiB. */
const GUNZIP_CHUNK_BYTES = 64 * 1024;

export function plainInput(audit: MonitorAudit): StreamInput {
  return {
    write(chunk, done) {
      audit.write(chunk);
      done();
    },
    end(done) {
      audit.end();
      done();
    },
  };
}

/** `fail` gets zlib's message when the data is not gzip all the way (corrupt, truncated), once. */
export function gunzipInput(audit: MonitorAudit, fail: (message: string) => void): StreamInput {
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  let failed = false;
  gunzip.on('data', (chunk: Buffer) => audit.write(chunk));
  gunzip.on('error', (error) => {
    if (!failed) fail(error.message);
    failed = true;
  });
  return {
    write(chunk, done) {
      gunzip.write(chunk, (error) => {
        if (!error) done();
      });
    },
    end(done) {
      gunzip.once('end', () => {
        audit.end();
        done();
      });
      gunzip.end();
    },
  };
}
