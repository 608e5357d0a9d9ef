import type { ReadRecipe } from '../types.js';
import { repeat, tracked, write } from './builders.js';

const v = '{p}v';
const vectors = [
  ['VADD', v, 'VALUES', '3', '1', '0', '0', 'a'],
  ['VADD', v, 'VALUES', '3', '0', '1', '0', 'b', 'SETATTR', '{"x":1}'],
  ['VADD', v, 'VALUES', '3', '0', '0', '1', 'c'],
];
const addD = write(['VADD', v, 'VALUES', '3', '0.9', '0.1', '0', 'd'], v);

/** Vector sets (Redis 8.0): readonly commands whose key specs say RW; tracking remembers the key anyway. */
export const vectorSetRecipes: ReadRecipe[] = [
  tracked('vcard', vectors, ['VCARD', v], addD),
  tracked('vdim', vectors, ['VDIM', v], write(['DEL', v], v)),
  tracked('vemb', vectors, ['VEMB', v, 'a'], write(['VADD', v, 'VALUES', '3', '0', '1', '1', 'a'], v)),
  tracked('vinfo', vectors, ['VINFO', v], addD),
  tracked('vgetattr', vectors, ['VGETATTR', v, 'b'], write(['VSETATTR', v, 'b', '{"x":2}'], v)),
  tracked('vlinks', vectors, ['VLINKS', v, 'a'], write(['VREM', v, 'c'], v)),
  tracked('vismember', vectors, ['VISMEMBER', v, 'a'], write(['VREM', v, 'a'], v)),
  tracked('vsim', vectors, ['VSIM', v, 'ELE', 'a'], addD),
  {
    id: 'vrandmember',
    reason: 'random-output',
    setup: vectors,
    read: ['VRANDMEMBER', v, '5'],
    changes: [repeat(), write(['DEL', v], v)],
    note: 'a count above the size: every element, in a different order on every call',
  },
];
