import { spawn } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { KEPT_ARGUMENT_BYTES, LongLineCompactor } from '../src/monitor/long-line-compactor.js';
import { randomSource } from './random-monitor-log.js';

const api = fileURLToPath(new URL('../dist/monitor/audit-monitor-log.js', import.meta.url));
const MiB = 1024 * 1024;

/**
 * Audits `input` (a path, or `-` with `stdin` piped in) in a child process whose V8 heap is capped, and
 * returns its report and peak resident memory.
 */
function audit(
  input: string,
  options: object,
  heapMb: number,
  stdin?: (write: (s: string | Uint8Array) => boolean) => Promise<void>,
  prelude = '',
): Promise<{
  report: { totals: Record<string, number>; notes: string[]; findings: { shape: string; count: number }[] };
  maxRss: number;
}> {
  const code = `
    ${prelude}
    const { auditMonitorLog } = await import(${JSON.stringify(api)});
    const report = await auditMonitorLog(${JSON.stringify(input)}, ${JSON.stringify(options)});
    // The peak of this process's own memory: ru_maxrss (resourceUsage) would count the test runner it was
    // forked from, since Linux keeps it across exec; VmHWM belongs to the address space exec made.
    const { readFileSync } = await import('node:fs');
    const hwm = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    const maxRss = hwm ? Number(hwm[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
    process.stdout.write(JSON.stringify({ report, maxRss }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${heapMb}`, '--input-type=module', '-e', code],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (status) =>
      status === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${status}: ${err}`)),
    );
    if (!stdin) return child.stdin.end();
    const write = (s: string | Uint8Array) => child.stdin.write(s);
    void stdin(write).then(() => child.stdin.end());
  });
}

const memory = suite('MONITOR audit: bounded memory (child processes with a capped heap)');

memory('connections that never end: past the client cap the idlest are forgotten, and said so', async () => {
  const connections = 40_000;
  const { report, maxRss } = await audit('-', { maxClients: 5000, jobs: 1 }, 32, async (write) => {
    let chunk = '';
    for (let n = 0; n < connections; n++) {
      const a = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}:${40000 + (n % 20000)}`;
      chunk += `1700000000.${String(n % 1e6).padStart(6, '0')} [0 ${a}] "HELLO" "3"\n`;
      chunk += `1700000000.${String(n % 1e6).padStart(6, '0')} [0 ${a}] "CLIENT" "TRACKING" "ON"\n`;
      chunk += `1700000000.${String(n % 1e6).padStart(6, '0')} [0 ${a}] "TTL" "k${n}"\n`;
      if (chunk.length > 1 << 20) {
        if (!write(chunk)) await new Promise((r) => setTimeout(r, 1));
        chunk = '';
      }
    }
    write(chunk);
  });
  assert.is(report.totals.trackingClients, connections);
  assert.equal(
    report.findings.map((f) => `${f.shape} ${f.count}`),
    [`TTL ${connections}`],
  );
  assert.ok(
    report.notes.some((n) => /more than 5,000 clients held tracking state at once/.test(n)),
    report.notes.join('\n'),
  );
  assert.ok(maxRss < 128 * MiB, `peak RSS ${(maxRss / MiB).toFixed(0)} MiB`);
});

/** Connections that each turn tracking on and read twice: past the default client cap, state is at its largest. */
const pipeChurn = (connections: number) => async (write: (s: string) => boolean) => {
  let chunk = '';
  for (let n = 0; n < connections; n++) {
    const a = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}:${40000 + (n % 20000)}`;
    const t = `1700000000.${String(n % 1e6).padStart(6, '0')}`;
    chunk += `${t} [0 ${a}] "HELLO" "3"\n${t} [0 ${a}] "CLIENT" "TRACKING" "ON"\n`;
    chunk += `${t} [0 ${a}] "GET" "user:${n}"\n${t} [0 ${a}] "TTL" "user:${n}"\n`;
    if (chunk.length > 1 << 20) {
      if (!write(chunk)) await new Promise((r) => setTimeout(r, 1));
      chunk = '';
    }
  }
  write(chunk);
};

memory('connection churn at the default client cap, piped in: within the bound', async () => {
  const connections = 65_536;
  const { report, maxRss } = await audit('-', {}, 32, pipeChurn(connections));
  assert.is(report.totals.trackingClients, connections);
  assert.equal(
    report.findings.map((f) => `${f.shape} ${f.count}`),
    [`TTL ${connections}`],
  );
  assert.ok(maxRss < 128 * MiB, `peak RSS ${(maxRss / MiB).toFixed(0)} MiB`);
});

memory('a 50 MB line from a tracking client is audited, never held whole: one thread and two', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-long-'));
  try {
    const path = join(dir, 'long.log');
    const fd = openSync(path, 'w');
    writeSync(fd, '1700000000.000001 [0 10.0.0.1:5000] "CLIENT" "TRACKING" "on"\n');
    writeSync(fd, '1700000000.000002 [0 10.0.0.1:5000] "SET" "big" "');
    const piece = 'ab\\"cd\\x00'.repeat(100_000);
    for (let left = 50e6; left > 0; left -= piece.length) writeSync(fd, piece);
    writeSync(fd, '"\n');
    for (let i = 0; i < 1000; i++)
      writeSync(fd, `1700000001.${String(i).padStart(6, '0')} [0 10.0.0.1:5000] "KEYS" "user:*"\n`);
    closeSync(fd);
    for (const jobs of [1, 2]) {
      const { report, maxRss } = await audit(path, { jobs }, 32);
      assert.is(report.totals.commands, 1002, `jobs ${jobs}`);
      assert.is(report.totals.malformed, 0);
      assert.equal(
        report.findings.map((f) => `${f.shape} ${f.count}`),
        ['KEYS 1000'],
      );
      assert.ok(maxRss < 128 * MiB, `jobs ${jobs}: peak RSS ${(maxRss / MiB).toFixed(0)} MiB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Writes `megabytes` of a tracking client's reads to a piped stdin, with the pipe's backpressure. */
const pipeTrackedReads = (megabytes: number) => async (write: (s: string) => boolean) => {
  let chunk = '1700000000.000001 [0 10.0.0.1:5000] "CLIENT" "TRACKING" "on"\n';
  for (let n = 0, bytes = 0; bytes < megabytes * 1e6; n++) {
    const line = `1700000000.${String(n % 1e6).padStart(6, '0')} [0 10.0.0.1:5000] "GET" "user:${n}"\n`;
    chunk += n % 1000 === 0 ? line.replace('"GET"', '"TTL"') : line;
    if (chunk.length > 1 << 20) {
      bytes += chunk.length;
      if (!write(chunk)) await new Promise((r) => setTimeout(r, 1));
      chunk = '';
    }
  }
  write(chunk);
};

memory(
  'a log piped in: read into reused memory and shared with the worker, no garbage per chunk',
  async () => {
    const { report, maxRss } = await audit('-', {}, 32, pipeTrackedReads(120));
    assert.ok(report.totals.commands! > 1_000_000, String(report.totals.commands));
    assert.equal(
      report.findings.map((f) => f.shape),
      ['TTL'],
    );
    assert.ok(maxRss < 128 * MiB, `peak RSS ${(maxRss / MiB).toFixed(0)} MiB`);
  },
);

memory(
  'a gzipped log of churn, from a file and piped in: within the bound, the report of the plain log',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-gzip-'));
    try {
      // 70 MB: zlib's output buffers, were they left to the main thread's collector, would push it past the bound.
      const plain = join(dir, 'capture.log');
      const fd = openSync(plain, 'w');
      await pipeChurn(280_000)((s) => (writeSync(fd, s), true));
      closeSync(fd);
      await pipeline(createReadStream(plain), createGzip({ level: 1 }), createWriteStream(`${plain}.gz`));
      const gzipped = await audit(`${plain}.gz`, {}, 32);
      const piped = await audit('-', {}, 32, async (write) => {
        for await (const chunk of createReadStream(`${plain}.gz`))
          if (!write(chunk as Buffer)) await new Promise((r) => setTimeout(r, 1));
      });
      const reference = await audit(plain, { jobs: 1 }, 32);
      for (const [how, run] of Object.entries({ gzipped, piped })) {
        assert.equal(run.report.totals, reference.report.totals, how);
        assert.equal(run.report.findings, reference.report.findings, how);
        assert.ok(run.maxRss < 128 * MiB, `${how}: peak RSS ${(run.maxRss / MiB).toFixed(0)} MiB`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

memory('a stdin someone made non-blocking is read as a stream, with the same report', async () => {
  const blocking = await audit('-', {}, 64, pipeTrackedReads(4));
  // Making process.stdin sets a piped descriptor non-blocking: the reads into reused memory get EAGAIN.
  const nonBlocking = await audit('-', {}, 64, pipeTrackedReads(4), 'process.stdin.isTTY;');
  assert.ok(blocking.report.totals.commands! > 40_000);
  assert.equal(nonBlocking.report.totals, blocking.report.totals);
  assert.equal(nonBlocking.report.findings, blocking.report.findings);
});

const compactor = suite('LongLineCompactor: a long line, shrunk as it streams');

/** What compaction must give: each argument cut to its first KEPT_ARGUMENT_BYTES raw bytes, between escapes. */
function expected(line: string): string {
  return line.replace(/"((?:[^"\\]|\\x[0-9a-f]{2}|\\.)*)"/g, (_, raw: string) => {
    const units = raw.match(/\\x[0-9a-f]{2}|\\.|[^\\]/g) ?? [];
    let kept = '';
    for (const u of units) {
      if (kept.length >= KEPT_ARGUMENT_BYTES) break;
      kept += u;
    }
    return `"${kept}"`;
  });
}

compactor('keeps the start of every argument, cut between escapes, whatever the chunking', () => {
  const r = randomSource(7);
  const unit = () => r.pick(['a', 'b', '\\"', '\\\\', '\\x00', '\\xff', ' ', '\\n']);
  for (let round = 0; round < 6; round++) {
    const args = Array.from({ length: 2 + r.int(3) }, () =>
      Array.from(
        { length: r.pick([3, 200, KEPT_ARGUMENT_BYTES / 2, KEPT_ARGUMENT_BYTES + r.int(9000)]) },
        unit,
      ).join(''),
    );
    const line = `1700000000.000001 [0 10.0.0.1:5000] ${args.map((a) => `"${a}"`).join(' ')}`;
    const bytes = Buffer.from(line, 'latin1');
    const c = new LongLineCompactor();
    for (let i = 0; i < bytes.length;) {
      const n = 1 + r.int(r.pick([7, 5000, 100_000]));
      c.feed(bytes, i, Math.min(bytes.length, i + n));
      i += n;
    }
    assert.is(c.finish()!.toString('latin1'), expected(line), `round ${round}`);
    assert.not.ok(c.nonAscii);
  }
});

compactor('remembers a byte over 0x7e it skipped, so the line is still rejected', () => {
  const c = new LongLineCompactor();
  const line = Buffer.concat([
    Buffer.from('1.000001 [0 1.1.1.1:1] "SET" "k" "'),
    Buffer.alloc(KEPT_ARGUMENT_BYTES + 10, 0x61),
    Buffer.from([0xff]),
    Buffer.from('"'),
  ]);
  c.feed(line, 0, line.length);
  assert.ok(c.nonAscii);
});

memory.run();
compactor.run();
