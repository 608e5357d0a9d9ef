import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { commands } from '@valkey-track/rules-data';
import plugin, { namespace, rules } from '../src/index.js';
import { docsUrl } from '../src/util/create-rule.js';
import { followedCachePackages } from '../src/models/cache-libraries.js';
import { loadingCachePackages } from '../src/models/loading-caches.js';

const root = new URL('../', import.meta.url);
const ruleFiles = readdirSync(new URL('src/rules/', root))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => name.replace(/\.ts$/, ''));
const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  name: string;
  version: string;
};

const test = suite('package');

test('plugin meta comes from package.json', () => {
  assert.equal(plugin.meta, { name: packageJson.name, version: packageJson.version });
});

test('every rule file is exported under its file name', () => {
  assert.equal(Object.keys(rules).sort(), ruleFiles.sort());
});

for (const name of ruleFiles) {
  const rule = rules[name as keyof typeof rules];
  const meta = rule.meta.docs!;

  test(`${name} has documentation with examples and "When not to use it"`, () => {
    const path = fileURLToPath(new URL(`docs/rules/${name}.md`, root));
    assert.ok(existsSync(path), `There is no documentation for '${name}'`);
    const docs = readFileSync(path, 'utf8');
    assert.ok(
      docs.startsWith(`# ${name}\n\n${meta.description}.`),
      `docs/rules/${name}.md must start with its name and description`,
    );
    assert.ok(
      docs.includes('### ❌ Incorrect') && docs.includes('### ✅ Correct'),
      `'${name}' docs need ❌/✅ examples`,
    );
    assert.ok(docs.includes('## When not to use it'), `'${name}' docs need "When not to use it"`);
  });

  test(`${name} has tests`, () => {
    assert.ok(existsSync(new URL(`test/rules/${name}.test.ts`, root)), `There are no tests for '${name}'`);
  });

  test(`${name} is in recommended exactly when meta.docs.recommended says so`, () => {
    const configured = plugin.configs.recommended.rules?.[`${namespace}/${name}`];
    assert.is(
      configured,
      meta.recommended ? 'error' : undefined,
      `'${name}' and the recommended config disagree`,
    );
  });

  test(`${name} has the docs URL, an imperative description and described options`, () => {
    assert.is(meta.url, docsUrl(name));
    assert.match(meta.description, /^[A-Z][a-z]+ .*[^.]$/);
    const schema = rule.meta.schema as unknown as Array<{
      additionalProperties: boolean;
      properties: Record<string, { description?: string }>;
    }>;
    for (const options of schema) {
      assert.is(
        options.additionalProperties,
        false,
        `'${name}' options must set additionalProperties: false`,
      );
      for (const [property, definition] of Object.entries(options.properties)) {
        assert.ok(definition.description, `'${name}' option '${property}' has no description`);
      }
    }
  });
}

test('the rule doc names every cache and memoizer package the analysis follows', () => {
  const doc = readFileSync(new URL('docs/rules/no-uncovered-cached-read.md', root), 'utf8');
  const row = doc.split('\n').find((line) => line.startsWith('| the application:'))!;
  const { caches, memoizers } = followedCachePackages();
  for (const name of [...caches, ...memoizers, ...loadingCachePackages()])
    assert.ok(
      new RegExp(`[ ,(]${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[ ,(]`).test(row),
      `the doc does not name ${name}`,
    );
});

test('the README rules table lists every rule with its description', () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
  const rows = Object.entries(rules)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, rule]) => [
      `[${name}](docs/rules/${name}.md)`,
      rule.meta.docs!.description,
      rule.meta.docs!.recommended ? '✅' : '',
    ]);
  const table = readme
    .split('\n')
    .filter((line) => line.startsWith('| ['))
    .map(cells);
  assert.equal(table, rows, 'README.md rules table is out of date');
});

test('the field-TTL docs name every write the data says gives hash fields TTLs, with its options', () => {
  const docs = readFileSync(new URL('docs/rules/no-uncovered-cached-read.md', root), 'utf8');
  const section = docs.split('### Hash fields with TTLs')[1]?.split('\n### ')[0] ?? '';
  const writes = commands().filter((entry) => entry.setsFieldTtl);
  assert.ok(writes.length >= 6, 'rules-data names the field-TTL writes');
  for (const entry of writes) {
    assert.ok(
      section.includes(entry.name.toUpperCase()),
      `${entry.name} is missing from "Hash fields with TTLs"`,
    );
    for (const token of entry.setsFieldTtl!.anyToken)
      assert.ok(
        section.includes(token),
        `${entry.name}'s option ${token} is missing from "Hash fields with TTLs"`,
      );
  }
});

test('the recommended config registers the plugin under its namespace', () => {
  assert.is(plugin.configs.recommended.plugins?.[namespace], plugin as unknown);
});

test('a CommonJS eslint.config.js that requires the package gets the plugin itself', () => {
  // The built package, as `require('@valkey-track/eslint-plugin')` loads it (Node's require of ES modules).
  const required = createRequire(import.meta.url)('@valkey-track/eslint-plugin') as typeof plugin;
  assert.ok(required.configs.recommended.plugins?.[namespace], 'configs.recommended');
  assert.equal(Object.keys(required.rules).sort(), Object.keys(rules).sort());
});

test.run();
