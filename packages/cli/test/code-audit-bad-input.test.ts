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

bad(
  'a module the analysis could not judge is counted and named, once, and the others are audited',
  async () => {
    // What the plugin's rules record when their analysis throws on code it has no case for (module-facts.ts):
    // the module is left unjudged, and the audit that ran the rules says so instead of staying silent.
    const { recordAnalysisFailure } = (await import(
      new URL('../../eslint-plugin/dist/analysis/analysis-failures.js', import.meta.url).href
    )) as { recordAnalysisFailure(file: string, error: unknown): void };
    const broken = join(root, 'src', 'broken-module.ts');
    recordAnalysisFailure(broken, new RangeError('Maximum call stack size exceeded\n    at summarize'));
    recordAnalysisFailure(broken, new RangeError('Maximum call stack size exceeded'));
    const report = await auditCode(['src'], { ...options, cwd: root });
    assert.is(report.findings.length, 2);
    assert.equal(report.skipped, [
      {
        reason:
          'modules the analysis could not judge (a bug in valkey-track: please report it; VALKEY_TRACK_DEBUG=1 shows where)',
        count: 1,
        examples: [{ file: 'src/broken-module.ts', preview: 'Maximum call stack size exceeded' }],
      },
    ]);
  },
);

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
