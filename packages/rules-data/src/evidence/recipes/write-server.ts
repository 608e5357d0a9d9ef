import type { SkippedWrite, WriteRecipe } from '../types.js';
import { sweep } from './write-builders.js';

const k = '{p}k';
const library = `#!lua name={lib}\nredis.register_function('{lib}_f', function() return 1 end)`;
const libraryProbe = ['FUNCTION', 'LIST', 'LIBRARYNAME', '{lib}', 'WITHCODE'];
const functionScope: Partial<WriteRecipe> = { scope: 'server', libraries: ['{lib}'], probes: [libraryProbe] };

/** Writes of whole databases and of the function library: server-wide, run only on a server you own. */
export const serverWrites: WriteRecipe[] = [
  sweep('flushall', [['SET', k, 'v']], ['FLUSHALL'], [k], { scope: 'server' }),
  sweep('flushall', [['SET', k, 'v']], ['FLUSHALL', 'ASYNC'], [k], { id: 'flushall-async', scope: 'server' }),
  sweep('flushdb', [['SET', k, 'v']], ['FLUSHDB'], [k], { scope: 'server' }),
  sweep('flushdb', [['SET', k, 'v']], ['FLUSHDB', 'ASYNC'], [k], { id: 'flushdb-async', scope: 'server' }),
  sweep(
    'swapdb',
    [
      ['SET', k, 'in-0'],
      ['SELECT', '1'],
      ['SET', k, 'in-1'],
    ],
    ['SWAPDB', '{db}', '1'],
    [k, '1:{p}k'],
    {
      scope: 'server',
      otherDatabases: [1],
    },
  ),
  sweep('function|load', [], ['FUNCTION', 'LOAD', library], [], functionScope),
  sweep(
    'function|delete',
    [['FUNCTION', 'LOAD', library]],
    ['FUNCTION', 'DELETE', '{lib}'],
    [],
    functionScope,
  ),
  sweep('function|flush', [['FUNCTION', 'LOAD', library]], ['FUNCTION', 'FLUSH'], [], functionScope),
  sweep('function|restore', [['FUNCTION', 'LOAD', library]], ['FUNCTION', 'RESTORE', '', 'REPLACE'], [], {
    ...functionScope,
    capture: { argv: ['FUNCTION', 'DUMP'], into: 2, then: [['FUNCTION', 'DELETE', '{lib}']] },
  }),
];

const setterLibrary = `#!lua name={lib}\nredis.register_function('{lib}_set', function(keys, args) return redis.call('SET', args[1], 'v') end)`;
const scriptText = "return 'vt-evidence'";
// sha1 of "return 'vt-evidence'"
const scriptSha = 'a68b2f2c98c1723d5f733af784f4c17ff3a831d9';

/**
 * Commands not flagged `write` that still change what a later read returns: TOUCH (the access clock),
 * PFCOUNT (rewrites its cached cardinality), SCRIPT FLUSH (EVALSHA starts failing), EVAL writing a key.
 */
export const sideEffectWrites: WriteRecipe[] = [
  sweep('touch', [['SET', k, 'v']], ['TOUCH', k], [k], {
    scope: 'server',
    config: [{ parameter: 'maxmemory-policy', value: 'allkeys-lfu' }],
    fingerprint: [['OBJECT', 'FREQ']],
    note: 'under an LFU policy the first access always raises the counter (evict.c LFULogIncr)',
  }),
  sweep('pfcount', [['PFADD', '{p}hll', 'a', 'b']], ['PFCOUNT', '{p}hll'], ['{p}hll'], {
    note: 'PFADD leaves the cached cardinality stale; PFCOUNT recomputes and stores it',
  }),
  sweep('script|flush', [['SCRIPT', 'LOAD', scriptText]], ['SCRIPT', 'FLUSH'], [], {
    scope: 'server',
    probes: [['SCRIPT', 'EXISTS', scriptSha]],
  }),
  sweep('eval', [], ['EVAL', "return redis.call('SET', ARGV[1], 'v')", '0', k], [k], {
    id: 'eval-undeclared-write',
  }),
  sweep('fcall', [['FUNCTION', 'LOAD', setterLibrary]], ['FCALL', '{lib}_set', '0', k], [k], {
    id: 'fcall-undeclared-write',
    scope: 'server',
    libraries: ['{lib}'],
  }),
];

/** Write commands the sweep cannot run on a standalone test server, and why. */
export const skippedWrites: SkippedWrite[] = [
  {
    command: 'cluster|flushslot',
    reason:
      'needs cluster mode: on a standalone server (which verify requires) it answers that cluster support is disabled',
  },
  {
    command: 'migrate',
    reason:
      'needs a second server: MIGRATE to the server itself fails with IOERR, as it waits on its own reply',
  },
];
