import type { ReadRecipe } from '../types.js';
import { tracked, wait, write } from './builders.js';

const h = '{p}h';
/** Field f expires 100 ms after setup; field g never does. */
const expiringField = [
  ['HSET', h, 'f', 'v', 'g', 'w'],
  ['HPEXPIRE', h, '100', 'FIELDS', '1', 'f'],
];
const fieldTtl = { keyState: ['hash-field-ttl' as const] };

/**
 * Hash field expiry (Valkey 9.0, Redis 7.4 on). With active expiry off (DEBUG SET-ACTIVE-EXPIRE 0) an
 * expired field is deterministically never deleted by the server, so reads hide it with no invalidation.
 */
const whileActiveExpiryIsOff = (id: string, read: string[]): ReadRecipe => ({
  id,
  reason: 'field-expiry',
  scope: 'server',
  activeExpire: false,
  ...fieldTtl,
  setup: expiringField,
  read,
  changes: [
    {
      kind: 'wait',
      ms: 300,
      touches: [h],
      note: 'field f expires; with active expiry off nothing deletes it',
    },
    write(['DEL', h], h),
  ],
});

export const hashFieldRecipes: ReadRecipe[] = [
  // HTTL's rounding differs between servers (Redis 8.0 rounds up); two reads 1.1 s apart differ whatever it is.
  {
    id: 'httl',
    reason: 'time-dependent',
    setup: [
      ['HSET', h, 'f', 'v'],
      ['HPEXPIRE', h, '100500', 'FIELDS', '1', 'f'],
    ],
    read: ['HTTL', h, 'FIELDS', '1', 'f'],
    changes: [wait(1100), write(['HPERSIST', h, 'FIELDS', '1', 'f'], h)],
  },
  {
    id: 'hpttl',
    reason: 'time-dependent',
    setup: [
      ['HSET', h, 'f', 'v'],
      ['HPEXPIRE', h, '100000', 'FIELDS', '1', 'f'],
    ],
    read: ['HPTTL', h, 'FIELDS', '1', 'f'],
    changes: [wait(5), write(['HPERSIST', h, 'FIELDS', '1', 'f'], h)],
  },
  tracked(
    'hexpiretime',
    [
      ['HSET', h, 'f', 'v'],
      ['HEXPIRE', h, '1000', 'FIELDS', '1', 'f'],
    ],
    ['HEXPIRETIME', h, 'FIELDS', '1', 'f'],
    write(['HEXPIRE', h, '5000', 'FIELDS', '1', 'f'], h),
    wait(20, 'control: an absolute expiry does not move with time'),
  ),
  tracked(
    'hpexpiretime',
    [
      ['HSET', h, 'f', 'v'],
      ['HPEXPIRE', h, '1000000', 'FIELDS', '1', 'f'],
    ],
    ['HPEXPIRETIME', h, 'FIELDS', '1', 'f'],
    write(['HPERSIST', h, 'FIELDS', '1', 'f'], h),
  ),
  whileActiveExpiryIsOff('hgetall-field-ttl', ['HGETALL', h]),
  whileActiveExpiryIsOff('hget-field-ttl', ['HGET', h, 'f']),
  whileActiveExpiryIsOff('hmget-field-ttl', ['HMGET', h, 'f', 'g']),
  whileActiveExpiryIsOff('hkeys-field-ttl', ['HKEYS', h]),
  whileActiveExpiryIsOff('hexists-field-ttl', ['HEXISTS', h, 'f']),
  whileActiveExpiryIsOff('hexpiretime-field-ttl', ['HEXPIRETIME', h, 'FIELDS', '1', 'f']),
  // The good case: the active expire cycle deletes the field (within about 100 ms) and invalidates the key.
  {
    id: 'hgetall-field-ttl-active',
    reason: 'field-expiry',
    ...fieldTtl,
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
    betterCase: {
      measured: 'full',
      why: 'The active expire cycle deleted the expired field and invalidated the key; a cycle that lags or is off does not.',
    },
  },
  // HLEN counts an expired field until the server deletes it, and the deletion invalidates.
  {
    ...tracked('hlen-field-ttl', expiringField, ['HLEN', h], {
      kind: 'wait',
      ms: 3000,
      untilInvalidated: true,
      touches: [h],
      note: 'the active expire cycle deletes field f',
    }),
    ...fieldTtl,
  },
  // HGETEX is flagged write: without options it only reads, and remembers nothing.
  {
    id: 'hgetex-as-read',
    reason: 'not-readonly',
    setup: [['HSET', h, 'f', 'v']],
    read: ['HGETEX', h, 'FIELDS', '1', 'f'],
    changes: [write(['HSET', h, 'f', 'w'], h)],
  },
];
