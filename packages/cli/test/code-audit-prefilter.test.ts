import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditCode } from '../src/code-audit/audit-code.js';
import { prefilterFor } from '../src/code-audit/prefilter.js';
import { newDirectory } from './code-audit-helpers.js';

const docsDirectory = fileURLToPath(new URL('../../eslint-plugin/docs/rules/', import.meta.url));

/** The JavaScript examples of the plugin's rule docs. */
const documentedExamples = (): string[] =>
  readdirSync(docsDirectory)
    .filter((name) => name.endsWith('.md'))
    .flatMap((name) =>
      [...readFileSync(join(docsDirectory, name), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map(
        (m) => m[1]!,
      ),
    );

const prefilter = suite('pre-filter');

prefilter('keeps every documented example the plugin reports on', async () => {
  const directory = newDirectory();
  try {
    const examples = documentedExamples();
    examples.forEach((code, index) => writeFileSync(join(directory, `example-${index}.js`), code));
    const report = await auditCode(['.'], {
      cwd: directory,
      version: 'test',
      progress: false,
      prefilter: false,
    });
    const reported = [...new Set(report.findings.map((f) => f.file!))];
    assert.ok(reported.length >= 4, `only ${reported.length} examples reported`);
    const keep = prefilterFor([]);
    for (const file of reported)
      assert.ok(keep(readFileSync(join(directory, file), 'utf8')), `${file} dropped`);
    const filtered = await auditCode(['.'], { cwd: directory, version: 'test', progress: false });
    assert.equal(filtered.findings, report.findings);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

prefilter('recognises tracking however a client spells it', () => {
  const keep = prefilterFor([]);
  assert.ok(keep("await redis.client('tracking', 'on');"));
  assert.ok(keep('await client.clientTracking(true, { BCAST: true });'));
  assert.ok(keep('createClient({ RESP: 3, clientSideCache: { maxEntries: 100 } });'));
  assert.ok(keep("sub.subscribe('__redis__:invalidate');"));
  // A client library is enough: a reply that changes with no write is reported whatever the tracking.
  assert.ok(keep("import Valkey from 'iovalkey';\ncache.set('ttl', await new Valkey().ttl('user:1'));"));
  assert.ok(keep("const { GlideClient } = require('@valkey/valkey-glide');"));
  assert.not.ok(
    keep("import express from 'express';\nexpress().get('/', (req, res) => res.json({ ok: true }));"),
  );
  // The plugin's own name is no client library.
  assert.not.ok(
    keep(
      "import valkeyTrack from '@valkey-track/eslint-plugin';\nexport default [valkeyTrack.configs.recommended];",
    ),
  );
});

prefilter('keeps a file that only uses a client or factory named in settings', () => {
  const code = "import { cacheClient } from './clients.js';\nawait cacheClient.keys('user:*');";
  assert.not.ok(prefilterFor([])(code));
  assert.ok(prefilterFor(['cacheClient'])(code));
  assert.ok(prefilterFor(['createTrackedClient', 'cacheClient'])(code));
});

prefilter('keeps a file that imports a client module, also from outside the audited paths', async () => {
  const directory = newDirectory();
  try {
    writeFileSync(
      join(directory, 'redis.js'),
      "import Valkey from 'iovalkey';\nexport const redis = new Valkey();\n",
    );
    mkdirSync(join(directory, 'src'));
    writeFileSync(
      join(directory, 'src', 'ttl.js'),
      "import { redis } from '../redis.js';\nconst memo = new Map();\nexport async function ttl(k) { memo.set(k, await redis.ttl(k)); }\n",
    );
    writeFileSync(join(directory, 'src', 'plain.js'), 'export const answer = 42;\n');
    const report = await auditCode(['src'], { cwd: directory, version: 'test', progress: false });
    assert.equal(
      report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.command}`),
      ['src/ttl.js:3:50 ttl'],
    );
    assert.is(report.totals.skippedByPrefilter, 1);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

prefilter('keeps a file whose client comes through a CommonJS barrel that names no library', async () => {
  const directory = newDirectory();
  try {
    mkdirSync(join(directory, 'lib'));
    writeFileSync(
      join(directory, 'lib', 'redis.js'),
      [
        "const { createClient } = require('redis');",
        // `invalidate` events take the pushes tracking sends this RESP3 connection.
        'const client = createClient({ RESP: 3, emitInvalidate: true });',
        "client.on('ready', () => client.sendCommand(['CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'cms:page:']));",
        'module.exports = { client };',
      ].join('\n'),
    );
    writeFileSync(
      join(directory, 'lib', 'index.js'),
      "const redis = require('./redis');\nmodule.exports = { client: redis.client };\n",
    );
    // Only `keys` and `sendCommand`, which are no client-only methods, and the barrel's path.
    writeFileSync(
      join(directory, 'drafts.js'),
      [
        "const { client } = require('./lib');",
        'const lists = new Map();',
        'exports.drafts = async () => {',
        "  if (!lists.has('drafts')) lists.set('drafts', await client.sendCommand(['KEYS', 'cms:draft:*']));",
        "  return lists.get('drafts');",
        '};',
      ].join('\n'),
    );
    const report = await auditCode(['.'], { cwd: directory, version: 'test', progress: false });
    assert.equal(
      report.findings.map((f) => `${f.file}:${f.line} ${f.command}`),
      ['drafts.js:4 keys'],
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

prefilter('keeps a Nitro route that uses what server/utils exports with no import', async () => {
  const directory = newDirectory();
  try {
    mkdirSync(join(directory, 'server/utils'), { recursive: true });
    mkdirSync(join(directory, 'server/api'), { recursive: true });
    writeFileSync(
      join(directory, 'package.json'),
      JSON.stringify({ name: 'storefront', type: 'module', dependencies: { nuxt: '^3.15.0' } }),
    );
    writeFileSync(
      join(directory, 'server/utils/valkey.ts'),
      [
        `import Valkey from 'iovalkey';`,
        `export const valkey = new Valkey(process.env.NUXT_VALKEY_URL);`,
        `const invalidations = new Valkey(process.env.NUXT_VALKEY_URL);`,
        `void invalidations.subscribe('__redis__:invalidate');`,
        `invalidations.on('message', (_channel: string, keys: string) => console.debug('invalidated', keys));`,
        `valkey.on('ready', async () => valkey.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(await invalidations.client('ID'))));`,
      ].join('\n'),
    );
    // Nitro imports `valkey` (server/utils) and `defineEventHandler` (h3) itself: the route imports nothing.
    const route = [
      `let promoKeys: string[] | null = null;`,
      `export default defineEventHandler(async () => {`,
      `  promoKeys ??= await valkey.keys('promo:*');`,
      `  return { promos: promoKeys, banner: await valkey.get('banner:home') };`,
      `});`,
    ].join('\n');
    writeFileSync(join(directory, 'server/api/promos.get.ts'), route);
    // A module outside `server/` asked about first: what the project auto-imports is the project's, not the module's.
    assert.not.ok(
      prefilterFor([])('export default defineNuxtConfig({});', join(directory, 'nuxt.config.ts')),
    );
    assert.not.ok(prefilterFor([])(route), 'the route names no client by itself');
    assert.ok(prefilterFor([])(route, join(directory, 'server/api/promos.get.ts')));
    const report = await auditCode(['.'], { cwd: directory, version: 'test', progress: false });
    assert.equal(
      report.findings.map((f) => `${f.file}:${f.line} ${f.command}`),
      ['server/api/promos.get.ts:3 keys'],
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

prefilter('keeps a route module whose client is a decoration another module registers', async () => {
  const directory = newDirectory();
  try {
    mkdirSync(join(directory, 'plugins'));
    mkdirSync(join(directory, 'routes'));
    writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'decorated', type: 'module' }));
    writeFileSync(
      join(directory, 'plugins/valkey.js'),
      [
        `import Valkey from 'iovalkey';`,
        `export default async function valkey(fastify) {`,
        `  const client = new Valkey();`,
        `  client.on('ready', () => client.client('TRACKING', 'ON', 'REDIRECT', process.env.INVALIDATIONS_ID));`,
        `  fastify.decorate('cache', client);`,
        `}`,
      ].join('\n'),
    );
    // Names no client library, marker or client method: only the decorated name.
    const route = [
      `const sizes = new Map();`,
      `export default async function routes(app) {`,
      `  app.get('/teams/:id', async (request) => {`,
      `    sizes.set(request.params.id, await app.cache.keys(\`team:\${request.params.id}:*\`));`,
      `    return sizes.get(request.params.id);`,
      `  });`,
      `}`,
    ].join('\n');
    writeFileSync(join(directory, 'routes/teams.js'), route);
    assert.not.ok(prefilterFor([])(route), 'the route names no client by itself');
    assert.ok(prefilterFor([])(route, join(directory, 'routes/teams.js')));
    const report = await auditCode(['.'], { cwd: directory, version: 'test', progress: false });
    assert.equal(
      report.findings.map((f) => `${f.file}:${f.line} ${f.command}`),
      ['routes/teams.js:4 keys'],
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

prefilter.run();
