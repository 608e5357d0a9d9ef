import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closestName } from '../src/util/closest-name.js';
import { exitCodeLines } from '../src/util/exit-codes.js';
import { repoRoot, runBuiltCli, type CliRun } from './cli-helpers.js';

/** A usage error: exactly this one line on stderr, nothing on stdout (no help dumped), exit 2. */
function assertUsage(run: CliRun, line: string) {
  assert.is(run.stdout, '');
  assert.is(run.stderr, `valkey-track: ${line}\n`);
  assert.is(run.code, 2);
}

const usage = suite('command line usage');

usage('an unknown top-level option: one line, exit 2', async () => {
  assertUsage(await runBuiltCli(['--bogus']), 'unknown option --bogus. Run `valkey-track --help`');
});

usage('an unknown command names the closest one, or none when nothing is close', async () => {
  assertUsage(
    await runBuiltCli(['tabel']),
    'unknown command "tabel"; did you mean table? Run `valkey-track --help` for the commands',
  );
  assertUsage(
    await runBuiltCli(['verfy', '--url', 'redis://127.0.0.1:1']),
    'unknown command "verfy"; did you mean verify? Run `valkey-track --help` for the commands',
  );
  assertUsage(
    await runBuiltCli(['bogus']),
    'unknown command "bogus". Run `valkey-track --help` for the commands',
  );
});

usage('a path given without a command suggests auditing it', async () => {
  assertUsage(
    await runBuiltCli(['fixtures/apps']),
    'unknown command "fixtures/apps"; to audit it: valkey-track audit fixtures/apps. Run `valkey-track --help` for the commands',
  );
});

usage('an unknown option of a command names the closest option of that command', async () => {
  assertUsage(
    await runBuiltCli(['table', '--formt', 'json']),
    'unknown option --formt; did you mean --format? Run `valkey-track --help`',
  );
  assertUsage(
    await runBuiltCli(['audit', 'fixtures/apps', '--fail-of', 'none']),
    'unknown option --fail-of; did you mean --fail-on? Run `valkey-track --help`',
  );
  assertUsage(
    await runBuiltCli(['explain', '--nonsense', 'KEYS', 'x']),
    'unknown option --nonsense. Run `valkey-track --help` explain --help',
  );
});

usage('a BCAST prefix is taken exactly as typed, even when it looks like a number', async () => {
  const explained = async (...args: string[]) =>
    JSON.parse((await runBuiltCli(['explain', ...args, '--format', 'json'])).stdout) as { category: string };
  // The empty prefix covers every key (valkey src/tracking.c); the option parser would make it 0.
  assert.is((await explained('KEYS', '*', '--mode', 'bcast', '--prefix', '')).category, 'full');
  // `007` stays `007` (not 7), in both spellings of the option.
  assert.is((await explained('GET', '007:x', '--mode', 'bcast', '--prefix', '007')).category, 'full');
  assert.is((await explained('GET', '7:x', '--mode', 'bcast', '--prefix=007')).category, 'none');
});

usage(
  "explain's words that look like options are words: -1, - and +, before or after its options",
  async () => {
    const explained = async (...args: string[]) => {
      const run = await runBuiltCli(['explain', ...args]);
      assert.is(run.stderr, '');
      return JSON.parse(run.stdout) as { category: string; explanation: string };
    };
    const range = await explained('--format', 'json', 'ZRANGE', 'board', '0', '-1', 'WITHSCORES');
    assert.is(range.category, 'full');
    assert.match(range.explanation, '`ZRANGE board 0 -1 WITHSCORES`');
    const stream = await explained('XRANGE', 'events', '-', '+', '--format', 'json');
    assert.match(stream.explanation, '`XRANGE events - +`');
    const scores = await explained('--format', 'json', '--', 'ZRANGEBYSCORE', 'board', '-inf', '+inf');
    assert.match(scores.explanation, '`ZRANGEBYSCORE board -inf +inf`');
  },
);

usage('an option of another command says whose it is', async () => {
  assertUsage(
    await runBuiltCli(['table', '--url', 'redis://127.0.0.1:6379']),
    '--url is an option of commands, clients, audit, verify, not table. Run `valkey-track --help`',
  );
});

usage('options the chosen audit would ignore are refused', async () => {
  assertUsage(
    await runBuiltCli(['audit', '--duration', '5s', 'fixtures/apps']),
    '--duration sets how long --live captures: add --live, or leave --duration out',
  );
  assertUsage(
    await runBuiltCli(['audit', '--monitor', 'fixtures/monitor/valkey-8.0.1.log', '--duration', '5s']),
    '--duration sets how long --live captures: add --live, or leave --duration out',
  );
  assertUsage(
    await runBuiltCli(['audit', 'fixtures/apps', '--url', 'redis://127.0.0.1:6379']),
    '--url is for --live: the audit of code connects to no server',
  );
  assertUsage(
    await runBuiltCli(['audit', 'fixtures/apps', '--tracking-clients', '*']),
    '--tracking-clients is for MONITOR audits: add --monitor FILE or --live',
  );
  assertUsage(
    await runBuiltCli(['audit', '--live', '--url', 'redis://127.0.0.1:1', '--server', 'valkey@9.1']),
    '--server names the server a MONITOR log was captured on: --live asks each server its kind and version (HELLO)',
  );
  assertUsage(
    await runBuiltCli(['audit', 'fixtures/apps', '--server', 'valkey@9.1']),
    '--server valkey@9.1: the audit of code takes the server alone (valkey or redis); a version is for MONITOR logs',
  );
  assertUsage(
    await runBuiltCli(['audit', 'fixtures/apps', '--jobs', '2']),
    '--jobs is for MONITOR log files: add --monitor FILE',
  );
  assertUsage(
    await runBuiltCli(['audit', '--live', '--url', 'redis://127.0.0.1:1', '--jobs', '2']),
    '--jobs is for MONITOR log files: --live audits each node it captures in a thread of its own',
  );
});

usage("cac's own usage errors read like the others", async () => {
  assertUsage(await runBuiltCli(['table', 'extra']), 'unexpected argument extra. Run `valkey-track --help`');
  assertUsage(await runBuiltCli(['audit', '--format']), '--format needs a value. Run `valkey-track --help`');
});

usage('--version alone prints the version; with a command, the command runs', async () => {
  assert.match((await runBuiltCli(['--version'])).stdout, /^valkey-track\/0\.1\.0 /);
  const table = await runBuiltCli(['table', '--category', 'none', '-v']);
  assert.is(table.code, 0, table.stderr);
  assert.match(
    table.stdout,
    /^\d+ commands: 0 full, 0 partial, \d+ none \(valkey 8\.0\.1, .*, worst case\)$/m,
  );
});

usage('no arguments: the help, exit 0', async () => {
  const { code, stdout, stderr } = await runBuiltCli([]);
  assert.is(code, 0);
  assert.is(stderr, '');
  assert.match(stdout, 'Usage:\n  $ valkey-track <command> [options]');
});

usage('help shows defaults that read right, and no trailing spaces', async () => {
  const { stdout } = await runBuiltCli(['audit', '--help']);
  assert.match(stdout, /^ {2}--no-prefilter +Lint every file, not only those that can hold a finding$/m);
  assert.match(stdout, /^ {2}--no-progress +No progress bar on stderr$/m);
  assert.match(stdout, /^ {2}--duration <time> +How long --live captures: 30s, 2m, 500ms \(default: 30s\)$/m);
  assert.match(stdout, /^ {2}--port <port> +Server port \(default: 6379\)$/m);
  assert.not.match(stdout, /\(default: true\)/);
  assert.not.match(stdout, / +$/m);
});

usage('the exit codes are printed once, in the top-level help, and README shows the same block', async () => {
  const block = `Exit codes:\n${exitCodeLines().join('\n')}`;
  const top = await runBuiltCli(['--help']);
  assert.ok(top.stdout.includes(block), top.stdout);
  assert.is(top.stdout.split('Exit codes:').length, 2);
  for (const command of ['explain', 'table', 'commands', 'audit', 'verify']) {
    const { stdout } = await runBuiltCli([command, '--help']);
    assert.not.match(stdout, 'Exit codes', `${command} --help`);
  }
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  assert.ok(readme.includes(`\`\`\`text\n${exitCodeLines().join('\n')}\n\`\`\``), 'README exit-code block');
});

usage("the clone's root runs the workspace CLI with npx, as README says", () => {
  const run = spawnSync('npx', ['--no-install', 'valkey-track', '--version'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /^valkey-track\/0\.1\.0 /);
});

usage(
  'README runs valkey-track only through npx (or npm run demo), so each command works from a clone',
  () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const shellBlocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const invocations = shellBlocks.flatMap((block) =>
      block.split('\n').filter((line) => /(^|\s|\|)valkey-track\s/.test(line)),
    );
    assert.ok(invocations.length >= 8, `${invocations.length}`);
    for (const line of invocations) assert.match(line, /npx valkey-track /, line);
  },
);

usage.run();

const closest = suite('closestName');

closest('a prefix of one name, a small typo, or nothing', () => {
  const commands = ['explain', 'table', 'commands', 'audit', 'verify'];
  assert.is(closestName('ver', commands), 'verify');
  assert.is(closestName('tabel', commands), 'table');
  assert.is(closestName('audti', commands), 'audit');
  assert.is(closestName('bogus', commands), undefined);
  assert.is(closestName('--formt', ['--format', '--fail-on']), '--format');
  assert.is(closestName('-x', ['-h', '-v']), undefined, 'too short to guess from');
});

closest.run();
