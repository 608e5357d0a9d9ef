import type { ReadRecipe } from '../types.js';
import { repeat, write } from './builders.js';

const k = '{p}k';
const l = '{p}l';
const x = '{p}x';
const g = '{p}g';
const geo = ['GEOADD', g, '13.361389', '38.115556', 'palermo', '15.087269', '37.502669', 'catania'];

/** Write-flagged commands used to read: call() remembers keys only for CMD_READONLY commands (server.c). */
export const notReadonlyRecipes: ReadRecipe[] = [
  {
    id: 'sort-as-read',
    reason: 'not-readonly',
    setup: [['RPUSH', l, '3', '1', '2']],
    read: ['SORT', l],
    changes: [write(['RPUSH', l, '0'], l)],
  },
  {
    id: 'georadius-as-read',
    reason: 'not-readonly',
    setup: [geo],
    read: ['GEORADIUS', g, '15', '37', '200', 'km', 'ASC'],
    changes: [write(['GEOADD', g, '15.1', '37.1', 'augusta'], g)],
  },
  {
    id: 'georadiusbymember-as-read',
    reason: 'not-readonly',
    setup: [geo],
    read: ['GEORADIUSBYMEMBER', g, 'catania', '200', 'km', 'ASC'],
    changes: [write(['GEOADD', g, '15.1', '37.1', 'augusta'], g)],
  },
  {
    id: 'bitfield-get-as-read',
    reason: 'not-readonly',
    setup: [['SET', k, 'a']],
    read: ['BITFIELD', k, 'GET', 'u8', '0'],
    changes: [write(['SET', k, 'b'], k)],
  },
  {
    id: 'getex-without-options',
    reason: 'not-readonly',
    setup: [['SET', k, 'v1']],
    read: ['GETEX', k],
    changes: [write(['SET', k, 'v2'], k)],
  },
  {
    id: 'incr-as-read',
    reason: 'write',
    setup: [['SET', k, '1']],
    read: ['INCR', k],
    changes: [repeat(2)],
    note: 'every call is a write: the reply is never the same twice',
  },
];

/** Reads whose keys the server cannot know: the whole keyspace, a glob, keys named inside the data. */
export const unnamedKeyRecipes: ReadRecipe[] = [
  {
    id: 'dbsize',
    reason: 'no-key-args',
    setup: [['SET', '{p}a', '1']],
    read: ['DBSIZE'],
    changes: [write(['SET', '{p}b', '2'], '{p}b')],
  },
  {
    id: 'keys-pattern',
    reason: 'key-pattern',
    scope: 'server',
    setup: [
      ['SET', '{p}user:1', 'a'],
      ['SET', '{p}user:2', 'b'],
    ],
    read: ['KEYS', '{p}user:*'],
    changes: [write(['SET', '{p}user:3', 'c'], '{p}user:3'), write(['DEL', '{p}user:1'], '{p}user:1')],
  },
  {
    id: 'scan-match',
    reason: 'key-pattern',
    setup: [['SET', '{p}tunnel:1', 'a']],
    read: ['SCAN', '0', 'MATCH', '{p}tunnel:*', 'COUNT', '1000'],
    changes: [write(['SET', '{p}tunnel:2', 'b'], '{p}tunnel:2')],
  },
  {
    id: 'sort_ro-by-get',
    reason: 'undeclared-keys',
    setup: [
      ['RPUSH', l, '1', '2'],
      ['SET', '{p}w_1', '2'],
      ['SET', '{p}w_2', '1'],
      ['SET', '{p}o_1', 'a'],
      ['SET', '{p}o_2', 'b'],
    ],
    read: ['SORT_RO', l, 'BY', '{p}w_*', 'GET', '{p}o_*'],
    changes: [
      write(['SET', '{p}w_1', '0'], '{p}w_1'),
      write(['SET', '{p}o_1', 'z'], '{p}o_1'),
      write(['RPUSH', l, '3'], l),
    ],
  },
];

/**
 * Consumer-group state lives in the stream key, but the commands that change it never signal the key
 * (the writer sweep measures it: XGROUP, XREADGROUP, XACK, XCLAIM, XAUTOCLAIM and XSETID send no invalidation).
 */
export const streamGroupRecipes: ReadRecipe[] = [
  {
    id: 'xinfo-groups',
    reason: 'changed-silently',
    setup: [
      ['XADD', x, '1-1', 'f', 'a'],
      ['XGROUP', 'CREATE', x, 'g', '0'],
    ],
    read: ['XINFO', 'GROUPS', x],
    changes: [
      write(['XGROUP', 'CREATE', x, 'g2', '0'], x),
      write(['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', x, '>'], x),
      write(['XADD', x, '2-1', 'f', 'b'], x),
    ],
  },
  {
    id: 'xpending-summary',
    reason: 'changed-silently',
    setup: [
      ['XADD', x, '1-1', 'f', 'a'],
      ['XGROUP', 'CREATE', x, 'g', '0'],
    ],
    read: ['XPENDING', x, 'g'],
    changes: [write(['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', x, '>'], x), write(['DEL', x], x)],
  },
  // The serialized stream holds its consumer groups: XGROUP CREATE changes it with no invalidation.
  {
    id: 'dump-stream-group',
    reason: 'changed-silently',
    setup: [['XADD', x, '1-1', 'f', 'a']],
    read: ['DUMP', x],
    changes: [write(['XGROUP', 'CREATE', x, 'g', '0'], x), write(['XADD', x, '2-1', 'f', 'b'], x)],
  },
  // On Valkey, XSETID past the last entry empties `XREAD ... +` with no invalidation.
  {
    id: 'xread-plus-xsetid',
    reason: 'changed-silently',
    servers: ['valkey'],
    setup: [['XADD', x, '1-1', 'f', 'a']],
    read: ['XREAD', 'STREAMS', x, '+'],
    changes: [write(['XSETID', x, '5-0'], x), write(['XADD', x, '6-1', 'f', 'b'], x)],
  },
  {
    id: 'xinfo-stream-xsetid',
    reason: 'changed-silently',
    setup: [['XADD', x, '1-1', 'f', 'a']],
    read: ['XINFO', 'STREAM', x],
    changes: [write(['XSETID', x, '5-0'], x), write(['XADD', x, '6-1', 'f', 'b'], x)],
  },
];

/** Pub/Sub replies change as clients subscribe, which no keyspace event announces. */
export const pubsubRecipes: ReadRecipe[] = [
  {
    id: 'pubsub-numsub',
    reason: 'pubsub',
    setup: [],
    read: ['PUBSUB', 'NUMSUB', '{p}news'],
    changes: [{ kind: 'subscribe', channel: '{p}news' }],
  },
];
