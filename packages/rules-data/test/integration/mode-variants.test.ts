import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { modeVariants, type ModeVariant, type ReadMeasurement } from '../../src/evidence/index.js';
import { categorize } from '../../src/index.js';
import { measureOn } from './helpers/measure.js';
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
  if (t.mode === 'bcast') return `BCAST ${t.prefixes.map((p) => `PREFIX ${p}`).join(' ') || '(all keys)'}`;
  if (t.mode === 'optin' || t.mode === 'optout') return `${t.mode.toUpperCase()} caching=${t.caching}`;
  return t.noloop ? 'NOLOOP' : 'default';
};

for (const server of serversUnderTest()) {
  const modes = suite(`tracking modes on ${server.kind}`);
  const measured = new Map<string, ReadMeasurement>();

  modes.before(async () => {
    const report = await measureOn(server, { reads: modeVariants });
    for (const m of report.reads) measured.set(m.recipe.id, m);
  });

  for (const variant of modeVariants) {
    modes(
      `${variant.read.slice(0, 2).join(' ')} under ${modeLabel(variant)} (${variant.id}) is ${variant.expected}`,
      () => {
        const m = measured.get(variant.id);
        assert.ok(m, `${variant.id} did not run`);
        assert.is(
          m.category,
          variant.expected,
          JSON.stringify(m.outcomes.map(({ before, after, ...o }) => o)),
        );
        if (!variant.describedByData) return;
        const data = categorize(
          variant.read.map((a) => a.replaceAll('{p}', dataPrefix)),
          { server: server.kind, ...optionsFor(variant) },
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
