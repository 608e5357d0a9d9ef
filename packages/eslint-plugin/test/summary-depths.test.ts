import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSummary } from '../src/analysis/imports/load-summary.js';
import type { ModuleSummary } from '../src/analysis/imports/summary.js';
import { readSettings } from '../src/util/settings.js';

const test = suite('module summaries at both depths');
const dir = mkdtempSync(join(tmpdir(), 'summary-depths-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const languageOptions = { ecmaVersion: 'latest', sourceType: 'commonjs' };
const settings = readSettings({});
const CLIENT = `const Redis = require('ioredis');
const client = new Redis();
client.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'user:');
module.exports = { client };
`;
// Each case in a folder of its own: a folder's listing is reused for a while (resolve-module.ts).
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};
/** A summary as data, without the file it was read from. */
const shape = (summary: ModuleSummary | undefined, file: string): string =>
  JSON.stringify(summary, (_key, value: unknown) =>
    value instanceof Map ? [...value] : value === file ? '<file>' : value,
  );

test('a module that takes nothing from its imports has the same summary read alone', () => {
  const deepFirst = write('alone/client.js', CLIENT);
  const shallowOnly = write('alone/client-alone.js', CLIENT);
  const deep = loadSummary(deepFirst, languageOptions, settings, 'deep');
  assert.ok(deep?.exports.get('client')?.client, 'the deep summary exports the client');
  const shallow = loadSummary(deepFirst, languageOptions, settings, 'shallow');
  const alone = loadSummary(shallowOnly, languageOptions, settings, 'shallow');
  assert.is(shape(shallow, deepFirst), shape(alone, shallowOnly));
});

test('a module that hands on an imported client is read again alone for its shallow summary', () => {
  write('barrel/made.js', CLIENT);
  const barrel = write(
    'barrel/barrel.js',
    `const { client } = require('./made');\nconst held = client;\nmodule.exports = { held };\n`,
  );
  const deep = loadSummary(barrel, languageOptions, settings, 'deep');
  assert.ok(deep?.exports.get('held')?.client, 'read deep, the barrel exports the client it imports');
  const shallow = loadSummary(barrel, languageOptions, settings, 'shallow');
  assert.is.not(shallow, deep);
  assert.not.ok(shallow?.exports.get('held')?.client, 'read alone, the barrel knows no client');
});

test.run();
