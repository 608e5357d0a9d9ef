import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCategoryMap } from '../../src/commands/load-category-map.js';
import type { CategoryMap } from '../../src/commands/category-map-types.js';
import { requireEnv, runCli } from './live-helpers.js';

// The output formats, on the two host servers; every server's verdicts are checked in live-commands-versions.
for (const [name, envName, kind, version] of [
  ['Valkey 8.0.1', 'VT_VALKEY_URL', 'valkey', '8.0.1'],
  ['Redis 7.0.15', 'VT_REDIS_URL', 'redis', '7.0.15'],
] as const) {
  const commands = suite(`commands on ${name}`);

  commands(
    'the JSON category map names the server and takes every command from the bundled data',
    async () => {
      const { code, stdout, stderr } = await runCli([
        'commands',
        '--url',
        requireEnv(envName),
        '--format',
        'json',
      ]);
      assert.is(stderr, '');
      assert.is(code, 0);
      const map = JSON.parse(stdout) as CategoryMap;
      assert.is(map.server.kind, kind);
      assert.is(map.server.version, version);
      assert.equal(map.server.trackingCategories, []);
      assert.equal(map.commands.get, {
        category: 'full',
        reasons: ['tracked-keys'],
        source: 'bundled',
        explanation: map.commands.get!.explanation,
        bundledCategory: 'full',
        bundledVersions: [`${kind} ${version}`],
      });
      assert.is(map.commands['object|idletime']?.category, 'partial', 'subcommands are named container|sub');
      assert.is(map.commands.keys?.category, 'none');
      const sources = new Set(Object.values(map.commands).map((e) => e.source));
      assert.equal([...sources], ['bundled']);
    },
  );

  commands('the server the data was captured from shows no drift', async () => {
    const { code, stdout } = await runCli(['commands', '--url', requireEnv(envName), '--fail-on-drift']);
    assert.is(code, 0);
    assert.match(stdout, `${kind} ${version} at `);
    assert.match(stdout, 'declares no tracking categories');
    assert.match(stdout, /^get\s+full\s+bundled\s+tracked-keys$/m);
    assert.match(stdout, `Drift against the bundled data (${kind} ${version}): none`);
  });

  commands('--category and --source keep only matching commands', async () => {
    const { stdout } = await runCli([
      'commands',
      '--url',
      requireEnv(envName),
      '--category',
      'partial',
      '--format',
      'json',
    ]);
    const categories = new Set(
      Object.values((JSON.parse(stdout) as CategoryMap).commands).map((e) => e.category),
    );
    assert.equal([...categories], ['partial']);
  });

  commands('the Markdown page is a committable reference with a row per command', async () => {
    const { code, stdout } = await runCli(['commands', '--url', requireEnv(envName), '--format', 'markdown']);
    assert.is(code, 0);
    assert.match(stdout, `# CLIENT TRACKING coverage on ${kind} ${version}`);
    assert.match(stdout, '| `get` | full | bundled | tracked-keys |');
    assert.match(stdout, '| `object\\|idletime` | partial |');
    assert.match(stdout, `## Drift against the bundled data (${kind} ${version})\n\nNone.`);
  });

  commands('the exported map loads back with loadCategoryMap', async () => {
    const { stdout } = await runCli(['commands', '--url', requireEnv(envName), '--format', 'json']);
    const dir = mkdtempSync(join(tmpdir(), 'vt-map-'));
    try {
      writeFileSync(join(dir, 'categories.json'), stdout);
      const map = loadCategoryMap(join(dir, 'categories.json'));
      assert.is(map.commands.ttl?.category, 'partial');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  commands('colours only where a terminal would show them, and never under NO_COLOR', async () => {
    const url = requireEnv(envName);
    const ansi = /\u001b\[\d+m/;
    assert.match(
      (await runCli(['commands', '--url', url], { NO_COLOR: undefined, FORCE_COLOR: '1' })).stdout,
      ansi,
    );
    assert.not.match(
      (await runCli(['commands', '--url', url], { NO_COLOR: '1', FORCE_COLOR: '1' })).stdout,
      ansi,
    );
    assert.not.match(
      (await runCli(['commands', '--url', url], { NO_COLOR: undefined })).stdout,
      ansi,
      'piped',
    );
  });

  commands.run();
}
