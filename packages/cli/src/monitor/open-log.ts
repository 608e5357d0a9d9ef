import { closeSync, openSync, read, readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../util/usage-error.js';

/** Large reads: the parser works on whole chunks, so fewer, bigger ones mean less per-chunk overhead. */
export const CHUNK_BYTES = 1 << 20;

export interface LogSource {
  /** The log's bytes, decompressed when it is gzip. A chunk is valid until the next one is read. */
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>;
  /** The file's size, for progress; undefined for stdin. */
  size: number | undefined;
  /** Bytes read from the file or stdin so far (compressed bytes for .gz). */
  readonly bytesRead: number;
}

const ERRNO: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

const ioError = (path: string, error: unknown) =>
  new UsageError(
    `cannot read the MONITOR log "${path}": ${ERRNO[(error as NodeJS.ErrnoException).code ?? ''] ?? (error as Error).message}`,
  );

/**
 * Opens a MONITOR log: a file, `-` for stdin, gzip recognised by its magic bytes (not only by `.gz`), so a
 * renamed or piped capture works too. Errors opening or reading it are UsageErrors (exit 2).
 */
export async function openLog(path: string): Promise<LogSource> {
  let raw: AsyncIterable<Buffer>;
  let size: number | undefined;
  if (path === '-') {
    raw = readReusing(0, () => process.stdin);
  } else {
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      size = info.isFile() ? info.size : undefined;
      if (info.isFile()) {
        const plain = readPlainFile(path, size!);
        if (plain) return plain;
      }
      const handle = await open(path, 'r');
      raw = readReusing(
        handle.fd,
        () => handle.createReadStream({ highWaterMark: CHUNK_BYTES }),
        () => handle.close(),
      );
    } catch (error) {
      // readPlainFile's errors already say which log they are about.
      throw error instanceof UsageError ? error : ioError(path, error);
    }
  }
  const source = {
    chunks: counted(),
    size,
    bytesRead: 0,
  };
  async function* counted(): AsyncIterable<Buffer> {
    try {
      for await (const chunk of gunzipIfNeeded(raw, path)) yield chunk;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw ioError(path, error);
    }
  }
  async function* gunzipIfNeeded(input: AsyncIterable<Buffer>, name: string): AsyncIterable<Buffer> {
    const it = input[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done) return;
    source.bytesRead += first.value.length;
    const gzip = first.value[0] === 0x1f && first.value[1] === 0x8b;
    // zlib reads its input later, and `input` reuses its buffer: gzip input is handed on as copies.
    const rest = async function* () {
      yield gzip ? Buffer.from(first.value) : first.value;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        source.bytesRead += next.value.length;
        yield gzip ? Buffer.from(next.value) : next.value;
      }
    };
    if (!gzip) {
      yield* rest();
      return;
    }
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    Readable.from(rest(), { objectMode: false })
      .on('error', (e) => gunzip.destroy(e))
      .pipe(gunzip);
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code.startsWith('Z_') || /unexpected end of file/.test((error as Error).message)) {
        throw new UsageError(
          `the gzip data of "${name}" is corrupt or truncated: ${(error as Error).message}`,
        );
      }
      throw error;
    }
  }
  return source;
}

/**
 * Reads `fd` into one reused buffer (each chunk valid until the next): a stream allocates every chunk
 * afresh, and that garbage, collected only now and then, held about 35 MiB more while a 200 MB log was
 * piped in. A descriptor that is non-blocking (EAGAIN) is read with `stream()` from there on.
 */
async function* readReusing(
  fd: number,
  stream: () => AsyncIterable<Buffer>,
  close?: () => Promise<void>,
): AsyncIterable<Buffer> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (;;) {
      let n: number;
      try {
        n = await readInto(fd, buffer);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        yield* stream();
        return;
      }
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    await close?.();
  }
}

const readInto = (fd: number, buffer: Buffer) =>
  new Promise<number>((resolve, reject) =>
    read(fd, buffer, 0, buffer.length, null, (error, n) => (error ? reject(error) : resolve(n))),
  );

/**
 * A regular file that is not gzip, read synchronously into one reused buffer: no stream, no promise per
 * chunk and no fresh megabyte per read, which keeps the audit's memory flat. Undefined for gzip.
 */
function readPlainFile(path: string, size: number): LogSource | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw ioError(path, error);
  }
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let first: number;
  try {
    first = readSync(fd, buffer, 0, CHUNK_BYTES, null);
  } catch (error) {
    closeSync(fd);
    throw ioError(path, error);
  }
  if (first >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
    closeSync(fd);
    return undefined;
  }
  const source = {
    size,
    bytesRead: first,
    *chunks(): Iterable<Buffer> {
      try {
        let n = first;
        while (n > 0) {
          yield buffer.subarray(0, n);
          try {
            n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
          } catch (error) {
            throw ioError(path, error);
          }
          source.bytesRead += n;
        }
      } finally {
        closeSync(fd);
      }
    },
  };
  return {
    size,
    get bytesRead() {
      return source.bytesRead;
    },
    chunks: source.chunks(),
  };
}
