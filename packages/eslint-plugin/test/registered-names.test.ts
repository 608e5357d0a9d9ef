import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { registeredNames } from '../src/analysis/imports/registered-names.js';

const test = suite('registeredNames');
const dir = mkdtempSync(join(tmpdir(), 'registered-names-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a fastify decoration registers its name', () => {
  const file = join(dir, 'plugin.js');
  writeFileSync(file, "app.decorate('valkey', client);\n");
  assert.equal(registeredNames(file), ['valkey']);
});

test('a module that changes is read again, not answered from the cache', () => {
  const file = join(dir, 'changing.js');
  writeFileSync(file, "app.decorate('before', client);\n");
  utimesSync(file, 1_000, 1_000);
  assert.equal(registeredNames(file), ['before']);
  writeFileSync(file, "app.decorate('after', client);\n");
  utimesSync(file, 2_000, 2_000);
  assert.equal(registeredNames(file), ['after']);
});

test('a context function returning entries that are no names (computed, quoted) registers only the names', () => {
  // An empty name would make the pre-filter's pattern `\b\b`, which every file matches.
  const file = join(dir, 'context.ts');
  writeFileSync(
    file,
    [
      'export const createRequestContext = async () => {',
      "  return { [key]: value, 'x-id': id, redis, ...deps, };",
      '};',
      '',
    ].join('\n'),
  );
  assert.equal(registeredNames(file), ['redis', 'deps']);
});

test('an unreadable module registers nothing', () => {
  assert.equal(registeredNames(join(dir, 'missing.js')), []);
});

test.run();
