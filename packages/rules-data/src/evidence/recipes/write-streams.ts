import type { WriteRecipe } from '../types.js';
import { sweep } from './write-builders.js';

const x = '{p}x';
const entries = [
  ['XADD', x, '1-1', 'f', 'a'],
  ['XADD', x, '2-1', 'f', 'b'],
];
const group = [...entries, ['XGROUP', 'CREATE', x, 'g', '0']];
/** Both entries delivered to consumer c and pending. */
const pending = [...group, ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', x, '>']];

/** Streams keep consumer groups, consumers and pending entries inside the key (DUMP shows them all). */
export const streamWrites: WriteRecipe[] = [
  sweep('xadd', entries, ['XADD', x, '3-1', 'f', 'c'], [x]),
  sweep('xdel', entries, ['XDEL', x, '1-1'], [x]),
  sweep('xtrim', entries, ['XTRIM', x, 'MAXLEN', '1'], [x]),
  sweep('xsetid', entries, ['XSETID', x, '5-0'], [x]),
  sweep('xgroup|create', entries, ['XGROUP', 'CREATE', x, 'g2', '0'], [x]),
  sweep('xgroup|create', [], ['XGROUP', 'CREATE', x, 'g', '$', 'MKSTREAM'], [x], {
    id: 'xgroup-create-mkstream',
  }),
  sweep('xgroup|createconsumer', group, ['XGROUP', 'CREATECONSUMER', x, 'g', 'c9'], [x]),
  sweep('xgroup|delconsumer', pending, ['XGROUP', 'DELCONSUMER', x, 'g', 'c'], [x]),
  sweep('xgroup|destroy', group, ['XGROUP', 'DESTROY', x, 'g'], [x]),
  sweep('xgroup|setid', group, ['XGROUP', 'SETID', x, 'g', '1-1'], [x]),
  sweep('xreadgroup', group, ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', x, '>'], [x]),
  sweep('xreadgroup', pending, ['XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', x, '>'], [x], {
    id: 'xreadgroup-nothing-new',
    servers: ['valkey'],
    note: 'no new entries: Valkey 8.0 still creates the consumer; Redis 7.0 creates none, so nothing changes there',
  }),
  sweep('xreadgroup', group, ['XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'STREAMS', x, '>'], [x], {
    id: 'xreadgroup-noack',
  }),
  sweep('xack', pending, ['XACK', x, 'g', '1-1'], [x]),
  sweep('xclaim', pending, ['XCLAIM', x, 'g', 'c2', '0', '1-1'], [x]),
  sweep('xautoclaim', pending, ['XAUTOCLAIM', x, 'g', 'c2', '0', '0-0'], [x]),
];
