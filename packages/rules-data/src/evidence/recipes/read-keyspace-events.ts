import type { ReadChange, ReadRecipe } from '../types.js';
import { write } from './builders.js';

const k = '{p}k';
const h = '{p}h';
const expiringField = [
  ['HSET', h, 'f', 'v', 'g', 'w'],
  ['HPEXPIRE', h, '100', 'FIELDS', '1', 'f'],
];
const ownReadAfterExpiry: ReadChange = {
  kind: 'command',
  by: 'tracking',
  delayMs: 250,
  argv: ['GET', k],
  touches: [k],
  note: "the key expires; the client's own GET deletes it",
};
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
        {
          kind: 'wait',
          ms: 3000,
          untilInvalidated: true,
          touches: [k],
          note: 'the active expire cycle (hz 10) deletes the key',
        },
      ],
    },
    // NOLOOP: when the client's own read is the lookup that deletes an expired key, it is told nothing about
    // its other cached reads of that key; BCAST with NOLOOP still announces the deletion.
    {
      id: 'noloop-own-expiry',
      reason: 'tracked-keys',
      scope: 'server',
      activeExpire: false,
      tracking: { mode: 'default', noloop: true },
      setup: [['SET', k, 'v', 'PX', '100']],
      read: ['STRLEN', k],
      changes: [ownReadAfterExpiry],
    },
    {
      id: 'bcast-noloop-own-expiry',
      reason: 'tracked-keys',
      scope: 'server',
      activeExpire: false,
      tracking: { mode: 'bcast', prefixes: ['{p}'], noloop: true },
      setup: [['SET', k, 'v', 'PX', '100']],
      read: ['STRLEN', k],
      changes: [ownReadAfterExpiry],
    },
    // Hash fields with a TTL (Valkey 9.0, Redis 7.4 on): deleted by the active expire cycle, not otherwise.
    {
      id: 'field-expiry-off',
      reason: 'field-expiry',
      scope: 'server',
      activeExpire: false,
      setup: expiringField,
      read: ['HGETALL', h],
      changes: [{ kind: 'wait', ms: 300, touches: [h], note: 'field f expires; nothing deletes it' }],
    },
    {
      id: 'field-expiry-active',
      reason: 'field-expiry',
      setup: expiringField,
      read: ['HGETALL', h],
      changes: [
        {
          kind: 'wait',
          ms: 3000,
          untilInvalidated: true,
          touches: [h],
          note: 'the active expire cycle deletes field f',
        },
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
