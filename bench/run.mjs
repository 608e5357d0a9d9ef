#!/usr/bin/env node
// The benchmarks, in one command: node bench/run.mjs [--only monitor|code] [--size 1GB] [--runs 3]
//
// MONITOR audit: generates (once, in the temp dir) a realistic MONITOR log and times
// `valkey-track audit --monitor` against wc -l, grep -c, a mawk one-liner and a naive Node readline + regex
// parser, side by side on the same file in the same run: throughput, ratio to ours, peak RSS.
//
// Code audit: lints a copy of the project's own node_modules (plus the fixture apps, for findings) with
// `valkey-track audit` and with `eslint` running only our rules, and checks both report the same findings.
//
// Needs a built CLI (`npx tsc -b packages/cli`) and GNU time at /usr/bin/time for peak RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCodeTree } from './code-tree.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const only = flag('only', 'all');
const size = flag('size', '1GB');
const runs = Number(flag('runs', '3'));
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

/** Best wall time of `times` runs, the largest peak RSS seen, and the last run's stdout. */
function measure(command, argv, { cwd = root, times = runs } = {}) {
  let best = Infinity;
  let rss = 0;
  let stdout = '';
  for (let r = 0; r < times; r++) {
    const started = process.hrtime.bigint();
    const options = { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 };
    const child = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...argv], options)
      : spawnSync(command, argv, options);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.status !== 0 && child.status !== 1) {
      console.error(`bench: ${command} ${argv.join(' ')} failed:\n${child.stderr}`);
      process.exit(2);
    }
    best = Math.min(best, seconds);
    stdout = child.stdout.toString();
    if (hasTime) rss = Math.max(rss, Number(child.stderr.toString().trim().split('\n').pop()) * 1024);
  }
  return { seconds: best, rss, stdout };
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

function logOf(wanted) {
  const path = join(dir, `monitor-${wanted}.log`);
  if (!existsSync(path)) {
    console.error(`bench: generating a ${wanted} MONITOR log in ${path} (kept for the next run)`);
    const g = spawnSync(process.execPath, [join(root, 'bench/generate-monitor-log.mjs'), path, wanted], {
      stdio: 'inherit',
    });
    if (g.status !== 0) process.exit(2);
  }
  // Read it once so every tool starts from the page cache.
  spawnSync('cat', [path], { stdio: ['ignore', 'ignore', 'inherit'] });
  return path;
}

function monitorBench() {
  const log = logOf(size);
  const bytes = statSync(log).size;
  const audit = (path) => [
    bin,
    'audit',
    '--monitor',
    path,
    '--format',
    'json',
    '--fail-on',
    'never',
    '--no-progress',
  ];
  const tools = [
    ['valkey-track audit --monitor', process.execPath, audit(log)],
    ['wc -l', 'wc', ['-l', log]],
    ['grep -c \'"KEYS"\'', 'grep', ['-c', '"KEYS"', log]],
    ["mawk '{c[$3]++}'", 'mawk', ['{c[$3]++} END {for (k in c) n++; print n}', log]],
    ['naive Node readline + regex', process.execPath, [join(root, 'bench/naive-monitor-parser.mjs'), log]],
  ];
  console.log(
    `\nMONITOR audit: ${log}, ${mb(bytes).toFixed(0)} MB; best of ${runs} runs each; ${process.version}\n`,
  );
  const rows = tools.map(([name, command, argv]) => ({ name, ...measure(command, argv) }));
  table(rows, mb(bytes), 'MB/s');
  // Peak RSS must not grow with the log: audit a log a tenth the size and compare.
  const smallSize = `${Math.max(1, Math.round(mb(bytes) / 10))}MB`;
  const small = measure(process.execPath, audit(logOf(smallSize)));
  const mawk = rows.find((r) => r.name.startsWith('mawk'));
  const naive = rows.find((r) => r.name.startsWith('naive'));
  console.log(`\nours ÷ mawk: ${(mawk.seconds / rows[0].seconds).toFixed(2)} (target ≥ 1)`);
  console.log(`ours ÷ naive Node: ${(naive.seconds / rows[0].seconds).toFixed(2)}`);
  console.log(
    `peak RSS: ${mib(rows[0].rss)} on ${mb(bytes).toFixed(0)} MB, ${mib(small.rss)} on ${smallSize} (target < 128 MiB)`,
  );
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
