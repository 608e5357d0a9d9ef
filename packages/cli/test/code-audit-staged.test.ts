import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
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
