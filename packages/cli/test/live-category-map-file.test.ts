import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCategoryMap } from '../src/commands/load-category-map.js';
import { UsageError } from '../src/util/usage-error.js';

const load = suite('loadCategoryMap');
let dir: string;

load.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vt-map-'));
});
load.after(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

const rejects = (path: string, expected: RegExp) => {
  try {
    loadCategoryMap(path);
  } catch (error) {
    assert.instance(error, UsageError);
    assert.match((error as Error).message, expected);
    return;
  }
  assert.unreachable(`${path} should have been rejected`);
};

const valid = {
  server: { kind: 'valkey', version: '9.0.0' },
  commands: {
    get: { category: 'full', reasons: ['tracked-keys'], source: 'acl-category' },
    'object|idletime': { category: 'partial', reasons: ['time-dependent'], source: 'bundled', extra: 1 },
  },
};

load('reads a map with extra fields', () => {
  const map = loadCategoryMap(file('ok.json', JSON.stringify(valid)));
  assert.is(map.commands['object|idletime']?.category, 'partial');
});

load('a missing file, bad JSON and a wrong shape each say what is wrong', () => {
  rejects(join(dir, 'missing.json'), /cannot read the category map ".*missing\.json": ENOENT/);
  rejects(file('bad.json', '{ nope'), /is not valid JSON/);
  rejects(
    file('array.json', '[]'),
    /is not a category map: it is not a JSON object\. Write one with `valkey-track commands --format json > /,
  );
  rejects(file('no-commands.json', '{"server":{}}'), /it has no "commands" object/);
  const badCategory = { ...valid, commands: { get: { category: 'maybe', reasons: [], source: 'tip' } } };
  rejects(
    file('cat.json', JSON.stringify(badCategory)),
    /command "get" has category "maybe", not full, partial, none or unknown/,
  );
  const badSource = { ...valid, commands: { get: { category: 'full', reasons: [], source: 'guess' } } };
  rejects(file('src.json', JSON.stringify(badSource)), /command "get" has source "guess"/);
  const upper = { ...valid, commands: { GET: { category: 'full', reasons: [], source: 'tip' } } };
  rejects(file('upper.json', JSON.stringify(upper)), /command "GET" is not lower case/);
});

load.run();
