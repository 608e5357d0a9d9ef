import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerMetadata } from '@valkey-track/rules-data';
import { buildCategoryMap } from '../src/commands/build-category-map.js';
import type { LiveServer } from '../src/commands/read-live-server.js';

const captured = (name: string) =>
  JSON.parse(
    readFileSync(
      resolve(dirname(fileURLToPath(import.meta.url)), `../../../fixtures/server-metadata/${name}.json`),
      'utf8',
    ),
  ) as ServerMetadata;
const metadata = captured('valkey-8.0.1');

/** The captured Valkey 8.0.1, as if a newer build declared tracking categories through ACL CAT. */
const declaring = (aclCategories: Record<string, string[]>): LiveServer => ({
  kind: 'valkey',
  version: '8.0.1',
  aclCategories,
  metadata,
  arguments: new Map(),
});

const build = suite('buildCategoryMap');

build('a declared category wins over the bundled data, and the difference is drift', () => {
  const map = buildCategoryMap(
    declaring({ 'TRACKING-PARTIAL': ['get'], tracking_full: ['ttl'] }),
    'valkey://h:1/0',
  );
  assert.is(map.commands.get?.category, 'partial');
  assert.is(map.commands.get?.source, 'acl-category');
  assert.is(map.commands.get?.declaredBy, '@TRACKING-PARTIAL');
  assert.is(map.commands.get?.bundledCategory, 'full');
  assert.equal(map.drift?.categoryDiffers, [
    { command: 'get', declared: 'partial', declaredBy: '@TRACKING-PARTIAL', bundled: 'full' },
    { command: 'ttl', declared: 'full', declaredBy: '@tracking_full', bundled: 'partial' },
  ]);
  assert.equal(map.server.trackingCategories, ['TRACKING-PARTIAL', 'tracking_full']);
});

build('a declaration that agrees with the data keeps the data reasons', () => {
  const map = buildCategoryMap(declaring({ trackingfull: ['get'] }), 'valkey://h:1/0');
  assert.equal(map.commands.get?.reasons, ['tracked-keys']);
  assert.equal(map.drift?.categoryDiffers, []);
});

build('a command in two tracking categories gets the worse one', () => {
  const map = buildCategoryMap(
    declaring({ tracking_full: ['hget'], tracking_none: ['hget'] }),
    'valkey://h:1/0',
  );
  assert.is(map.commands.hget?.category, 'none');
});

build('without declarations, the captured server matches the bundled data exactly', () => {
  const map = buildCategoryMap(declaring({ read: ['get'] }), 'valkey://h:1/0');
  assert.equal(map.drift, {
    missingFromData: [],
    missingFromServer: [],
    metadataDiffers: [],
    categoryDiffers: [],
  });
  assert.ok(Object.values(map.commands).every((e) => e.source === 'bundled'));
});

build('the server is compared with its own captured version', () => {
  const map = buildCategoryMap(declaring({}), 'valkey://h:1/0');
  assert.equal(map.server.comparedWith, ['valkey 8.0.1']);
  assert.is(map.server.versionKnown, true);
  assert.ok(map.server.dataVersions.includes('redis 8.0.2'));
});

build.run();

/**
 * A server version the data does not know: the captured Valkey 9.1.2 as if it were 9.2.0, with commands
 * the data has never seen, shaped like HTTL (readonly, a key, no tip: Valkey 9.1.2 gives HTTL none although
 * it counts down), like VRANDMEMBER on Redis 8.0 (no tip although random, a key spec marked RW) and like a
 * command with a nondeterministic_output tip.
 */
const newer = (): LiveServer => {
  const base = captured('valkey-9.1.2');
  const commands = { ...base.commands };
  const like = (name: string, from: string, change: Partial<(typeof commands)[string]> = {}) => {
    commands[name] = { ...commands[from]!, name, ...change };
  };
  like('hfuturettl', 'httl');
  like('vfuturerand', 'httl', {
    keySpecs: [{ ...commands.httl!.keySpecs[0]!, flags: ['RW', 'ACCESS', 'UPDATE'] }],
  });
  like('hfuturerand', 'httl', { tips: ['nondeterministic_output'] });
  like('hfuturewrite', 'hset');
  return {
    kind: 'valkey',
    version: '9.2.0',
    aclCategories: {},
    metadata: { ...base, version: '9.2.0', commands },
    arguments: new Map(),
  };
};

const unknownVersion = suite('buildCategoryMap on a version the data does not know');

unknownVersion('compares with every captured version of its kind, worst case, and says so', () => {
  const map = buildCategoryMap(newer(), 'valkey://h:1/0');
  assert.is(map.server.versionKnown, false);
  assert.equal(map.server.comparedWith, ['valkey 8.0.1', 'valkey 8.1.1', 'valkey 9.1.2']);
  assert.equal(map.commands.httl?.bundledVersions, ['valkey 9.1.2']);
  assert.is(map.commands.httl?.category, 'partial');
  assert.equal(map.drift?.metadataDiffers, [], 'compared with the newest captured metadata, 9.1.2');
});

unknownVersion('never infers full: a readonly read with a key and no tip is unknown until measured', () => {
  const map = buildCategoryMap(newer(), 'valkey://h:1/0');
  for (const name of ['hfuturettl', 'vfuturerand']) {
    assert.is(map.commands[name]?.category, 'unknown', name);
    assert.is(map.commands[name]?.source, 'inferred');
    assert.match(map.commands[name]!.explanation, 'valkey-track verify');
  }
  assert.is(map.commands.hfuturerand?.category, 'partial', 'a nondeterministic_output tip is a signal');
  assert.is(map.commands.hfuturewrite?.category, 'none');
  assert.equal(map.drift?.missingFromData, ['hfuturerand', 'hfuturettl', 'hfuturewrite', 'vfuturerand']);
});

unknownVersion('lists the metadata that would mislead a client caching by metadata', () => {
  const map = buildCategoryMap(newer(), 'valkey://h:1/0');
  const misleading = map.misleading!.map((m) => `${m.command} ${m.kind}`);
  assert.ok(misleading.includes('httl no-nondeterministic-tip'), misleading.join('\n'));
  assert.ok(misleading.includes('hpttl no-nondeterministic-tip'));
  assert.ok(misleading.includes('vfuturerand readonly-with-rw-key-spec'));
  assert.not.ok(
    misleading.some((m) => m.startsWith('hexpiretime ')),
    'an absolute time misleads nobody',
  );
  assert.not.ok(misleading.some((m) => m.startsWith('get ')));
});

unknownVersion.run();
