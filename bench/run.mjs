#!/usr/bin/env node
// The benchmarks, in one command: node bench/run.mjs [--only monitor|code] [--size 1GB] [--runs 3] [--mixes a,b]
//
// MONITOR audit: generates (once, in the temp dir) a ~1 GB MONITOR log of every traffic mix in bench/mixes.mjs,
// and times on each, in the same run on the same file, `mawk '{c[$3]++}'` (the baseline), `valkey-track audit
// --monitor` in one thread (`--jobs 1`) and with its default (`--jobs auto`: one thread per core, up to 3):
// throughput, the ratio to mawk, peak RSS. Runs are interleaved (mawk, one thread, auto, mawk, ...) and each
// figure is the best of --runs, so a burst of load on a shared machine costs each tool alike; the load average
// before and after is printed. `CPU ÷ mawk` compares the CPU seconds (user + system) of one thread with mawk's:
// what the wall-clock ratio is on a machine nobody else is using. `cores`: two mawk on the log at once, as
// cores' worth of work (2.00: both whole), what `auto` had to use during that mix's runs. Then peak RSS on the memory logs: a million short tracking connections, and one
// 50 MB line from a tracking client.
//
// Code audit: lints a copy of the project's own node_modules (plus the fixture apps, for findings) with
// `valkey-track audit` and with `eslint` running only our rules, and checks both report the same findings.
//
// Needs a built CLI (`npx tsc -b packages/cli`), GNU time at /usr/bin/time for peak RSS, and mawk.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCodeTree } from './code-tree.mjs';
import { MEMORY_MIXES, MIXES } from './mixes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const only = flag('only', 'all');
const size = flag('size', '1GB');
const runs = Number(flag('runs', '3'));
const wanted = flag('mixes', '').split(',').filter(Boolean);
const bin = join(root, 'packages/cli/dist/bin.js');
if (!existsSync(bin)) {
  console.error('bench: build the CLI first: npx tsc -b packages/cli');
  process.exit(2);
}
const hasTime = existsSync('/usr/bin/time');
const dir = join(tmpdir(), 'valkey-track-bench');
mkdirSync(dir, { recursive: true });

const mb = (n) => n / 1e6;
const mib = (n) => (n ? `${(n / 1048576).toFixed(0)} MiB` : 'n/a');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** One run: wall seconds, CPU seconds (user + system), peak RSS (bytes) and stdout. */
function once(command, argv, { cwd = root } = {}) {
  const started = process.hrtime.bigint();
  const options = { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 };
  const child = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...argv], options)
    : spawnSync(command, argv, options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0 && child.status !== 1) {
    console.error(`bench: ${command} ${argv.join(' ')} failed:\n${child.stderr}`);
    process.exit(2);
  }
  const [user, system, kb] = hasTime
    ? child.stderr.toString().trim().split('\n').pop().split(' ').map(Number)
    : [0, 0, 0];
  return { seconds, cpu: user + system, rss: kb * 1024, stdout: child.stdout.toString() };
}

/**
 * Seconds for two mawk baselines on the log at once: beside one mawk's, how much of a second core the machine
 * gave during this mix's runs (a VM's second vCPU is not always a whole core), which is what `auto` can use.
 */
function mawkPair(log) {
  const started = process.hrtime.bigint();
  const quoted = `'${MAWK[0].replace(/'/g, `'\\''`)}'`;
  const child = spawnSync('sh', [
    '-c',
    `mawk ${quoted} "$1" >/dev/null & mawk ${quoted} "$1" >/dev/null & wait`,
    'sh',
    log,
  ]);
  if (child.status !== 0) {
    console.error(`bench: two mawk at once failed:\n${child.stderr}`);
    process.exit(2);
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Best wall time of `times` runs, the largest peak RSS seen, and the last run's stdout. */
function measure(command, argv, { cwd = root, times = runs } = {}) {
  let best = { seconds: Infinity, rss: 0, stdout: '' };
  for (let r = 0; r < times; r++) {
    const run = once(command, argv, { cwd });
    best = {
      seconds: Math.min(best.seconds, run.seconds),
      rss: Math.max(best.rss, run.rss),
      stdout: run.stdout,
    };
  }
  return best;
}

function table(rows, unitsOf, unit) {
  const ours = unitsOf / rows[0].seconds;
  console.log(
    `${'tool'.padEnd(34)} ${'seconds'.padStart(8)} ${unit.padStart(8)} ${'ours ÷ it'.padStart(10)} ${'peak RSS'.padStart(9)}`,
  );
  for (const row of rows) {
    const speed = unitsOf / row.seconds;
    console.log(
      `${row.name.padEnd(34)} ${row.seconds.toFixed(2).padStart(8)} ${speed.toFixed(0).padStart(8)} ${(ours / speed).toFixed(2).padStart(10)} ${mib(row.rss).padStart(9)}`,
    );
  }
}

function logOf(mix, wantedSize) {
  const path = join(dir, `monitor-${mix}-${wantedSize}.log`);
  if (!existsSync(path)) {
    console.error(`bench: generating a ${wantedSize} ${mix} MONITOR log in ${path} (kept for the next run)`);
    const g = spawnSync(
      process.execPath,
      [join(root, 'bench/generate-monitor-log.mjs'), path, wantedSize, '--mix', mix],
      { stdio: 'inherit' },
    );
    if (g.status !== 0) process.exit(2);
  }
  // Read it once so every tool starts from the page cache.
  spawnSync('cat', [path], { stdio: ['ignore', 'ignore', 'inherit'] });
  return path;
}

const audit = (path, jobs) => [
  bin,
  'audit',
  '--monitor',
  path,
  '--format',
  'json',
  '--fail-on',
  'never',
  '--no-progress',
  '--jobs',
  jobs,
];
const MAWK = ['{c[$3]++} END {for (k in c) n++; print n}'];

function monitorBench() {
  const mixes = MIXES.filter((m) => wanted.length === 0 || wanted.includes(m.name));
  const cores = availableParallelism();
  console.log(
    `\nMONITOR audit: ${size} logs, best of ${runs} interleaved runs each; ${process.version}, ${cores} cores; load average ${load()}\n`,
  );
  const header = [
    'mix',
    'mawk MB/s',
    '1 thread MB/s',
    '÷ mawk',
    'CPU ÷ mawk',
    'RSS',
    'auto MB/s',
    '÷ mawk',
    'RSS',
    'cores',
  ];
  console.log(
    `${header[0].padEnd(12)} ${header
      .slice(1)
      .map((h) => h.padStart(13))
      .join(' ')}`,
  );
  const results = [];
  for (const mix of mixes) {
    const log = logOf(mix.name, size);
    const bytes = statSync(log).size;
    const best = { mawk: Infinity, one: Infinity, auto: Infinity, pair: Infinity };
    const cpu = { mawk: Infinity, one: Infinity };
    const rss = { one: 0, auto: 0 };
    for (let r = 0; r < runs; r++) {
      const m = once('mawk', [...MAWK, log]);
      best.mawk = Math.min(best.mawk, m.seconds);
      cpu.mawk = Math.min(cpu.mawk, m.cpu);
      const one = once(process.execPath, audit(log, '1'));
      best.one = Math.min(best.one, one.seconds);
      cpu.one = Math.min(cpu.one, one.cpu);
      rss.one = Math.max(rss.one, one.rss);
      const auto = once(process.execPath, audit(log, 'auto'));
      best.auto = Math.min(best.auto, auto.seconds);
      rss.auto = Math.max(rss.auto, auto.rss);
      best.pair = Math.min(best.pair, mawkPair(log));
    }
    const speed = (s) => (mb(bytes) / s).toFixed(0);
    const row = [
      mix.name.padEnd(12),
      speed(best.mawk),
      speed(best.one),
      (best.mawk / best.one).toFixed(2),
      hasTime ? (cpu.mawk / cpu.one).toFixed(2) : 'n/a',
      mib(rss.one),
      speed(best.auto),
      (best.mawk / best.auto).toFixed(2),
      mib(rss.auto),
      ((2 * best.mawk) / best.pair).toFixed(2),
    ];
    console.log(
      `${row[0]} ${row
        .slice(1)
        .map((c) => String(c).padStart(13))
        .join(' ')}`,
    );
    results.push({ mix: mix.name, bytes, ...best, rssOne: rss.one, rssAuto: rss.auto });
  }
  console.log(`\nload average after: ${load()}`);
  const worst = Math.min(...results.map((r) => r.mawk / r.auto));
  console.log(`lowest ratio to mawk with --jobs auto: ${worst.toFixed(2)} (target ≥ 1 on every mix)`);

  console.log('\nPeak RSS on the memory logs (target < 128 MiB):');
  for (const mix of MEMORY_MIXES) {
    const log = logOf(mix.name, mix.name === 'churn' ? '300MB' : '100MB');
    for (const jobs of ['1', '2']) {
      const run = once(process.execPath, audit(log, jobs));
      const report = JSON.parse(run.stdout);
      console.log(
        `  ${mix.what.padEnd(40)} --jobs ${jobs}: ${mib(run.rss).padStart(8)}, ${run.seconds.toFixed(1)} s, ${report.totals.trackingClients.toLocaleString('en-US')} tracking connections, ${report.totals.lines.toLocaleString('en-US')} lines`,
      );
    }
  }
  // The stream path (stdin, gzip): one worker audits what the main thread reads and hands it.
  const churn = logOf('churn', '300MB');
  const gz = `${churn}.gz`;
  if (!existsSync(gz)) spawnSync('sh', ['-c', `gzip -1 -c '${churn}' > '${gz}'`], { stdio: 'inherit' });
  const command = (input) => [process.execPath, ...audit(input, 'auto')].map((a) => `'${a}'`).join(' ');
  for (const [what, line] of [
    ['the same log piped in (cat | --monitor -)', `cat '${churn}' | ${command('-')}`],
    ['the same log gzipped (--monitor log.gz)', command(gz)],
  ]) {
    const run = once('sh', ['-c', line]);
    const report = JSON.parse(run.stdout);
    console.log(
      `  ${what.padEnd(40)}         : ${mib(run.rss).padStart(8)}, ${run.seconds.toFixed(1)} s, ${report.totals.lines.toLocaleString('en-US')} lines`,
    );
  }
}

function codeBench() {
  const { tree, config } = buildCodeTree(root, dir);
  const eslintBin = join(
    dirname(createRequire(join(root, 'packages/cli/package.json')).resolve('eslint/package.json')),
    'bin',
    'eslint.js',
  );
  // ESLint over every file takes minutes; one run each is enough for a ratio this large.
  const times = 1;
  console.log(`\nCode audit: ${tree} (node_modules/.pnpm and fixtures/apps); one run each\n`);
  const ours = measure(
    process.execPath,
    [bin, 'audit', 'js-tree', '--format', 'json', '--fail-on', 'never', '--no-progress'],
    { cwd: dir, times },
  );
  const eslint = measure(process.execPath, [eslintBin, '-c', config, '--format', 'json', 'js-tree'], {
    cwd: dir,
    times,
  });
  const report = JSON.parse(ours.stdout);
  const files = report.totals.files;
  table(
    [
      { name: 'valkey-track audit', ...ours },
      { name: 'eslint, only @valkey-track rules', ...eslint },
    ],
    files,
    'files/s',
  );
  const mine = report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`).sort();
  const theirs = JSON.parse(eslint.stdout)
    .flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId?.startsWith('@valkey-track/'))
        .map((m) => `${relative(dir, r.filePath).split('\\').join('/')}:${m.line}:${m.column} ${m.ruleId}`),
    )
    .sort();
  const same = JSON.stringify(mine) === JSON.stringify(theirs);
  console.log(`\n${files} files, ${report.totals.linted ?? '?'} linted after the pre-filter`);
  console.log(`ours ÷ eslint: ${(eslint.seconds / ours.seconds).toFixed(2)} (target ≥ 3)`);
  console.log(`findings: ${mine.length} ours, ${theirs.length} eslint, ${same ? 'identical' : 'DIFFERENT'}`);
  if (!same) {
    const a = new Set(mine);
    const b = new Set(theirs);
    for (const f of mine.filter((x) => !b.has(x))) console.log(`  only ours:   ${f}`);
    for (const f of theirs.filter((x) => !a.has(x))) console.log(`  only eslint: ${f}`);
    process.exitCode = 1;
  }
}

if (only === 'all' || only === 'monitor') monitorBench();
if (only === 'all' || only === 'code') codeBench();
