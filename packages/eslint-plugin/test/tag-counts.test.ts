import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TagCounts } from '../src/analysis/flow/tag-counts.js';

const test = suite('TagCounts');

test('counts each key on its own', () => {
  const counts = new TagCounts();
  assert.is(counts.increment(7), 1);
  assert.is(counts.increment(7), 2);
  assert.is(counts.increment(8), 1);
  assert.is(counts.increment(7), 3);
});

test('keys past 2^32 that share their low 32 bits stay apart', () => {
  const counts = new TagCounts();
  const low = 12_345;
  const keys = [low, low + 2 ** 32, low + 2 ** 40, low + 2 ** 52];
  for (const key of keys) assert.is(counts.increment(key), 1, `first count of ${key}`);
  for (const key of keys) assert.is(counts.increment(key), 2, `second count of ${key}`);
});

test('counts survive the table growing, as a Map keeps them', () => {
  const counts = new TagCounts();
  const expected = new Map<number, number>();
  // node × 2^20 + value, as the engine makes its keys; enough of them to grow the table several times.
  for (let round = 0; round < 3; round++) {
    for (let node = 0; node < 20_000; node += 1 + round) {
      const key = node * 2 ** 20 + ((node * 7919) % 2 ** 20);
      const seen = (expected.get(key) ?? 0) + 1;
      expected.set(key, seen);
      assert.is(counts.increment(key), seen);
    }
  }
});

test.run();
