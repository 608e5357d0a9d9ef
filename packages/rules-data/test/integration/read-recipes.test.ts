import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  categorizeOptionsFor,
  commandOf,
  isBetterCase,
  modeVariants,
  readRecipes,
  type ReadMeasurement,
} from '../../src/evidence/index.js';
import { categorize, lookup } from '../../src/index.js';
import { reasonCodes } from '../../src/reason-codes.js';
import { appliesTo } from './helpers/applies-to.js';
import { measureEverything, type Measured } from './helpers/measure.js';
import { serversUnderTest } from './helpers/servers-under-test.js';

/** Reason codes no read recipe can show: silent writes are the writer sweep's. */
const measuredElsewhere = new Set(['silent-write']);

const describe = (m: ReadMeasurement) =>
  m.outcomes
    .map(
      (o) =>
        `${o.change.kind}: ${o.changed ? 'changed' : 'same'}, ${o.invalidated ? 'invalidated' : 'no invalidation'}`,
    )
    .join('; ');

const coverage = suite('read recipes');

coverage('cover every reason code, with the mode variants', () => {
  const shown = new Set([...readRecipes, ...modeVariants].map((r) => r.reason));
  const missing = reasonCodes.map((r) => r.code).filter((c) => !shown.has(c) && !measuredElsewhere.has(c));
  assert.equal(missing, [], `no read recipe shows reason ${missing.join(', ')}`);
});

coverage('number at least 60', () => {
  assert.ok(readRecipes.length >= 60, `only ${readRecipes.length} read recipes`);
});

coverage.run();

for (const server of serversUnderTest()) {
  const reads = suite(`read recipes on ${server.name}`);
  let run: Measured;
  const measured = new Map<string, ReadMeasurement>();

  reads.before(async () => {
    run = await measureEverything(server);
    for (const m of run.reads) measured.set(m.recipe.id, m);
  });

  for (const recipe of readRecipes.filter((r) => appliesTo(r, server))) {
    const read = recipe.read.map((a) => a.replaceAll('{p}', 'vt:'));
    const expected = categorize(read, {
      server: server.kind,
      version: server.version,
      ...(recipe.keyState?.includes('hash-field-ttl') ? { hashFieldTtl: true } : {}),
    }).category;
    reads(
      `${recipe.read.slice(0, 4).join(' ')} (${recipe.id}) measures as categorize() says: ${expected}`,
      () => {
        const m = measured.get(recipe.id);
        assert.ok(m, `${recipe.id} did not run: ${run.skipped.find((s) => s.id === recipe.id)?.reason}`);
        assert.is.not(
          m.category,
          'inconclusive',
          `no change altered the reply of ${recipe.id}: ${describe(m)}`,
        );
        const declared = categorize(m.read, categorizeOptionsFor(m, server.kind, run.version)).category;
        assert.is(declared, expected, 'the same verdict for the full version');
        if (isBetterCase(m, expected)) {
          const entry = lookup(commandOf(m.read));
          assert.ok(
            entry?.note || recipe.betterCase,
            `${entry?.name}: a better measured case needs a note that says when`,
          );
          return;
        }
        assert.is(m.category, expected, `${recipe.id} on ${server.name}: ${describe(m)}`);
      },
    );
  }

  reads('runs exactly the recipes that apply to this version', () => {
    const ran = readRecipes.filter((r) => measured.has(r.id)).map((r) => r.id);
    assert.equal(
      ran,
      readRecipes.filter((r) => appliesTo(r, server)).map((r) => r.id),
    );
  });

  reads(
    'unordered replies of large collections change order, not elements, when other clients only read',
    () => {
      const unordered = [...measured.values()].filter(
        (m) => m.recipe.compare && m.recipe.compare !== 'exact',
      );
      assert.ok(unordered.length >= 7, `${unordered.length} recipes compare as sets`);
      for (const m of unordered) {
        const [readsOnly] = m.outcomes;
        assert.ok(readsOnly?.reordered, `${m.recipe.id}: the order did not change after reads alone`);
        assert.not.ok(readsOnly.changed, `${m.recipe.id}: the elements changed after reads alone`);
        assert.match(lookup(commandOf(m.read))!.explanation, 'order of the elements is not stable');
      }
    },
  );

  reads('control changes of full recipes never change the reply', () => {
    for (const m of measured.values()) {
      for (const o of m.outcomes) {
        if (o.change.note?.startsWith('control:'))
          assert.not.ok(o.changed, `${m.recipe.id}: ${o.change.note}`);
      }
    }
  });

  reads.run();
}
