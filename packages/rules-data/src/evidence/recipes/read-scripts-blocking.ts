import type { ReadRecipe } from '../types.js';
import { unrelatedWrite, write, deterministicDeclared } from './builders.js';

const k = '{p}k';
const x = '{p}x';

const lib = (body: string) =>
  `#!lua name={lib}\nredis.register_function{function_name='{lib}_get', callback=function(keys, args) ${body} end, flags={'no-writes'}}`;
const getArg = "return redis.call('GET', args[1])";
const getKey = "return redis.call('GET', keys[1])";
const replaced = "return 'replaced'";

const valkeyRemembersInnerReads =
  'Valkey 8.0 remembers keys the script reads without declaring them (and under BCAST every write is announced); the script is deterministic.';

export const scriptRecipes: ReadRecipe[] = [
  // EVAL is not flagged readonly: only the reads its script makes can be remembered, and only Valkey does.
  {
    id: 'eval-declared-key',
    reason: 'script',
    setup: [['SET', '{p}k', 'v1']],
    read: ['EVAL', "return redis.call('GET', KEYS[1])", '1', '{p}k'],
    changes: [write(['SET', '{p}k', 'v2'], '{p}k'), unrelatedWrite],
    betterCase: { measured: 'full', why: deterministicDeclared },
  },
  {
    id: 'eval_ro-undeclared-key',
    reason: 'script',
    setup: [['SET', '{p}other', 'v1']],
    read: ['EVAL_RO', "return redis.call('GET', ARGV[1])", '0', '{p}other'],
    changes: [write(['SET', '{p}other', 'v2'], '{p}other'), unrelatedWrite],
    betterCase: { measured: 'full', why: valkeyRemembersInnerReads },
  },
  // sha1 of "return redis.call('GET', KEYS[1])" (SCRIPT LOAD replies it)
  {
    id: 'evalsha-declared-key',
    reason: 'script',
    setup: [
      ['SET', k, 'v1'],
      ['SCRIPT', 'LOAD', "return redis.call('GET', KEYS[1])"],
    ],
    read: ['EVALSHA', 'd3c21d0c2b9ca22f82737626a27bcaf5d288f99f', '1', k],
    changes: [write(['SET', k, 'v2'], k), unrelatedWrite],
    betterCase: { measured: 'full', why: deterministicDeclared },
  },
  {
    id: 'fcall-declared-key',
    reason: 'script',
    scope: 'server',
    libraries: ['{lib}'],
    setup: [
      ['SET', k, 'v1'],
      ['FUNCTION', 'LOAD', 'REPLACE', lib(getKey)],
    ],
    read: ['FCALL', '{lib}_get', '1', k],
    changes: [write(['SET', k, 'v2'], k), write(['FUNCTION', 'LOAD', 'REPLACE', lib(replaced)])],
  },
  // sha1 of "return redis.call('GET', ARGV[1])"
  {
    id: 'evalsha_ro-undeclared-key',
    reason: 'script',
    setup: [
      ['SET', '{p}other', 'v1'],
      ['SCRIPT', 'LOAD', "return redis.call('GET', ARGV[1])"],
    ],
    read: ['EVALSHA_RO', '2b607d3eeffe20cb8536f3e513a6fe42580a3d6e', '0', '{p}other'],
    changes: [write(['SET', '{p}other', 'v2'], '{p}other'), unrelatedWrite],
    betterCase: { measured: 'full', why: valkeyRemembersInnerReads },
  },
  {
    id: 'fcall_ro-undeclared-key',
    reason: 'script',
    scope: 'server',
    libraries: ['{lib}'],
    setup: [
      ['SET', '{p}other', 'v1'],
      ['FUNCTION', 'LOAD', 'REPLACE', lib(getArg)],
    ],
    read: ['FCALL_RO', '{lib}_get', '0', '{p}other'],
    changes: [
      write(['SET', '{p}other', 'v2'], '{p}other'),
      write(['FUNCTION', 'LOAD', 'REPLACE', lib(replaced)]),
    ],
  },
  {
    id: 'fcall_ro-declared-key',
    reason: 'script',
    scope: 'server',
    libraries: ['{lib}'],
    setup: [
      ['SET', k, 'v1'],
      ['FUNCTION', 'LOAD', 'REPLACE', lib(getKey)],
    ],
    read: ['FCALL_RO', '{lib}_get', '1', k],
    changes: [write(['SET', k, 'v2'], k), write(['FUNCTION', 'LOAD', 'REPLACE', lib(replaced)])],
  },
];

export const blockingRecipes: ReadRecipe[] = [
  {
    id: 'xread-block-timeout',
    reason: 'blocking',
    setup: [['XADD', x, '1-1', 'f', 'a']],
    read: ['XREAD', 'BLOCK', '50', 'STREAMS', x, '1-1'],
    changes: [write(['XADD', x, '2-1', 'f', 'b'], x)],
  },
  {
    id: 'xread-block-data',
    reason: 'blocking',
    setup: [['XADD', x, '1-1', 'f', 'a']],
    read: ['XREAD', 'BLOCK', '50', 'STREAMS', x, '0-0'],
    changes: [write(['XADD', x, '2-1', 'f', 'b'], x), unrelatedWrite],
  },
];
