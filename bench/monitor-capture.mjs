#!/usr/bin/env node
// One node's MONITOR capture rate, and whether valkey-track's live audit keeps up with it:
//   node bench/monitor-capture.mjs [--requests 400000] [--pipeline 1,16] [--runs 5]
//
// Starts a valkey-server of its own on loopback ($VT_BENCH_PORT, default 17018), loads it with
// valkey-benchmark (GET/SET, 50 clients, random keys, 32-byte values) three ways, side by side in one run:
//   1. no MONITOR: the server's own rate;
//   2. a MONITOR reader that only counts bytes and lines: the rate MONITOR delivers, and what it costs the server;
//   3. valkey-track's live capture (the raw MONITOR socket, the MONITOR audit and the client facts of one node).
// For 3 it measures the CPU time the audit spent on the stream, so it reports how many such nodes one audit
// process follows at full load. Needs a built CLI (`npx tsc -b packages/cli`), valkey-server and valkey-benchmark.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const requests = Number(flag('requests', '400000'));
const pipelines = flag('pipeline', '1,16').split(',').map(Number);
const runs = Number(flag('runs', '5'));
const port = Number(process.env.VT_BENCH_PORT ?? 17018);

const dist = join(root, 'packages/cli/dist');
const { captureMonitor } = await import(join(dist, 'fleet/capture-monitor.js'));
const { MonitorAudit } = await import(join(dist, 'monitor/monitor-audit.js'));
const { NodeFactsScanner } = await import(join(dist, 'fleet/node-facts-scanner.js'));

const dir = mkdtempSync(join(tmpdir(), 'vt-capture-bench-'));
const cli = (...a) => spawnSync('valkey-cli', ['-p', String(port), ...a], { encoding: 'utf8' }).stdout.trim();
if (cli('PING') === 'PONG') {
  console.error(`bench: something already answers on 127.0.0.1:${port}; set VT_BENCH_PORT`);
  process.exit(2);
}
const server = spawn(
  'valkey-server',
  ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir],
  { stdio: 'ignore' },
);
const stop = () => {
  server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', stop);
for (let i = 0; cli('PING') !== 'PONG'; i++) {
  if (i > 100) throw new Error('valkey-server did not start');
  spawnSync('sleep', ['0.05']);
}

/** valkey-benchmark's requests per second over GET and SET (its CSV: "test","rps",...). */
function benchmark(pipeline) {
  return new Promise((resolve) => {
    const child = spawn(
      'valkey-benchmark',
      [
        '-p',
        String(port),
        '-t',
        'get,set',
        '-n',
        String(requests),
        '-c',
        '50',
        '-r',
        '100000',
        '-d',
        '32',
        '-P',
        String(pipeline),
        '--csv',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('close', () => {
      const rates = out
        .split('\n')
        .filter((l) => /^"(GET|SET)"/.test(l))
        .map((l) => Number(l.split(',')[1].replaceAll('"', '')));
      resolve(rates.reduce((a, b) => a + b, 0) / rates.length);
    });
  });
}

/** A MONITOR reader that counts bytes and line ends and does nothing else. */
function countingReader() {
  const socket = connect({ host: '127.0.0.1', port });
  const counts = { bytes: 0, lines: 0 };
  socket.write('MONITOR\r\n');
  socket.on('data', (chunk) => {
    counts.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) counts.lines++;
  });
  return { counts, stop: () => new Promise((done) => socket.end(done)) };
}

/** valkey-track's capture of one node, timing the CPU the audit and the facts spend per chunk. */
function liveAudit() {
  const audit = new MonitorAudit();
  const facts = new NodeFactsScanner();
  const counts = { bytes: 0, cpu: 0 };
  const abort = new AbortController();
  const done = captureMonitor(
    { host: '127.0.0.1', port, db: 0, timeoutMs: 5000 },
    {
      durationMs: 3_600_000,
      signal: abort.signal,
      onChunk(chunk) {
        const started = process.cpuUsage();
        audit.write(chunk);
        facts.write(chunk);
        const used = process.cpuUsage(started);
        counts.cpu += (used.user + used.system) / 1e6;
        counts.bytes += chunk.length;
      },
    },
  );
  return {
    counts,
    audit,
    stop: async () => {
      abort.abort();
      await done;
    },
  };
}

const best = (xs) => Math.max(...xs);
const k = (n) => `${(n / 1000).toFixed(0)}k`;
console.log(
  `one valkey-server ${cli('INFO', 'server').match(/valkey_version:(\S+)/)?.[1]} on loopback, valkey-benchmark GET/SET, ${requests.toLocaleString('en-US')} requests, 50 clients, best of ${runs}\n`,
);
for (const pipeline of pipelines) {
  const plain = [];
  const monitored = [];
  const audited = [];
  let stream = { mbps: 0, lps: 0 };
  let auditRate = 0;
  let auditLines = 0;
  const variants = {
    async plain() {
      plain.push(await benchmark(pipeline));
    },
    async monitored() {
      const reader = countingReader();
      const started = process.hrtime.bigint();
      const rps = await benchmark(pipeline);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await reader.stop();
      monitored.push(rps);
      if (reader.counts.bytes / seconds / 1e6 > stream.mbps) {
        stream = { mbps: reader.counts.bytes / seconds / 1e6, lps: reader.counts.lines / seconds };
      }
    },
    async audited() {
      const live = liveAudit();
      await new Promise((done) => setTimeout(done, 200));
      const started = process.hrtime.bigint();
      audited.push(await benchmark(pipeline));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await live.stop();
      auditRate = Math.max(auditRate, live.counts.bytes / live.counts.cpu / 1e6);
      auditLines = Math.max(auditLines, live.audit.totals.commands / seconds);
    },
  };
  const order = Object.keys(variants);
  for (let r = 0; r < runs; r++) {
    // A different variant first in every run, so a burst of load on a shared machine does not favour one.
    for (let i = 0; i < order.length; i++) await variants[order[(r + i) % order.length]]();
  }
  console.log(`pipeline ${pipeline}:`);
  console.log(`  server alone                       ${k(best(plain)).padStart(6)} requests/s`);
  console.log(
    `  with a counting MONITOR reader     ${k(best(monitored)).padStart(6)} requests/s (${((best(monitored) / best(plain)) * 100).toFixed(0)} %)`,
  );
  console.log(
    `  with valkey-track's live audit     ${k(best(audited)).padStart(6)} requests/s (${((best(audited) / best(plain)) * 100).toFixed(0)} %), ${k(auditLines)} commands/s audited`,
  );
  console.log(
    `  MONITOR stream                     ${stream.mbps.toFixed(1).padStart(6)} MB/s, ${k(stream.lps)} lines/s`,
  );
  console.log(
    `  audit CPU on that stream           ${auditRate.toFixed(0).padStart(6)} MB/s of CPU time: one audit process follows ${(auditRate / stream.mbps).toFixed(1)} such nodes\n`,
  );
}
stop();
