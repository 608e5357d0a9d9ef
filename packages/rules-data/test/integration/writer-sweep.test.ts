import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  sideEffectWrites,
  skippedWrites,
  writeRecipes,
  type WriteMeasurement,
} from '../../src/evidence/index.js';
import { lookup } from '../../src/index.js';
import type { ServerMetadata } from '../../src/metadata/types.js';
import { metadataDir } from '../../scripts/paths.js';
import { appliesTo } from './helpers/applies-to.js';
import { measureEverything } from './helpers/measure.js';
import { serversUnderTest } from './helpers/servers-under-test.js';

const metadata = readdirSync(metadataDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(metadataDir, f), 'utf8')) as ServerMetadata);
const writeCommands = [
  ...new Set(
    metadata.flatMap((m) =>
      Object.values(m.commands)
        .filter((c) => c.flags.includes('write'))
        .map((c) => c.name),
    ),
  ),
].sort();

const coverage = suite('writer sweep');

coverage(
  'has a recipe for every command any captured server version flags write, bar the skipped ones',
  () => {
    const swept = new Set([...writeRecipes.map((r) => r.command), ...skippedWrites.map((s) => s.command)]);
    assert.equal(
      writeCommands.filter((c) => !swept.has(c)),
      [],
      'write commands with no sweep recipe',
    );
  },
);

coverage('skips only writes a standalone server cannot run, each with a reason', () => {
  assert.ok(skippedWrites.length <= 2, `${skippedWrites.length} skipped writes`);
  for (const s of skippedWrites) assert.ok(s.reason.length > 20, `${s.command} needs a stated reason`);
});

coverage.run();

const byCommand = (measurements: WriteMeasurement[]) => {
  const grouped = new Map<string, WriteMeasurement[]>();
  for (const m of measurements) grouped.set(m.recipe.command, [...(grouped.get(m.recipe.command) ?? []), m]);
  return grouped;
};

const summary = (m: WriteMeasurement) =>
  `${m.recipe.id}: reply ${m.reply.slice(0, 60)}, changed ${m.changedKeys.map((k) => k.key).join(', ') || 'nothing'}, invalidated ${m.invalidatedKeys.join(', ') || 'nothing'}`;

for (const server of serversUnderTest()) {
  const sweep = suite(`writer sweep on ${server.name}`);
  let measured = new Map<string, WriteMeasurement[]>();
  const sideEffects = new Map<string, WriteMeasurement>();

  sweep.before(async () => {
    const report = await measureEverything(server);
    const swept = new Set(writeRecipes.map((r) => r.id));
    measured = byCommand(report.writes.filter((m) => swept.has(m.recipe.id)));
    for (const m of report.writes) if (!swept.has(m.recipe.id)) sideEffects.set(m.recipe.id, m);
  });

  const applying = writeRecipes.filter((r) => appliesTo(r, server));
  for (const command of [...new Set(applying.map((r) => r.command))]) {
    sweep(`${command} is a silent write exactly when the data says so`, () => {
      const runs = measured.get(command) ?? [];
      assert.is(runs.length, applying.filter((r) => r.command === command).length, `${command} did not run`);
      for (const m of runs) assert.ok(m.changedKeys.length > 0, `the recipe changed nothing: ${summary(m)}`);
      const silent = runs.some((m) => m.silentWrite);
      const entry = lookup(command);
      assert.ok(entry?.write, `the data has no write entry for ${command}`);
      const data = entry.silentWrite ?? false;
      assert.is(silent, data, runs.map(summary).join('\n'));
    });
  }

  sweep('TOUCH raises the LFU counter without an invalidation', () => {
    const m = sideEffects.get('touch');
    assert.ok(m?.silentWrite, m && summary(m));
  });

  sweep('PFCOUNT refreshing its cached cardinality invalidates the key', () => {
    const m = sideEffects.get('pfcount');
    assert.ok(m && m.changedKeys.length > 0 && !m.silentWrite, m && summary(m));
  });

  sweep('SCRIPT FLUSH empties the script cache without any invalidation', () => {
    const m = sideEffects.get('script-flush');
    assert.ok(m?.silentWrite, m && summary(m));
    assert.ok(lookup('script|flush')?.silentWrite, 'the data does not mark SCRIPT FLUSH as a silent write');
  });

  sweep('a key written inside EVAL or FCALL without being declared is invalidated', () => {
    for (const id of ['eval-undeclared-write', 'fcall-undeclared-write']) {
      const m = sideEffects.get(id);
      assert.ok(m && m.changedKeys.length > 0 && !m.silentWrite, m ? summary(m) : `${id} did not run`);
    }
  });

  sweep.run();
}
