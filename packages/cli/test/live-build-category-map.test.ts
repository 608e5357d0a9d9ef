import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerMetadata } from '@valkey-track/rules-data';
import { buildCategoryMap } from '../src/commands/build-category-map.js';
import type { LiveServer } from '../src/commands/read-live-server.js';

const fixture = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../fixtures/server-metadata/valkey-8.0.1.json',
);
const metadata = JSON.parse(readFileSync(fixture, 'utf8')) as ServerMetadata;

/** The captured Valkey 8.0.1, as if a newer build declared tracking categories through ACL CAT. */
const declaring = (aclCategories: Record<string, string[]>): LiveServer => ({
  kind: 'valkey',
  version: '8.0.1',
  aclCategories,
  metadata,
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

build.run();
