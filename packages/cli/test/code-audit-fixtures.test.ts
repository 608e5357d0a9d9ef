import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditCode } from '../src/code-audit/audit-code.js';
import type { AuditReport } from '../src/report/types.js';
import {
  ambiguousLines,
  appsDirectory,
  appsWithPlugin,
  listApps,
  matchesExpected,
  newDirectory,
  readExpected,
} from './code-audit-helpers.js';

const positions = (report: AuditReport) =>
  report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`);

const audit = suite('auditCode on the sample apps');
let project = '';
audit.before(() => {
  project = appsWithPlugin();
});
audit.after(() => rmSync(project, { recursive: true, force: true }));

audit('finds exactly the findings each app expects, with the settings of its eslint.config.js', async () => {
  const report = await auditCode(['apps'], { cwd: project, version: 'test', progress: false });
  const unmatched = [...report.findings];
  const missing: string[] = [];
  for (const app of listApps()) {
    for (const expected of readExpected(app)) {
      const index = unmatched.findIndex((f) => matchesExpected(f, expected, `apps/${app}/`));
      if (index === -1) missing.push(`apps/${app}/${expected.file}:${expected.line} ${expected.ruleId}`);
      else unmatched.splice(index, 1);
    }
  }
  const ambiguous = listApps().flatMap((app) =>
    ambiguousLines(app).map((a) => `apps/${app}/${a.file}:${a.line}`),
  );
  assert.equal(missing, []);
  assert.equal(
    positions({ ...report, findings: unmatched.filter((f) => !ambiguous.includes(`${f.file}:${f.line}`)) }),
    [],
  );
  assert.equal(report.notes, []);
  assert.equal(report.skipped, []);
});

audit(
  'the pre-filter changes no finding, and skips the files that mention no tracking and no cache',
  async () => {
    const filtered = await auditCode(['apps'], { cwd: project, version: 'test', progress: false });
    const everything = await auditCode(['apps'], {
      cwd: project,
      version: 'test',
      progress: false,
      prefilter: false,
    });
    assert.equal(filtered.findings, everything.findings);
    assert.is(everything.totals.linted, everything.totals.files);
    assert.ok(filtered.totals.skippedByPrefilter! > 0, 'the pre-filter skipped nothing');
    assert.is(filtered.totals.linted! + filtered.totals.skippedByPrefilter!, filtered.totals.files);
  },
);

audit('a finding carries the command and category its report data gives', async () => {
  const report = await auditCode([join('apps', 'iovalkey-optin')], {
    cwd: project,
    version: 'test',
    progress: false,
  });
  const withoutCaching = report.findings.find((f) => f.line === 47);
  assert.is(withoutCaching?.command, 'hget');
  assert.is(withoutCaching?.category, 'none');
  assert.match(withoutCaching?.message ?? '', /CLIENT CACHING yes/);
});

audit('an eslint.config.js that cannot be loaded leaves the built-in settings and says so', async () => {
  // A copy outside the workspace whose config imports a package nobody installed (the plugin itself
  // resolves as valkey-track's own, code-audit-settings.test.ts).
  const bare = newDirectory();
  cpSync(join(appsDirectory, 'node-redis-6.2'), join(bare, 'node-redis-6.2'), { recursive: true });
  writeFileSync(
    join(bare, 'node-redis-6.2', 'eslint.config.js'),
    "import valkeyTrack from '@valkey-track/eslint-plugin';\nimport shared from '@acme/eslint-config-not-installed';\n" +
      'export default [...shared, valkeyTrack.configs.recommended];\n',
  );
  const report = await auditCode(['node-redis-6.2'], { cwd: bare, version: 'test', progress: false });
  rmSync(bare, { recursive: true, force: true });
  // stats.js still has its finding: the client it imports is read from leaderboard.js, settings or not.
  assert.ok(report.findings.some((f) => f.file?.endsWith('stats.js')));
  assert.is(report.findings.length, readExpected('node-redis-6.2').length);
  assert.match(
    report.notes.join('\n'),
    // The importer named is the project's config, not valkey-track's resolution hook that retried it.
    /1 ESLint config could not be loaded.*'@acme\/eslint-config-not-installed' imported from .*node-redis-6.2[/\\]eslint.config.js\)$/,
  );
});

audit("files the project's eslint.config.js ignores are not audited", async () => {
  const copy = appsWithPlugin();
  try {
    writeFileSync(
      join(copy, 'apps', 'iovalkey-default', 'eslint.config.js'),
      "import valkeyTrack from '@valkey-track/eslint-plugin';\n" +
        "export default [{ ignores: ['src/users.js'] }, valkeyTrack.configs.recommended];\n",
    );
    const report = await auditCode([join('apps', 'iovalkey-default')], {
      cwd: copy,
      version: 'test',
      progress: false,
    });
    assert.equal(
      report.findings.map((f) => f.file),
      ['apps/iovalkey-default/src/report-service.js'],
    );
    assert.is(report.totals.ignoredByEslintConfig, 1);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

audit.run();
