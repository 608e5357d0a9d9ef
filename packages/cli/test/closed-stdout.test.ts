import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runBuiltCli } from './cli-helpers.js';

const closed = suite('a closed stdout (| head) ends the run quietly');

const runs: [string, string[]][] = [
  ['table --format json', ['table', '--format', 'json']],
  ['table', ['table']],
  ['explain', ['explain', 'KEYS', 'user:*']],
  ['--help', ['--help']],
  ['audit with findings, which would exit 1', ['audit', 'fixtures/apps']],
  ['audit --format json', ['audit', 'fixtures/apps', '--format', 'json']],
  ['audit --monitor', ['audit', '--monitor', 'fixtures/monitor/valkey-8.0.1.log']],
];

for (const [name, args] of runs) {
  closed(`${name}: exit 0, nothing on stderr`, async () => {
    const { code, stderr } = await runBuiltCli(args, { closeStdout: true });
    assert.is(stderr, '');
    assert.is(code, 0);
  });
}

closed('a usage error still exits 2 with its one line', async () => {
  const { code, stderr } = await runBuiltCli(['audit', 'no-such-dir'], { closeStdout: true });
  assert.is(code, 2);
  assert.is(stderr, 'valkey-track: no such file or directory: no-such-dir\n');
});

closed.run();
