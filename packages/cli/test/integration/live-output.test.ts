import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stripVTControlCharacters } from 'node:util';
import { runBuiltCli } from '../cli-helpers.js';
import { freePort, requireEnv, startValkey } from './live-helpers.js';

const longest = (text: string) =>
  Math.max(
    ...stripVTControlCharacters(text)
      .split('\n')
      .map((line) => [...line].length),
  );
/** The text without its whitespace: wrapping may move line breaks and spaces, never anything else. */
const squeeze = (text: string) => stripVTControlCharacters(text).replace(/\s+/g, '');

const output = suite('output of the live commands');

output('commands --format json with a closed stdout (| head -1): exit 0, nothing on stderr', async () => {
  const url = requireEnv('VT_VALKEY_URL');
  const { code, stderr } = await runBuiltCli(['commands', '--url', url, '--format', 'json'], {
    closeStdout: true,
  });
  assert.is(stderr, '');
  assert.is(code, 0);
});

output('commands --width 80 wraps every line at 80 and keeps every character', async () => {
  const url = requireEnv('VT_REDIS_URL');
  const plain = await runBuiltCli(['commands', '--url', url]);
  const wrapped = await runBuiltCli(['commands', '--url', url, '--width', '80']);
  assert.is(wrapped.code, 0, wrapped.stderr);
  assert.ok(longest(plain.stdout) > 80, 'some line is longer than 80 unwrapped');
  assert.ok(longest(wrapped.stdout) <= 80, wrapped.stdout);
  assert.is(squeeze(wrapped.stdout), squeeze(plain.stdout));
});

output('verify --width 80: two lines a recipe, nothing wider than 80; unwrapped, the table', async () => {
  const server = startValkey(await freePort());
  try {
    const wrapped = await runBuiltCli(['verify', '--port', String(server.port), '--width', '80']);
    assert.is(wrapped.code, 0, wrapped.stderr);
    assert.ok(longest(wrapped.stdout) <= 80, `${longest(wrapped.stdout)} columns`);
    assert.match(
      wrapped.stdout,
      /^get {2}default {2}ok\n {2}GET k {2}declared full \(bundled\) {2}measured full {2}stale 0\/2$/m,
    );
    // Without --server-wide some reads go unmeasured (FUNCTION/KEYS recipes need the whole server), and verify
    // says so instead of "behaves as declared"; that sentence wraps too.
    assert.match(
      wrapped.stdout,
      /^No disagreement in what was measured, but \d+ of the server's reads went\n/m,
    );
    const plain = await runBuiltCli(['verify', '--port', String(server.port)]);
    assert.match(plain.stdout, /^RECIPE {2,}MODE {2,}READ {2,}DECLARED {2,}STALE {2,}MEASURED/m);
    assert.match(plain.stdout, /^get {2,}default {2,}GET k {2,}full \(bundled\) {2,}0\/2 {2,}full {2,}ok$/m);
    assert.ok(longest(plain.stdout) > 140);
  } finally {
    server.stop();
  }
});

output.run();
