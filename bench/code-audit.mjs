#!/usr/bin/env node
// The code audit benchmark, in one command: node bench/code-audit.mjs [--max-files 2000] [--max-kb 128] [--unfiltered]
// First the per-file cost of the rules: one 5,000-line module in the shapes application code has
// (bench/large-file.mjs), linted in-process by ESLint without our rules and with both, best CPU time of 9; the target
// is at most twice the time without them.
// Copies the project's own installed JavaScript (node_modules/.pnpm/*/node_modules/*, files up to --max-kb,
// no declarations) plus the sample apps' sources into one tree in the temp dir, then runs, side by side on
// that tree in the same run, `valkey-track audit` and ESLint's own CLI with exactly the audit's
// configuration (only our two rules, same parsers; `codeAuditConfig()`). Prints files, seconds, the ratio
// and whether the findings are identical; exits 1 when they are not. `--unfiltered` also times the audit
// with `--no-prefilter`, which lints every file as ESLint does, to show where the speed comes from. Needs a
// built CLI (`npx tsc -b packages/cli`).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const maxFiles = Number(flag('max-files', '2000'));
const maxBytes = Number(flag('max-kb', '128')) * 1024;
const bin = join(root, 'packages/cli/dist/bin.js');
const configModule = join(root, 'packages/cli/dist/code-audit/code-audit-config.js');
if (!existsSync(bin) || !existsSync(configModule)) {
  console.error('bench: build the CLI first: npx tsc -b packages/cli');
  process.exit(2);
}
const eslintBin = join(
  dirname(createRequire(join(root, 'packages/cli/package.json')).resolve('eslint/package.json')),
  'bin',
  'eslint.js',
);

// Outside the repository, whose .gitignore (bench/out/) the audit would honour and ESLint would not.
const work = join(tmpdir(), 'valkey-track-bench-code');
const tree = join(work, 'tree');
const source = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;

/** Regular files under `directory` (no symbolic links, no nested node_modules), in name order. */
function* filesUnder(directory) {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git')
      yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

function buildTree() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  let count = 0;
  let bytes = 0;
  const copy = (from, to) => {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    if (!source.test(from)) return;
    count++;
    bytes += statSync(from).size;
  };
  for (const app of readdirSync(join(root, 'fixtures/apps'), { withFileTypes: true })) {
    if (!app.isDirectory()) continue;
    // package.json tells the rules the node-redis version; it is not a source file, so neither run lints it.
    copy(join(root, 'fixtures/apps', app.name, 'package.json'), join(tree, 'apps', app.name, 'package.json'));
    for (const file of filesUnder(join(root, 'fixtures/apps', app.name, 'src'))) {
      copy(file, join(tree, 'apps', app.name, relative(join(root, 'fixtures/apps', app.name), file)));
    }
  }
  const store = join(root, 'node_modules/.pnpm');
  outer: for (const entry of readdirSync(store).sort()) {
    const modules = join(store, entry, 'node_modules');
    if (!existsSync(modules)) continue;
    for (const file of filesUnder(modules)) {
      if (count >= maxFiles) break outer;
      const name = file.slice(file.lastIndexOf('/') + 1);
      // Declarations, ESLint configs (the audit would load them) and .gitignore files (ESLint would not
      // read them) would make the two runs lint different files.
      if (!source.test(name) || name.endsWith('.d.ts') || name.startsWith('eslint.config.')) continue;
      if (statSync(file).size > maxBytes) continue;
      copy(file, join(tree, 'deps', entry, relative(modules, file)));
    }
  }
  writeFileSync(
    join(work, 'eslint.config.mjs'),
    `import { codeAuditConfig } from ${JSON.stringify(pathToFileURL(configModule).href)};\n` +
      `export default [...codeAuditConfig(), { linterOptions: { reportUnusedDisableDirectives: 'off' } }];\n`,
  );
  writeFileSync(join(work, 'tree.json'), JSON.stringify({ count, bytes, maxFiles, maxBytes }));
  return { count, bytes };
}

const { largeFileBench } = await import('./large-file-run.mjs');
const large = await largeFileBench({ lines: 5000 });
console.log(`one ${large.lines}-line module, best of 9 in-process runs (CPU time):`);
console.log(`  eslint without our rules ${large.without.toFixed(0).padStart(6)} ms`);
console.log(
  `  eslint with both rules   ${large.with.toFixed(0).padStart(6)} ms  (${large.findings} findings)`,
);
console.log(`  ratio: ${large.ratio.toFixed(2)}x the time without them (target: at most 2x)\n`);
if (large.ratio > 2) process.exitCode = 1;

const fresh = !existsSync(join(work, 'tree.json'));
const described = fresh ? buildTree() : JSON.parse(readFileSync(join(work, 'tree.json'), 'utf8'));
if (!fresh && (described.maxFiles !== maxFiles || described.maxBytes !== maxBytes))
  Object.assign(described, buildTree());
console.log(`tree: ${tree}\n  ${described.count} source files, ${(described.bytes / 1e6).toFixed(1)} MB`);
// Read every file once so both runs start from the page cache.
for (const file of filesUnder(tree)) readFileSync(file);

function timed(argv) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, argv, { cwd: work, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0 && run.status !== 1) {
    console.error(`bench: ${argv.join(' ')} exited ${run.status}:\n${run.stderr}`);
    process.exit(2);
  }
  return { seconds, stdout: run.stdout };
}

const auditArgs = [bin, 'audit', 'tree', '--format', 'json', '--fail-on', 'never', '--no-progress'];
const ours = timed(auditArgs);
const theirs = timed([eslintBin, '--config', join(work, 'eslint.config.mjs'), '--format', 'json', 'tree']);
const unfiltered = args.includes('--unfiltered') ? timed([...auditArgs, '--no-prefilter']) : undefined;

const findingsOf = (run) =>
  JSON.parse(run.stdout)
    .findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)
    .sort();
const unparsableOf = (report) =>
  report.skipped.filter((s) => s.reason === 'files that do not parse').reduce((n, s) => n + s.count, 0);
const report = JSON.parse(ours.stdout);
const oursFindings = findingsOf(ours);
const results = JSON.parse(theirs.stdout);
const eslintFindings = results
  .flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId?.startsWith('@valkey-track/'))
      .map((m) => `${relative(work, r.filePath).split('\\').join('/')}:${m.line}:${m.column} ${m.ruleId}`),
  )
  .sort();
const eslintUnparsable = results.filter((r) => r.messages.some((m) => m.fatal)).length;
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const row = (name, files, seconds, extra) =>
  console.log(
    `  ${name.padEnd(38)} ${String(files).padStart(6)} files  ${seconds.toFixed(2).padStart(7)} s  ${extra}`,
  );
console.log('');
row(
  'valkey-track audit',
  report.totals.files,
  ours.seconds,
  `${report.totals.linted} linted, ${report.totals.skippedByPrefilter} skipped by the pre-filter, ${unparsableOf(report)} did not parse`,
);
row(
  'eslint (only our rules, same config)',
  results.length,
  theirs.seconds,
  `${results.length} linted, ${eslintUnparsable} did not parse`,
);
if (unfiltered) {
  const all = JSON.parse(unfiltered.stdout);
  row(
    'valkey-track audit --no-prefilter',
    all.totals.files,
    unfiltered.seconds,
    `${all.totals.linted} linted, ${unparsableOf(all)} did not parse`,
  );
}
console.log('');
console.log(
  `  ratio: valkey-track audit is ${(theirs.seconds / ours.seconds).toFixed(1)}x faster than eslint`,
);
const identical = same(oursFindings, eslintFindings);
console.log(
  `  findings: ${oursFindings.length} vs ${eslintFindings.length}, ${identical ? 'identical' : 'DIFFERENT'}`,
);
if (unfiltered) {
  const alsoIdentical = same(findingsOf(unfiltered), eslintFindings);
  console.log(`  findings without the pre-filter: ${alsoIdentical ? 'identical' : 'DIFFERENT'}`);
  if (!alsoIdentical) process.exitCode = 1;
}
if (!identical) {
  const a = new Set(oursFindings);
  const b = new Set(eslintFindings);
  for (const f of oursFindings.filter((x) => !b.has(x))) console.log(`  only valkey-track: ${f}`);
  for (const f of eslintFindings.filter((x) => !a.has(x))) console.log(`  only eslint:       ${f}`);
  process.exitCode = 1;
}
