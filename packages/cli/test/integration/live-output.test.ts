import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runBuiltCli } from '../cli-helpers.js';
import { requireEnv } from './live-helpers.js';

const output = suite('output of the live commands');

output('commands --format json with a closed stdout (| head -1): exit 0, nothing on stderr', async () => {
  const url = requireEnv('VT_VALKEY_URL');
  const { code, stderr } = await runBuiltCli(['commands', '--url', url, '--format', 'json'], {
    closeStdout: true,
  });
  assert.is(stderr, '');
  assert.is(code, 0);
});

output.run();
