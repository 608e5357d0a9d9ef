import type { MeasuredCategory, ReadRecipe } from '../types.js';
import { unrelatedWrite, wait, write } from './builders.js';

export interface ModeVariant extends ReadRecipe {
  /** What the measurement must show in this mode. */
  expected: MeasuredCategory;
  /** Whether `categorize(read, { mode, prefixes })` describes the run (see ReadRecipe). */
  describedByData: boolean;
}

const k = '{p}k';
/** PFADD after a count leaves the cached cardinality stale; the next PFCOUNT recomputes and stores it. */
const staleCardinality = [
  ['PFADD', k, 'a', 'b'],
  ['PFCOUNT', k],
  ['PFADD', k, 'c'],
];
const users = [
  ['SET', '{p}user:1', 'a'],
  ['SET', '{p}user:2', 'b'],
];

/** The same engine under BCAST, OPTIN, OPTOUT and NOLOOP (https://valkey.io/commands/client-tracking/). */
export const modeVariants: ModeVariant[] = [
  {
    id: 'bcast-keys-pattern',
    reason: 'key-pattern',
    scope: 'server',
    tracking: { mode: 'bcast', prefixes: ['{p}user:'] },
    setup: users,
    read: ['KEYS', '{p}user:*'],
    changes: [
      write(['SET', '{p}user:3', 'c'], '{p}user:3'),
      write(['DEL', '{p}user:1'], '{p}user:1'),
      unrelatedWrite,
    ],
    expected: 'full',
    describedByData: true,
  },
  {
    id: 'bcast-scan-match',
    reason: 'key-pattern',
    tracking: { mode: 'bcast', prefixes: ['{p}tunnel:'] },
    setup: [['SET', '{p}tunnel:1', 'a']],
    read: ['SCAN', '0', 'MATCH', '{p}tunnel:*', 'COUNT', '1000'],
    changes: [write(['SET', '{p}tunnel:2', 'b'], '{p}tunnel:2'), unrelatedWrite],
    expected: 'full',
    describedByData: true,
  },
  {
    id: 'bcast-ttl',
    reason: 'time-dependent',
    tracking: { mode: 'bcast', prefixes: ['{p}'] },
    setup: [['SET', k, 'v', 'PX', '100900']],
    read: ['TTL', k],
    changes: [wait(1100), write(['EXPIRE', k, '5000'], k)],
    expected: 'partial',
    describedByData: true,
  },
  {
    id: 'bcast-pattern-outside-prefix',
    reason: 'uncovered-prefix',
    scope: 'server',
    tracking: { mode: 'bcast', prefixes: ['{p}other:'] },
    setup: users,
    read: ['KEYS', '{p}user:*'],
    changes: [write(['SET', '{p}user:3', 'c'], '{p}user:3')],
    expected: 'none',
    describedByData: true,
  },
  {
    id: 'bcast-read-outside-prefix',
    reason: 'uncovered-prefix',
    tracking: { mode: 'bcast', prefixes: ['{p}user:'] },
    setup: [['SET', k, 'v1']],
    read: ['GET', k],
    changes: [write(['SET', k, 'v2'], k)],
    expected: 'none',
    describedByData: true,
  },
  {
    id: 'bcast-dbsize-all-keys',
    reason: 'no-key-args',
    tracking: { mode: 'bcast', prefixes: [] },
    setup: [['SET', '{p}a', '1']],
    read: ['DBSIZE'],
    changes: [write(['SET', '{p}b', '2'], '{p}b')],
    expected: 'full',
    describedByData: true,
  },
  {
    id: 'optin-with-caching-yes',
    reason: 'tracked-keys',
    tracking: { mode: 'optin', caching: true },
    setup: [['SET', k, 'v1']],
    read: ['GET', k],
    changes: [write(['SET', k, 'v2'], k), unrelatedWrite],
    expected: 'full',
    describedByData: true,
  },
  {
    id: 'optin-without-caching',
    reason: 'tracked-keys',
    tracking: { mode: 'optin', caching: false },
    setup: [['SET', k, 'v1']],
    read: ['GET', k],
    changes: [write(['SET', k, 'v2'], k)],
    expected: 'none',
    describedByData: false,
  },
  {
    id: 'optout-default',
    reason: 'tracked-keys',
    tracking: { mode: 'optout', caching: true },
    setup: [['SET', k, 'v1']],
    read: ['GET', k],
    changes: [write(['SET', k, 'v2'], k)],
    expected: 'full',
    describedByData: true,
  },
  {
    id: 'optout-with-caching-no',
    reason: 'tracked-keys',
    tracking: { mode: 'optout', caching: false },
    setup: [['SET', k, 'v1']],
    read: ['GET', k],
    changes: [write(['SET', k, 'v2'], k)],
    expected: 'none',
    describedByData: false,
  },
  {
    id: 'default-own-write',
    reason: 'tracked-keys',
    tracking: { mode: 'default' },
    setup: [['SET', k, 'v1']],
    read: ['GET', k],
    changes: [{ kind: 'command', argv: ['SET', k, 'v2'], touches: [k], by: 'tracking' }],
    expected: 'full',
    describedByData: true,
  },
  {
    id: 'noloop-own-write',
    reason: 'tracked-keys',
    tracking: { mode: 'default', noloop: true },
    setup: [['SET', k, 'v1']],
    read: ['GET', k],
    changes: [{ kind: 'command', argv: ['SET', k, 'v2'], touches: [k], by: 'tracking' }],
    expected: 'none',
    describedByData: false,
  },
  // PFCOUNT stores the cardinality it computed in the HyperLogLog's bytes (a write to the key): with NOLOOP the
  // client that ran it is not told, so its cached GET of the key is stale.
  {
    id: 'noloop-own-pfcount',
    reason: 'tracked-keys',
    tracking: { mode: 'default', noloop: true },
    setup: staleCardinality,
    read: ['GET', k],
    changes: [{ kind: 'command', argv: ['PFCOUNT', k], touches: [k], by: 'tracking' }],
    expected: 'none',
    describedByData: false,
  },
  {
    id: 'default-own-pfcount',
    reason: 'tracked-keys',
    tracking: { mode: 'default' },
    setup: staleCardinality,
    read: ['GET', k],
    changes: [{ kind: 'command', argv: ['PFCOUNT', k], touches: [k], by: 'tracking' }],
    expected: 'full',
    describedByData: true,
  },
  {
    id: 'noloop-other-write',
    reason: 'tracked-keys',
    tracking: { mode: 'default', noloop: true },
    setup: [['SET', k, 'v1']],
    read: ['GET', k],
    changes: [write(['SET', k, 'v2'], k)],
    expected: 'full',
    describedByData: true,
  },
];
