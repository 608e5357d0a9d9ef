import type { WriteRecipe } from '../types.js';
import { sweep } from './write-builders.js';

const k = '{p}k';
const k2 = '{p}k2';
const dst = '{p}dst';
const set = (key: string, value: string) => ['SET', key, value];

/** Strings, expiry and whole-key writes. */
export const keyspaceWrites: WriteRecipe[] = [
  sweep('append', [set(k, 'a')], ['APPEND', k, 'b'], [k]),
  sweep('bitfield', [set(k, 'a')], ['BITFIELD', k, 'SET', 'u8', '0', '98'], [k]),
  sweep('bitop', [set(k, 'a'), set(k2, 'b')], ['BITOP', 'OR', dst, k, k2], [dst]),
  sweep('copy', [set(k, 'v')], ['COPY', k, dst], [dst]),
  sweep('copy', [set(k, 'v')], ['COPY', k, dst, 'DB', '1'], ['1:{p}dst'], {
    id: 'copy-db',
    otherDatabases: [1],
  }),
  sweep('decr', [set(k, '10')], ['DECR', k], [k]),
  sweep('decrby', [set(k, '10')], ['DECRBY', k, '3'], [k]),
  sweep('incr', [set(k, '10')], ['INCR', k], [k]),
  sweep('incrby', [set(k, '10')], ['INCRBY', k, '3'], [k]),
  sweep('incrbyfloat', [set(k, '10')], ['INCRBYFLOAT', k, '0.5'], [k]),
  sweep('del', [set(k, 'v')], ['DEL', k], [k]),
  sweep('unlink', [set(k, 'v')], ['UNLINK', k], [k]),
  sweep('expire', [set(k, 'v')], ['EXPIRE', k, '100'], [k]),
  sweep('expireat', [set(k, 'v')], ['EXPIREAT', k, '4102444800'], [k]),
  sweep('pexpire', [set(k, 'v')], ['PEXPIRE', k, '100000'], [k]),
  sweep('pexpireat', [set(k, 'v')], ['PEXPIREAT', k, '4102444800000'], [k]),
  sweep('expire', [set(k, 'v')], ['EXPIRE', k, '-1'], [k], { id: 'expire-in-the-past' }),
  sweep('persist', [['SET', k, 'v', 'EX', '100']], ['PERSIST', k], [k]),
  sweep('getdel', [set(k, 'v')], ['GETDEL', k], [k]),
  sweep('getex', [set(k, 'v')], ['GETEX', k, 'EX', '100'], [k]),
  sweep('getset', [set(k, 'a')], ['GETSET', k, 'b'], [k]),
  sweep('mset', [], ['MSET', k, 'a', k2, 'b'], [k, k2]),
  sweep('msetex', [], ['MSETEX', '2', k, 'a', k2, 'b', 'EX', '100'], [k, k2]),
  sweep('delifeq', [set(k, 'v')], ['DELIFEQ', k, 'v'], [k]),
  sweep('msetnx', [], ['MSETNX', k, 'a', k2, 'b'], [k, k2]),
  sweep('psetex', [], ['PSETEX', k, '100000', 'v'], [k]),
  sweep('set', [set(k, 'a')], ['SET', k, 'b'], [k]),
  sweep('setex', [], ['SETEX', k, '100', 'v'], [k]),
  sweep('setnx', [], ['SETNX', k, 'v'], [k]),
  sweep('setrange', [set(k, 'abc')], ['SETRANGE', k, '1', 'z'], [k]),
  sweep('setbit', [set(k, 'a')], ['SETBIT', k, '0', '1'], [k]),
  sweep('rename', [set(k, 'v'), set(dst, 'old')], ['RENAME', k, dst], [k, dst]),
  sweep('renamenx', [set(k, 'v')], ['RENAMENX', k, dst], [k, dst]),
  sweep('move', [set(k, 'v')], ['MOVE', k, '1'], [k, '1:{p}k'], { otherDatabases: [1] }),
  sweep('sort', [['RPUSH', '{p}l', '3', '1', '2']], ['SORT', '{p}l', 'STORE', dst], [dst]),
  sweep('restore', [set('{p}src', 'v')], ['RESTORE', k, '0', ''], [k], {
    capture: { argv: ['DUMP', '{p}src'], into: 3 },
  }),
  sweep('restore-asking', [set('{p}src', 'v')], ['RESTORE-ASKING', k, '0', ''], [k], {
    capture: { argv: ['DUMP', '{p}src'], into: 3 },
  }),
  sweep('restore', [set('{p}src', 'new'), set(k, 'old')], ['RESTORE', k, '0', '', 'REPLACE'], [k], {
    id: 'restore-replace',
    capture: { argv: ['DUMP', '{p}src'], into: 3 },
  }),
];
