import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// The built code: a worker thread starts in milliseconds from JavaScript, in a second through tsx.
import { prestartAuditThreads, takeAuditThread } from '../dist/monitor/audit-threads.js';
import { auditInParallel } from '../dist/monitor/parallel-audit.js';
import { monitorReport } from '../dist/monitor/monitor-report.js';

const threads = suite('audit threads started before the audit');

const lines = [
  '1700000000.000001 [0 10.0.0.1:5001] "HELLO" "3"',
  '1700000000.000002 [0 10.0.0.1:5001] "CLIENT" "TRACKING" "ON"',
  '1700000000.000003 [0 10.0.0.1:5001] "TTL" "session:1"',
  '1700000000.000004 [0 10.0.0.2:5002] "KEYS" "user:*"',
  '1700000000.000005 [0 10.0.0.1:5001] "KEYS" "user:*"',
];

threads('a thread started early is the one the next audit takes', async () => {
  prestartAuditThreads(1);
  const taken = takeAuditThread();
  assert.ok(taken.threadId > 0);
  const again = takeAuditThread();
  assert.is.not(again.threadId, taken.threadId, 'a second take starts a thread of its own');
  await Promise.all([taken.terminate(), again.terminate()]);
});

threads('an audit on a thread started early reports what a fresh thread reports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-threads-'));
  try {
    const path = join(dir, 'monitor.log');
    const text = `${lines.join('\n')}\n`;
    writeFileSync(path, text);
    const size = Buffer.byteLength(text);
    const report = async () =>
      JSON.stringify(
        monitorReport((await auditInParallel(path, size, 1, {})).audit, {
          inputs: [path],
          bytes: size,
          version: '0.0.0',
        }),
      );
    const fresh = await report();
    prestartAuditThreads(1);
    const early = await report();
    assert.is(early, fresh);
    assert.match(early, /"command":"ttl"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

threads('a thread started early and never taken does not keep the process alive', () => {
  const url = new URL('../dist/monitor/audit-threads.js', import.meta.url).href;
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `import(${JSON.stringify(url)}).then((m) => m.prestartAuditThreads(2))`],
    { encoding: 'utf8', timeout: 20_000 },
  );
  assert.is(run.error, undefined, 'the process ended by itself');
  assert.is(run.status, 0, run.stderr);
});

threads.run();
