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

/** A log's bytes as stored: gzip stays compressed (`gzip`), for a reader that decompresses it elsewhere. */
export interface RawLogSource extends LogSource {
  gzip: boolean;
}

/**
 * Opens a MONITOR log: a file, `-` for stdin, gzip recognised by its magic bytes (not only by `.gz`), so a
 * renamed or piped capture works too, and decompressed. Errors opening or reading it are UsageErrors (exit 2).
 */
export async function openLog(path: string): Promise<LogSource> {
  const raw = await openRawLog(path);
  if (!raw.gzip) return raw;
  return {
    size: raw.size,
    get bytesRead() {
      return raw.bytesRead;
    },
    chunks: gunzipChunks(raw.chunks, path),
  };
}

/** Opens a MONITOR log as `openLog` does, without decompressing it. */
export async function openRawLog(path: string): Promise<RawLogSource> {
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
  const it = raw[Symbol.asyncIterator]();
  let first: IteratorResult<Buffer>;
  try {
    first = await it.next();
  } catch (error) {
    throw ioError(path, error);
  }
  let bytesRead = first.done ? 0 : first.value.length;
  async function* chunks(): AsyncIterable<Buffer> {
    if (first.done) return;
    yield first.value;
    try {
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        bytesRead += next.value.length;
        yield next.value;
      }
    } catch (error) {
      throw ioError(path, error);
    }
  }
  return {
    size,
    get bytesRead() {
      return bytesRead;
    },
    gzip: !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b,
    chunks: chunks(),
  };
}

/** A gzip stream's failure, as the one line a user is shown. */
export const gzipError = (name: string, message: string) =>
  new UsageError(`the gzip data of "${name}" is corrupt or truncated: ${message}`);

/** Whether a zlib error is the data's (not the reader's). */
const isGzipDataError = (error: unknown) =>
  ((error as NodeJS.ErrnoException).code ?? '').startsWith('Z_') ||
  /unexpected end of file/.test((error as Error).message);

/** Decompresses gzip chunks (each valid until the next is read: zlib gets copies, since it reads them later). */
async function* gunzipChunks(input: LogSource['chunks'], name: string): AsyncIterable<Buffer> {
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  const copies = async function* () {
    for await (const chunk of input) yield Buffer.from(chunk);
  };
  Readable.from(copies(), { objectMode: false })
    .on('error', (e) => gunzip.destroy(e))
    .pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (isGzipDataError(error)) throw gzipError(name, (error as Error).message);
    throw ioError(name, error);
  }
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
function readPlainFile(path: string, size: number): RawLogSource | undefined {
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
    gzip: false,
    get bytesRead() {
      return source.bytesRead;
    },
    chunks: source.chunks(),
  };
}
