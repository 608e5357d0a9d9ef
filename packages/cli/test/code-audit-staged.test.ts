import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditCode } from '../src/code-audit/audit-code.js';
import { UsageError } from '../src/util/usage-error.js';
import { appsDirectory, newDirectory } from './code-audit-helpers.js';

const git = (cwd: string, ...args: string[]) => {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
};
const options = { version: 'test', progress: false, staged: true } as const;

const staged = suite('auditCode --staged');
let repo = '';
staged.before.each(() => {
  repo = newDirectory();
  git(repo, 'init', '-q');
  cpSync(join(appsDirectory, 'iovalkey-default', 'src'), join(repo, 'src'), { recursive: true });
  cpSync(join(appsDirectory, 'iovalkey-bcast', 'src'), join(repo, 'other'), { recursive: true });
});
staged.after.each(() => rmSync(repo, { recursive: true, force: true }));

staged('audits only the files staged in git', async () => {
  git(repo, 'add', 'src/users.js');
  const report = await auditCode([], { ...options, cwd: repo });
  assert.equal([...new Set(report.findings.map((f) => f.file))], ['src/users.js']);
  assert.is(report.totals.files, 1);
  assert.equal(report.inputs, ['staged files']);
});

staged('limits the staged files to the paths given, and finds them from a subdirectory', async () => {
  git(repo, 'add', 'src', 'other');
  const report = await auditCode(['.'], { ...options, cwd: join(repo, 'other') });
  assert.equal([...new Set(report.findings.map((f) => f.file))], ['tunnels.js']);
});

staged('has nothing to audit when only non-source files are staged', async () => {
  writeFileSync(join(repo, 'notes.md'), 'CLIENT TRACKING');
  git(repo, 'add', 'notes.md');
  const report = await auditCode([], { ...options, cwd: repo });
  assert.is(report.totals.files, 0);
  assert.equal(report.findings, []);
});

/** A module that turns tracking on and caches only fully covered reads: nothing to report. */
const clean = `import Valkey from 'iovalkey';

const cache = new Map();
const redis = new Valkey(process.env.VALKEY_URL);
redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', process.env.INVALIDATIONS_ID, 'BCAST', 'PREFIX', 'user:'));

export async function user(id) {
  if (!cache.has(id)) cache.set(id, await redis.hgetall(\`user:\${id}\`));
  return cache.get(id);
}
`;

const where = (findings: { file?: string; line: number; command: string }[]) =>
  findings.map((f) => `${f.file}:${f.line} ${f.command}`);

staged(
  'lints the staged content: findings staged but fixed in the working copy still fail the commit',
  async () => {
    const withFindings = readFileSync(join(repo, 'src/users.js'), 'utf8');
    const expected = where(
      (await auditCode(['src/users.js'], { ...options, staged: false, cwd: repo })).findings,
    );
    assert.ok(expected.length > 2, expected.join('\n'));
    git(repo, 'add', 'src/users.js');
    // Unstaged edits after `git add`: three lines more at the top and the findings gone.
    writeFileSync(join(repo, 'src/users.js'), `// a\n// b\n// c\n${clean}`);
    const report = await auditCode([], { ...options, cwd: repo });
    assert.equal(
      where(report.findings),
      expected,
      'the staged lines, as `git show :src/users.js` numbers them',
    );
    assert.ok(withFindings.length > 0);
  },
);

staged('lints the staged content: a clean staged file passes whatever the working copy holds', async () => {
  const withFindings = readFileSync(join(repo, 'src/users.js'), 'utf8');
  writeFileSync(join(repo, 'src/users.js'), clean);
  git(repo, 'add', 'src/users.js');
  writeFileSync(join(repo, 'src/users.js'), withFindings);
  const report = await auditCode([], { ...options, cwd: repo });
  assert.equal(report.findings, []);
  assert.is(report.totals.linted, 1, 'the clean staged version was linted');
  const workingCopy = await auditCode(['src/users.js'], { ...options, staged: false, cwd: repo });
  assert.ok(workingCopy.findings.length > 0, 'the working copy alone would fail');
});

staged('a file staged and then deleted from the working tree is still linted from the index', async () => {
  git(repo, 'add', 'src/users.js');
  rmSync(join(repo, 'src/users.js'));
  const report = await auditCode([], { ...options, cwd: repo });
  assert.ok(report.findings.length > 0);
  assert.equal(report.skipped, []);
});

staged('outside a git repository is a usage error', async () => {
  const outside = newDirectory();
  try {
    await auditCode([], { ...options, cwd: outside });
    assert.unreachable('no error');
  } catch (error) {
    assert.instance(error, UsageError);
    assert.match((error as Error).message, /--staged: git rev-parse failed: fatal: not a git repository/);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

staged.run();
