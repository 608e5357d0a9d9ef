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

test('classes whose methods return instances of each other are each described once', () => {
  // An ioredis-compatible adapter's shape: every method of each class returns an instance of the next, in a
  // ring. Described again on every path to it, the ring's summary is 8^8 descriptions; once each, 64.
  const classes = Array.from({ length: 8 }, (_, i) =>
    [
      `class Step${i} {`,
      ...Array.from({ length: 8 }, (_, m) => `  m${m}() { return new Step${(i + 1) % 8}(); }`),
      `  ttl(key) { return client.ttl(key); }`,
      `}`,
    ].join('\n'),
  );
  const file = write(
    'ring/ring.js',
    `const { client } = require('../alone/client');\n${classes.join('\n')}\nmodule.exports = { Step0 };\n`,
  );
  write('alone/client.js', CLIENT);
  const summary = loadSummary(file, languageOptions, settings, 'deep');
  const step0 = summary?.exports.get('Step0')?.instance;
  const step1 = step0?.m0?.fn?.returnsInstance;
  assert.ok(step1, 'what a method of the first class returns is summarized');
  // One description of the next class, whichever of its methods leads there (the summary is a graph).
  assert.is(step0?.m7?.fn?.returnsInstance, step1);
  assert.is(step1.ttl?.fn?.reads?.[0]?.command, 'TTL');
});

test.run();
