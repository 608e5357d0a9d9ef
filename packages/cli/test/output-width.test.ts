import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { outputWidth } from '../src/util/output-width.js';
import { UsageError } from '../src/util/usage-error.js';

const terminal = { isTTY: true, columns: 120 };
const pipe = { isTTY: false };

const width = suite('outputWidth');

width('a terminal: its width', () => {
  assert.is(outputWidth(undefined, terminal, {}), 120);
});

width('a pipe or a file: no wrapping', () => {
  assert.is(outputWidth(undefined, pipe, {}), undefined);
});

width('a bare --width asks for 80, even on a pipe', () => {
  assert.is(outputWidth(true, pipe, {}), 80);
  assert.is(outputWidth('', pipe, {}), 80);
});

width('--width N wins over the terminal and COLUMNS; --width 0 turns wrapping off', () => {
  assert.is(outputWidth('100', terminal, { COLUMNS: '60' }), 100);
  assert.is(outputWidth(100, pipe, {}), 100);
  assert.is(outputWidth('0', terminal, {}), undefined);
});

width('COLUMNS, as ls and less read it, on a pipe and over the terminal', () => {
  assert.is(outputWidth(undefined, pipe, { COLUMNS: '72' }), 72);
  assert.is(outputWidth(undefined, terminal, { COLUMNS: '72' }), 72);
  assert.is(outputWidth(undefined, terminal, { COLUMNS: '' }), 120);
});

width('never narrower than 40 columns', () => {
  assert.is(outputWidth('12', pipe, {}), 40);
  assert.is(outputWidth(undefined, { isTTY: true, columns: 20 }, {}), 40);
});

width('a --width that is not a number is a usage error', () => {
  assert.throws(
    () => outputWidth('wide', pipe, {}),
    (e: unknown) =>
      e instanceof UsageError &&
      e.message === '--width must be a number of columns, or 0 for no wrapping (got "wide")',
  );
});

width('a COLUMNS that is not a number is ignored, as ls does', () => {
  assert.is(outputWidth(undefined, pipe, { COLUMNS: 'abc' }), undefined);
  assert.is(outputWidth(undefined, terminal, { COLUMNS: 'abc' }), 120);
});

width.run();
