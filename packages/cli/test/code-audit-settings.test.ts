import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditCode } from '../src/code-audit/audit-code.js';
import { newDirectory } from './code-audit-helpers.js';

const settings = suite('code audit: the project eslint.config settings');

/** A project with no node_modules: its config imports the plugin it has not installed yet (`npx valkey-track`). */
function projectWithoutInstall(config: string): string {
  const directory = newDirectory();
  writeFileSync(join(directory, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(directory, 'eslint.config.js'), config);
  mkdirSync(join(directory, 'lib'));
  writeFileSync(
    join(directory, 'lib', 'rollouts.js'),
    [
      "import { featureStore } from '@corp/feature-store';",
      'const rollouts = new Map();',
      'export async function rollout(name) {',
      '  if (!rollouts.has(name)) rollouts.set(name, await featureStore.keys(`rollout:${name}:*`));',
      '  return rollouts.get(name);',
      '}',
      '',
    ].join('\n'),
  );
  return directory;
}

/** The audit of the project reads the config's settings: the client they name is judged (then the project goes). */
async function assertClientNamed(directory: string): Promise<void> {
  try {
    const report = await auditCode(['.'], { cwd: directory, version: 'test', progress: false });
    assert.equal(report.notes, []);
    assert.equal(
      report.findings.map((f) => `${f.file}:${f.line} ${f.command}`),
      ['lib/rollouts.js:4 keys'],
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

settings(
  'a config scoped to some files by `files`, importing a plugin the project has not installed, still names its clients',
  async () => {
    const directory = projectWithoutInstall(
      [
        "import valkeyTrack from '@valkey-track/eslint-plugin';",
        'export default [',
        '  valkeyTrack.configs.recommended,',
        '  {',
        "    files: ['lib/**/*.js'],",
        "    settings: { 'valkey-track': { trackedClients: [{ name: 'featureStore', cache: 'manual' }] } },",
        '  },',
        '];',
        '',
      ].join('\n'),
    );
    // '.' walks the config file first: the settings it sees are not those of `lib/`.
    await assertClientNamed(directory);
  },
);

settings(
  'a CommonJS config that requires a plugin the project has not installed still names its clients',
  async () => {
    // The config alone is CommonJS (`.cjs`), as in a project whose other modules are ESM.
    const directory = projectWithoutInstall('');
    rmSync(join(directory, 'eslint.config.js'));
    writeFileSync(
      join(directory, 'eslint.config.cjs'),
      [
        "'use strict';",
        "const valkeyTrack = require('@valkey-track/eslint-plugin');",
        'module.exports = [',
        '  valkeyTrack.configs.recommended,',
        "  { settings: { 'valkey-track': { trackedClients: [{ name: 'featureStore', cache: 'manual' }] } } },",
        '];',
        '',
      ].join('\n'),
    );
    await assertClientNamed(directory);
  },
);

settings(
  'a CommonJS config that requires a package neither the project nor valkey-track has is reported as not found',
  async () => {
    // As a project whose shared config (neostandard, a company preset) is not installed yet.
    const directory = projectWithoutInstall('');
    rmSync(join(directory, 'eslint.config.js'));
    writeFileSync(
      join(directory, 'eslint.config.cjs'),
      "'use strict';\nmodule.exports = require('@acme/eslint-config-not-installed')({ files: ['**.js'] });\n",
    );
    try {
      const report = await auditCode(['.'], { cwd: directory, version: 'test', progress: false });
      assert.is(report.notes.length, 1);
      assert.match(
        report.notes[0]!,
        /could not be loaded.*Cannot find module '@acme\/eslint-config-not-installed'/,
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
);

settings(
  "a config that sets our rules' options without registering the plugin (written for the audit alone) is read",
  async () => {
    // `untracked: true` reports a KEYS reply kept from a client that does not track; the plugin is never imported.
    const directory = projectWithoutInstall(
      [
        'export default [',
        "  { rules: { '@valkey-track/no-uncovered-cached-read': ['error', { untracked: true }] } },",
        '];',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(directory, 'lib', 'rollouts.js'),
      [
        "import Valkey from 'iovalkey';",
        'const valkey = new Valkey();',
        'const rollouts = new Map();',
        'export async function rollout(name) {',
        '  if (!rollouts.has(name)) rollouts.set(name, await valkey.keys(`rollout:${name}:*`));',
        '  return rollouts.get(name);',
        '}',
        '',
      ].join('\n'),
    );
    try {
      const report = await auditCode(['.'], { cwd: directory, version: 'test', progress: false });
      assert.equal(report.notes, []);
      assert.equal(
        report.findings.map((f) => `${f.file}:${f.line} ${f.command} ${f.category}`),
        ['lib/rollouts.js:5 keys none'],
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
);

settings('a file outside the scoped settings is judged without them', async () => {
  const directory = projectWithoutInstall(
    [
      "import valkeyTrack from '@valkey-track/eslint-plugin';",
      'export default [',
      '  valkeyTrack.configs.recommended,',
      '  {',
      "    files: ['other/**/*.js'],",
      "    settings: { 'valkey-track': { trackedClients: [{ name: 'featureStore', cache: 'manual' }] } },",
      '  },',
      '];',
      '',
    ].join('\n'),
  );
  try {
    const report = await auditCode(['.'], { cwd: directory, version: 'test', progress: false });
    assert.equal(report.findings, []);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

settings(
  'a config that names no TypeScript files still applies to them: its settings count and only its ignores leave files out',
  async () => {
    // A JavaScript-only flat config (no `files` for .ts), as a small project's or a framework template's is.
    const directory = projectWithoutInstall(
      [
        'export default [',
        "  { ignores: ['build/**'] },",
        "  { settings: { 'valkey-track': { trackedClients: [{ name: 'featureStore', cache: 'manual' }] } } },",
        '];',
        '',
      ].join('\n'),
    );
    const source = [
      "import { featureStore } from '@corp/feature-store';",
      'const rollouts = new Map<string, string[]>();',
      'export async function rollout(name: string) {',
      '  if (!rollouts.has(name)) rollouts.set(name, await featureStore.keys(`rollout:${name}:*`));',
      '  return rollouts.get(name);',
      '}',
      '',
    ].join('\n');
    rmSync(join(directory, 'lib', 'rollouts.js'));
    writeFileSync(join(directory, 'lib', 'rollouts.ts'), source);
    // Compiled output that names a client library: past the pre-filter, left out by the config's `ignores`.
    mkdirSync(join(directory, 'build'));
    writeFileSync(
      join(directory, 'build', 'rollouts.ts'),
      source.replace("from '@corp/feature-store'", "from 'ioredis'"),
    );
    try {
      const report = await auditCode(['.'], { cwd: directory, version: 'test', progress: false });
      assert.equal(
        report.findings.map((f) => `${f.file}:${f.line} ${f.command}`),
        ['lib/rollouts.ts:4 keys'],
      );
      assert.is(report.totals.ignoredByEslintConfig, 1);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
);

settings.run();
