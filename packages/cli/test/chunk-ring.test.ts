import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ChunkRing } from '../src/monitor/chunk-ring.js';
import { randomSource } from './random-monitor-log.js';

const ring = suite('ChunkRing: chunks shared with the audit worker, in order');

ring('a piece stays intact until released, whatever the sizes, wraps and releases', () => {
  const r = randomSource(11);
  const size = 1000;
  const shared = new ChunkRing(size);
  const bytes = new Uint8Array(shared.memory);
  const live: { start: number; piece: Uint8Array }[] = [];
  let placed = 0;
  let refused = 0;
  for (let step = 0; step < 20_000; step++) {
    if (live.length > 0 && r.int(3) === 0) {
      const oldest = live.shift()!;
      assert.equal(bytes.subarray(oldest.start, oldest.start + oldest.piece.length), oldest.piece);
      shared.release();
      continue;
    }
    const piece = Uint8Array.from({ length: 1 + r.int(300) }, () => r.int(256));
    const start = shared.place(piece);
    if (start < 0) {
      refused++;
      continue;
    }
    placed++;
    assert.ok(start + piece.length <= size);
    for (const other of live)
      assert.ok(start >= other.start + other.piece.length || start + piece.length <= other.start, 'overlap');
    live.push({ start, piece });
  }
  assert.ok(placed > 5000 && refused > 100, `${placed} placed, ${refused} refused`);
});

ring('an empty ring takes a piece of its whole size; a piece larger than it, never', () => {
  const shared = new ChunkRing(64);
  assert.is(shared.place(new Uint8Array(65)), -1);
  assert.is(shared.place(new Uint8Array(64)), 0);
  assert.is(shared.place(new Uint8Array(1)), -1);
  shared.release();
  assert.is(shared.place(new Uint8Array(10)), 0);
});

ring.run();
