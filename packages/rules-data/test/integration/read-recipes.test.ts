import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  isBetterCase,
  modeVariants,
  readRecipes,
  type EvidenceReport,
  type ReadMeasurement,
} from '../../src/evidence/index.js';
import { categorize, lookup } from '../../src/index.js';
import { reasonCodes } from '../../src/reason-codes.js';
import { measureOn } from './helpers/measure.js';
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
  const reads = suite(`read recipes on ${server.kind}`);
  const measured = new Map<string, ReadMeasurement>();

  reads.before(async () => {
    const report: EvidenceReport = await measureOn(server, { reads: readRecipes });
    for (const m of report.reads) measured.set(m.recipe.id, m);
  });

  for (const recipe of readRecipes.filter((r) => !r.servers || r.servers.includes(server.kind))) {
    const expected = categorize(
      recipe.read.map((a) => a.replaceAll('{p}', 'vt:')),
      { server: server.kind },
    ).category;
    reads(
      `${recipe.read.slice(0, 4).join(' ')} (${recipe.id}) measures as categorize() says: ${expected}`,
      () => {
        const m = measured.get(recipe.id);
        assert.ok(m, `${recipe.id} did not run`);
        assert.is.not(
          m.category,
          'inconclusive',
          `no change altered the reply of ${recipe.id}: ${describe(m)}`,
        );
        if (isBetterCase(m, expected)) {
          const entry = lookup(recipe.read[0]!);
          assert.ok(entry?.note, `${entry?.name}: a better measured case needs a note that says when`);
          return;
        }
        assert.is(m.category, expected, `${recipe.id} on ${server.kind}: ${describe(m)}`);
      },
    );
  }

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
