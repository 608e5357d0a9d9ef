import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ReadMeasurement } from '../../src/evidence/index.js';
import { changeSources, selectorMatches, type ChangeSource } from '../../src/index.js';
import { measureEverything, type Measured } from './helpers/measure.js';
import { serversUnderTest } from './helpers/servers-under-test.js';

/** Which recipes measure which entry of the data's `changeSources`. */
const recipesFor: Record<string, string[]> = {
  expiry: ['expiry-lazy', 'expiry-active'],
  'hash field expiry': ['field-expiry-off', 'field-expiry-active'],
  eviction: ['eviction'],
  'flushdb/flushall': ['flushdb', 'flushall-async'],
  swapdb: ['swapdb'],
};

/** The invalidation a tracking client hears, as `ChangeSource['invalidation']` names it, from one measurement. */
const heard = (m: ReadMeasurement): ChangeSource['invalidation'] => {
  const [outcome] = m.outcomes;
  if (!outcome?.changed) throw new Error(`${m.recipe.id}: the change did not alter the reply`);
  if (outcome.invalidatedKeys.includes('*')) return 'flush';
  if (outcome.invalidated) return 'per-key';
  return outcome.lateInvalidatedKeys.some((k) => m.read.includes(k)) ? 'on-delete' : 'none';
};

for (const server of serversUnderTest()) {
  const sources = suite(`change sources on ${server.name}`);
  let run: Measured;
  const measured = new Map<string, ReadMeasurement>();

  sources.before(async () => {
    run = await measureEverything(server);
    for (const m of run.reads) measured.set(m.recipe.id, m);
  });

  const get = (id: string) => {
    const m = measured.get(id);
    if (!m) throw new Error(`${id} did not run`);
    return m;
  };
  const fieldExpiry = changeSources
    .find((s) => s.name === 'hash field expiry')!
    .servers.some((s) => selectorMatches(s, server.kind, server.version));

  sources('an expired key sends nothing until the server deletes it on lookup', () => {
    assert.is(heard(get('expiry-lazy')), 'on-delete');
  });

  sources('the active expire cycle deletes an expired key and invalidates it', () => {
    assert.is(heard(get('expiry-active')), 'per-key');
  });

  sources("under NOLOOP, the client's own read that deletes an expired key sends it no invalidation", () => {
    const m = get('noloop-own-expiry');
    assert.ok(m.outcomes[0]!.changed, 'the own read did not delete the key');
    assert.not.ok(m.outcomes[0]!.invalidated);
    assert.is(m.category, 'none');
  });

  sources('under BCAST with NOLOOP, that deletion is announced to the client', () => {
    const m = get('bcast-noloop-own-expiry');
    assert.ok(m.outcomes[0]!.changed && m.outcomes[0]!.invalidated);
  });

  if (fieldExpiry) {
    sources('an expired hash field sends nothing while active expiry is off', () => {
      const m = get('field-expiry-off');
      assert.ok(['none', 'on-delete'].includes(heard(m)), heard(m));
    });

    sources('the active expire cycle deletes an expired hash field and invalidates the key', () => {
      assert.is(heard(get('field-expiry-active')), 'per-key');
    });
  }

  sources('eviction invalidates each evicted key', () => {
    assert.is(heard(get('eviction')), 'per-key');
  });

  sources('FLUSHDB and FLUSHALL ASYNC send one flush message', () => {
    assert.is(heard(get('flushdb')), 'flush');
    assert.is(heard(get('flushall-async')), 'flush');
  });

  sources('SWAPDB changes every key of both databases without any invalidation', () => {
    assert.is(heard(get('swapdb')), 'none');
  });

  for (const source of changeSources) {
    sources(`the data's "${source.name}" (${source.invalidation}) is what a tracking client hears`, () => {
      const holds = source.servers.some((s) => selectorMatches(s, server.kind, run.version));
      const ids = recipesFor[source.name];
      assert.ok(ids, `no recipe measures the change source "${source.name}"`);
      if (!holds) {
        assert.ok(
          ids.every((id) => !measured.has(id)),
          `${source.name} does not list ${server.name}, yet its recipes ran there`,
        );
        return;
      }
      const kinds = ids.map((id) => heard(get(id)));
      // Expiry is heard per key when the active cycle deletes first, and not at all (or when a lookup deletes)
      // while it does not: on-delete says both.
      const overall =
        kinds.includes('per-key') && kinds.some((k) => k === 'on-delete' || k === 'none')
          ? 'on-delete'
          : kinds[0];
      assert.is(overall, source.invalidation);
    });
  }

  sources.run();
}
