import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { modeVariants, type ModeVariant, type ReadMeasurement } from '../../src/evidence/index.js';
import { categorize } from '../../src/index.js';
import { measureEverything, type Measured } from './helpers/measure.js';
import { serversUnderTest } from './helpers/servers-under-test.js';

const dataPrefix = 'vt:';

/** categorize() options for the variant, its `{p}` prefixes spelled as the data sees them. */
const optionsFor = (variant: ModeVariant) => {
  const tracking = variant.tracking ?? { mode: 'default' as const };
  const prefixes =
    tracking.mode === 'bcast' ? tracking.prefixes.map((p) => p.replaceAll('{p}', dataPrefix)) : undefined;
  return { mode: tracking.mode, ...(prefixes ? { prefixes } : {}) };
};

const modeLabel = (variant: ModeVariant) => {
  const t = variant.tracking ?? { mode: 'default' };
  const noloop = 'noloop' in t && t.noloop ? ' NOLOOP' : '';
  if (t.mode === 'bcast')
    return `BCAST ${t.prefixes.map((p) => `PREFIX ${p}`).join(' ') || '(all keys)'}${noloop}`;
  if (t.mode === 'optin' || t.mode === 'optout') return `${t.mode.toUpperCase()} caching=${t.caching}`;
  return noloop ? 'NOLOOP' : 'default';
};

for (const server of serversUnderTest()) {
  const modes = suite(`tracking modes on ${server.name}`);
  let run: Measured;
  const measured = new Map<string, ReadMeasurement>();

  modes.before(async () => {
    run = await measureEverything(server);
    for (const m of run.reads) measured.set(m.recipe.id, m);
  });

  for (const variant of modeVariants) {
    modes(
      `${variant.read.slice(0, 2).join(' ')} under ${modeLabel(variant)} (${variant.id}) is ${variant.expected}`,
      () => {
        const m = measured.get(variant.id);
        if (!m) {
          const skipped = run.skipped.find((s) => s.id === variant.id);
          assert.ok(skipped, `${variant.id} did not run`);
          return;
        }
        assert.is(
          m.category,
          variant.expected,
          JSON.stringify(m.outcomes.map(({ before, after, ...o }) => o)),
        );
        if (!variant.describedByData) return;
        const data = categorize(
          variant.read.map((a) => a.replaceAll('{p}', dataPrefix)),
          { server: server.kind, version: run.version, ...optionsFor(variant) },
        );
        assert.is(
          data.category,
          variant.expected,
          `categorize() disagrees for ${variant.id}: ${data.explanation}`,
        );
      },
    );
  }

  modes.run();
}
