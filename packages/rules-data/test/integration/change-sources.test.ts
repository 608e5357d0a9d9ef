import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { keyspaceEventRecipes, type ReadMeasurement } from '../../src/evidence/index.js';
import { changeSources, type ChangeSource } from '../../src/index.js';
import { measureOn } from './helpers/measure.js';
import { serversUnderTest } from './helpers/servers-under-test.js';

/** Which recipes measure which entry of the data's `changeSources`. */
const recipesFor: Record<string, string[]> = {
  expiry: ['expiry-lazy', 'expiry-active'],
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
  const sources = suite(`change sources on ${server.kind}`);
  const measured = new Map<string, ReadMeasurement>();

  sources.before(async () => {
    const report = await measureOn(server, { reads: keyspaceEventRecipes });
    for (const m of report.reads) measured.set(m.recipe.id, m);
  });

  const get = (id: string) => {
    const m = measured.get(id);
    if (!m) throw new Error(`${id} did not run`);
    return m;
  };

  sources('an expired key sends nothing until the server deletes it on lookup', () => {
    assert.is(heard(get('expiry-lazy')), 'on-delete');
  });

  sources('the active expire cycle deletes an expired key and invalidates it', () => {
    assert.is(heard(get('expiry-active')), 'per-key');
  });

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

  for (const source of changeSources.filter((s) => s.servers.includes(server.kind))) {
    sources(`the data's "${source.name}" (${source.invalidation}) is what a tracking client hears`, () => {
      const ids = recipesFor[source.name];
      assert.ok(ids, `no recipe measures the change source "${source.name}"`);
      const kinds = ids.map((id) => heard(get(id)));
      // Expiry is heard per key when the active cycle gets there first, on delete otherwise: on-delete covers both.
      const overall = kinds.includes('on-delete') ? 'on-delete' : kinds[0];
      assert.is(overall, source.invalidation);
    });
  }

  sources.run();
}
