import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Needs the npm registry (ESLint, typescript-eslint and the packages' own dependencies come from it), so it is
// an integration suite: the unit suites stay offline.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const project = join(repoRoot, 'fixtures/packed-install');

/** npm run from `npm test` exports its config as npm_config_*; a nested npm would install into the workspace. */
const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_(config|package|lifecycle)_/i.test(name)),
  );

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...cleanEnv(), NO_COLOR: '1' },
    maxBuffer: 64 << 20,
  });
  if (result.error) throw result.error;
  return result;
}

let packDirectory = '';
let tarballs: string[] = [];
const directories: string[] = [];

/** A fresh npm project with the fixture's files and package.json, and `packages` installed into it. */
function freshProject(packages: string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'vt-packed-'));
  directories.push(directory);
  cpSync(project, directory, { recursive: true });
  writeFileSync(
    join(directory, 'package.json'),
    `${JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  const install = run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packages],
    directory,
  );
  assert.is(install.status, 0, `npm install failed:\n${install.stderr}`);
  return directory;
}

interface EslintFileResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; fatal?: boolean; message: string }[];
}

/** `rule@file:line` for every message of `npx eslint src -f json`. */
function eslintFindings(directory: string): string[] {
  const lint = run('npx', ['--no-install', 'eslint', 'src', '--format', 'json'], directory);
  assert.ok(lint.status === 1, `eslint should exit 1 with findings (got ${lint.status}):\n${lint.stderr}`);
  const results = JSON.parse(lint.stdout) as EslintFileResult[];
  return results
    .flatMap((file) =>
      file.messages.map(
        (m) => `${m.ruleId ?? 'fatal'}@${file.filePath.slice(directory.length + 1)}:${m.line}`,
      ),
    )
    .sort();
}

// Each CLIENT TRACKING line twice: sent once (not restored on reconnect) and, on RESP2 iovalkey without
// REDIRECT, heard by nobody.
const expected = [
  '@valkey-track/no-incomplete-invalidation@src/sessions.ts:15',
  '@valkey-track/no-incomplete-invalidation@src/sessions.ts:15',
  '@valkey-track/no-incomplete-invalidation@src/users.js:6',
  '@valkey-track/no-incomplete-invalidation@src/users.js:6',
  '@valkey-track/no-uncovered-cached-read@src/sessions.ts:21',
  '@valkey-track/no-uncovered-cached-read@src/users.js:10',
];

const packed = suite('the packed tarballs in a fresh npm project');

packed.before(() => {
  packDirectory = mkdtempSync(join(tmpdir(), 'vt-release-'));
  const pack = run('bash', [join(repoRoot, 'scripts/release-pack.sh'), packDirectory], repoRoot);
  assert.is(pack.status, 0, pack.stderr);
  tarballs = pack.stdout.trim().split('\n');
});

packed.after(() => {
  for (const directory of [packDirectory, ...directories])
    rmSync(directory, { recursive: true, force: true });
});

packed('release-pack writes one tarball per package, none depending on workspace:*', () => {
  assert.equal(tarballs.map((t) => t.slice(packDirectory.length + 1)).sort(), [
    'valkey-track-0.1.0.tgz',
    'valkey-track-eslint-plugin-0.1.0.tgz',
    'valkey-track-rules-data-0.1.0.tgz',
  ]);
  const plugin = run(
    'tar',
    ['-xOzf', join(packDirectory, 'valkey-track-eslint-plugin-0.1.0.tgz'), 'package/package.json'],
    packDirectory,
  );
  assert.is(JSON.parse(plugin.stdout).dependencies['@valkey-track/rules-data'], '0.1.0');
});

for (const eslint of ['9', '10']) {
  packed(`ESLint ${eslint}: the recommended flat config loads and reports in a JS and a TS file`, () => {
    const plugin = tarballs.filter((t) => !t.endsWith('/valkey-track-0.1.0.tgz'));
    const directory = freshProject([
      `eslint@${eslint}`,
      '@typescript-eslint/parser@8',
      'typescript',
      ...plugin,
    ]);
    const version = run('npx', ['--no-install', 'eslint', '--version'], directory);
    assert.match(version.stdout, new RegExp(`^v${eslint}\\.`));
    assert.equal(eslintFindings(directory), expected);
  });
}

packed('the CLI tarball installs with the others, and `npx valkey-track audit` reports the same', () => {
  const directory = freshProject(['eslint@10', '@typescript-eslint/parser@8', 'typescript', ...tarballs]);
  const audit = run('npx', ['--no-install', 'valkey-track', 'audit', 'src', '--format', 'json'], directory);
  assert.is(audit.status, 1, audit.stderr);
  const report = JSON.parse(audit.stdout) as { findings: { rule: string; file: string; line: number }[] };
  assert.equal(report.findings.map((f) => `${f.rule}@${f.file}:${f.line}`).sort(), expected);
  assert.equal(eslintFindings(directory), expected);
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  assert.ok(manifest.dependencies['valkey-track'].startsWith('file:'), 'installed from the tarball');
});

packed.run();
