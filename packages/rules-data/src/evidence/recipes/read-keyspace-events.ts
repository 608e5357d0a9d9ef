import type { ReadRecipe } from '../types.js';
import { write } from './builders.js';

const k = '{p}k';
const bigKeys = Array.from({ length: 8 }, (_, i) => `{p}big:${i}`);
const bigValue = 'x'.repeat(64 * 1024);

const measuresChangeSource = (recipe: Omit<ReadRecipe, 'describedByData'>): ReadRecipe => ({
  ...recipe,
  describedByData: false,
});

/**
 * Changes no command names: expiry, eviction, flushes, SWAPDB. An expired key is invalidated only when the
 * server deletes it (db.c deleteExpiredKeyAndPropagate), by the active expire cycle or a later lookup.
 */
export const keyspaceEventRecipes: ReadRecipe[] = (
  [
    {
      id: 'expiry-lazy',
      reason: 'tracked-keys',
      scope: 'server',
      activeExpire: false,
      setup: [['SET', k, 'v', 'PX', '100']],
      read: ['GET', k],
      changes: [{ kind: 'wait', ms: 250, touches: [k], note: 'the key expires; only a lookup deletes it' }],
      note: 'with DEBUG SET-ACTIVE-EXPIRE 0 the cached value outlives its TTL until something looks the key up',
    },
    {
      id: 'expiry-active',
      reason: 'tracked-keys',
      setup: [['SET', k, 'v', 'PX', '100']],
      read: ['GET', k],
      changes: [
        { kind: 'wait', ms: 600, touches: [k], note: 'the active expire cycle (hz 10) deletes the key' },
      ],
    },
    {
      id: 'eviction',
      reason: 'tracked-keys',
      scope: 'server',
      setup: bigKeys.map((key) => ['SET', key, bigValue]),
      read: ['MGET', ...bigKeys],
      changes: [{ kind: 'evict', policy: 'allkeys-lru', touches: bigKeys }],
    },
    {
      id: 'flushdb',
      reason: 'tracked-keys',
      scope: 'server',
      setup: [['SET', k, 'v']],
      read: ['GET', k],
      changes: [write(['FLUSHDB'], k)],
    },
    {
      id: 'flushall-async',
      reason: 'tracked-keys',
      scope: 'server',
      setup: [['SET', k, 'v']],
      read: ['GET', k],
      changes: [write(['FLUSHALL', 'ASYNC'], k)],
    },
    {
      id: 'swapdb',
      reason: 'tracked-keys',
      scope: 'server',
      otherDatabases: [1],
      setup: [
        ['SET', k, 'in-db-0'],
        ['SELECT', '1'],
        ['SET', k, 'in-db-1'],
      ],
      read: ['GET', k],
      changes: [write(['SWAPDB', '{db}', '1'], k)],
    },
  ] satisfies Omit<ReadRecipe, 'describedByData'>[]
).map(measuresChangeSource);
