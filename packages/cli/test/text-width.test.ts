import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { builtBin, repoRoot, runBuiltCli } from './cli-helpers.js';

const lengths = (text: string) =>
  stripVTControlCharacters(text)
    .split(/\r?\n/)
    .map((line) => [...line].length);
const longest = (text: string) => Math.max(...lengths(text));
/** The text without its whitespace: wrapping may move line breaks and spaces, never anything else. */
const squeeze = (text: string) => stripVTControlCharacters(text).replace(/\s+/g, '');

const textRuns: [string, string[], number][] = [
  ['audit of code', ['audit', 'fixtures/apps'], 1],
  ['audit of a MONITOR log', ['audit', '--monitor', 'fixtures/monitor/valkey-8.0.1.log'], 1],
  ['table', ['table'], 0],
  ['explain', ['explain', 'SORT_RO', 'list', 'BY', 'w_*', 'GET', 'o_*'], 0],
];

const width = suite('text output and the terminal width');

for (const [name, args, code] of textRuns) {
  width(`${name}: --width 80 wraps every line at 80, and keeps every character`, async () => {
    const plain = await runBuiltCli(args);
    const wrapped = await runBuiltCli([...args, '--width', '80']);
    assert.is(wrapped.code, code, wrapped.stderr);
    assert.ok(longest(wrapped.stdout) <= 80, `${longest(wrapped.stdout)} columns`);
    assert.is(squeeze(wrapped.stdout), squeeze(plain.stdout));
  });
}

width('on a pipe nothing wraps: one line per finding, for grep', async () => {
  const { stdout } = await runBuiltCli(['audit', 'fixtures/apps']);
  assert.ok(longest(stdout) > 200, `${longest(stdout)} columns`);
  assert.match(
    stdout,
    /^ {2}19:26 +none +KEYS +This reply is kept in `ctx.cache` \(line 20\), .* @valkey-track\/no-uncovered-cached-read$/m,
  );
});

width('a bare --width is 80 columns; COLUMNS is read when no --width is given', async () => {
  assert.ok(longest((await runBuiltCli(['audit', 'fixtures/apps', '--width'])).stdout) <= 80);
  const narrow = await runBuiltCli(['audit', 'fixtures/apps'], { env: { COLUMNS: '60' } });
  assert.ok(longest(narrow.stdout) <= 60, narrow.stdout);
  const off = await runBuiltCli(['audit', 'fixtures/apps', '--width', '0'], { env: { COLUMNS: '60' } });
  assert.ok(longest(off.stdout) > 200);
});

width('JSON, SARIF and Markdown are never wrapped', async () => {
  for (const args of [
    ['audit', 'fixtures/apps', '--format', 'json'],
    ['audit', 'fixtures/apps', '--format', 'sarif'],
    ['audit', '--monitor', 'fixtures/monitor/valkey-8.0.1.log', '--format', 'json'],
    ['table', '--format', 'markdown'],
    ['table', '--format', 'json'],
    ['explain', 'KEYS', 'user:*', '--format', 'json'],
  ]) {
    const plain = await runBuiltCli(args);
    const asked = await runBuiltCli([...args, '--width', '40'], { env: { COLUMNS: '40' } });
    assert.is(asked.stdout, plain.stdout, args.join(' '));
  }
});

width('a --width that is not a number: one line, exit 2', async () => {
  const { code, stdout, stderr } = await runBuiltCli(['table', '--width', 'wide']);
  assert.is(code, 2);
  assert.is(stdout, '');
  assert.is(stderr, 'valkey-track: --width must be a number of columns, or 0 for no wrapping (got "wide")\n');
});

width('on a real terminal (a pty from script(1)), text wraps at its width, colours and all', () => {
  const command = `stty cols 70; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(builtBin)} audit fixtures/apps/iovalkey-bcast --no-progress`;
  const run = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: undefined,
      FORCE_COLOR: undefined,
      COLUMNS: undefined,
      // chalk turns colour off under an unnamed CI; this test is about a person's terminal
      CI: undefined,
      TF_BUILD: undefined,
      TEAMCITY_VERSION: undefined,
      TERM: 'xterm-256color',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.is(run.status, 1, run.stderr);
  assert.match(run.stdout, /\x1b\[/, 'colours on a terminal');
  assert.ok(longest(run.stdout) <= 70, run.stdout);
  assert.ok(lengths(run.stdout).filter((n) => n > 0).length > 8, 'findings wrapped onto more lines');
});

width.run();
