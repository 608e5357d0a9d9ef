import { cpSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditCode } from '../src/code-audit/audit-code.js';
import { appsDirectory, newDirectory } from './code-audit-helpers.js';

const options = { version: 'test', progress: false } as const;

const bad = suite('auditCode on bad input');
let root = '';
bad.before.each(() => {
  root = newDirectory();
  cpSync(join(appsDirectory, 'iovalkey-bcast', 'src'), join(root, 'src'), { recursive: true });
});
bad.after.each(() => rmSync(root, { recursive: true, force: true }));

bad('a missing path is counted and reported, and the other paths are audited', async () => {
  const report = await auditCode(['missing', 'src'], { ...options, cwd: root });
  assert.is(report.findings.length, 2);
  assert.equal(report.skipped, [
    { reason: 'paths that do not exist', count: 1, examples: [{ file: 'missing', preview: 'ENOENT' }] },
  ]);
});

bad('a file that cannot be read is counted and reported, and the others are audited', async () => {
  // A dangling link: the test runs as root too, for whom no permission bit makes a file unreadable.
  symlinkSync(join(root, 'gone.js'), join(root, 'src', 'broken.js'));
  const report = await auditCode(['src'], { ...options, cwd: root });
  assert.is(report.findings.length, 2);
  assert.equal(report.skipped, [
    {
      reason: 'files or directories that cannot be read',
      count: 1,
      examples: [{ file: 'src/broken.js', preview: 'ENOENT' }],
    },
  ]);
  assert.is(report.totals.files, 2);
});

bad('source that does not parse is skipped with its line, not reported as a finding', async () => {
  writeFileSync(join(root, 'src', 'half.js'), "await redis.call('CLIENT', 'TRACKING', 'ON');\nconst = ;\n");
  writeFileSync(join(root, 'src', 'half.ts'), "import Redis from 'ioredis';\nconst tracking: = 1;\n");
  const report = await auditCode(['src'], { ...options, cwd: root });
  assert.equal(
    report.findings.map((f) => f.file),
    ['src/tunnels.js', 'src/tunnels.js'],
  );
  const [unparsable] = report.skipped;
  assert.is(unparsable?.reason, 'files that do not parse');
  assert.is(unparsable?.count, 2);
  assert.equal(
    unparsable?.examples.map((e) => `${e.file}:${e.line}`),
    ['src/half.js:2', 'src/half.ts:2'],
  );
  assert.match(unparsable?.examples[0]?.preview ?? '', /Parsing error/);
});

bad(
  'a file without tracking, cache or invalidation is never parsed, so its syntax does not matter',
  async () => {
    writeFileSync(join(root, 'src', 'broken.js'), 'this is not javascript');
    const report = await auditCode(['src'], { ...options, cwd: root });
    assert.equal(report.skipped, []);
    assert.is(report.totals.skippedByPrefilter, 1);
  },
);

bad.run();
