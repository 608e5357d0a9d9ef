import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtBin, runBuiltCli } from './cli-helpers.js';
import { printable } from '../src/util/printable.js';

const input = suite('messages about bad input');
let dir = '';
input.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'vt-input-'));
  chmodSync(dir, 0o755);
});
input.after.each(() => rmSync(dir, { recursive: true, force: true }));

input('a log the user may not read: one line, its prefix once', () => {
  const log = join(dir, 'monitor.log');
  writeFileSync(log, '1700000000.000001 [0 127.0.0.1:5000] "GET" "k"\n');
  chmodSync(log, 0o000);
  // root reads any file, so the run drops to nobody, as a user without the right would be.
  const asUser =
    process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const [command, ...args] = [...asUser, process.execPath, builtBin, 'audit', '--monitor', log];
  const run = spawnSync(command!, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.is(run.stderr, `valkey-track: cannot read the MONITOR log "${log}": permission denied\n`);
  assert.is(run.stdout, '');
  assert.is(run.status, 2);
});

input('a binary source file: its parse error shows the NUL byte as an escape, never raw', async () => {
  writeFileSync(
    join(dir, 'blob.js'),
    Buffer.from('const mode = "tracking";\n\u0000\u0001\u001b[2J binary\n', 'latin1'),
  );
  const { code, stdout, stderr } = await runBuiltCli(['audit', dir]);
  assert.is(code, 0, stderr);
  assert.not.match(stdout, /[\u0000\u0001\u001b]/);
  assert.match(stdout, 'Skipped 1 files that do not parse (first: ');
  assert.match(stdout, "blob.js:2 Parsing error: Unexpected character '\\x00')");
});

input('printable escapes control characters and bidirectional overrides, and keeps the rest', () => {
  assert.is(printable('a\u0000b\tc\u001b[31md\u202ee\u2066f'), 'a\\x00b\\x09c\\x1b[31md\\u202ee\\u2066f');
  assert.is(printable('KEYS user:* — naïve'), 'KEYS user:* — naïve');
});

input.run();
