import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stripVTControlCharacters } from 'node:util';
import { Chalk } from 'chalk';
import { wrapLine } from '../src/util/wrap-line.js';

const visible = (text: string) => stripVTControlCharacters(text);
const longest = (text: string) =>
  Math.max(
    ...visible(text)
      .split('\n')
      .map((l) => [...l].length),
  );
const squeeze = (text: string) => visible(text).replace(/\s+/g, '');

const message =
  '  19:26    none    KEYS  This reply is cached, but `KEYS session:*` is not covered by CLIENT TRACKING in BCAST mode (prefixes `tunnel:`, `user:`): Under BCAST only writes under the registered prefixes are announced.';

const wrap = suite('wrapLine');

wrap('leaves a line that fits, and every line when no width is asked for', () => {
  assert.is(wrapLine('GET k  full', 80, 4), 'GET k  full');
  assert.is(wrapLine(message, undefined, 19), message);
});

wrap('wraps at the width with a hanging indent, losing no character', () => {
  const out = wrapLine(message, 60, 19);
  const lines = out.split('\n');
  assert.ok(lines.length > 2, out);
  assert.ok(longest(out) <= 60, out);
  assert.ok(lines[0]!.startsWith('  19:26    none    KEYS  This reply'), lines[0]);
  for (const line of lines.slice(1)) assert.match(line, /^ {19}\S/);
  assert.is(squeeze(out), squeeze(message));
});

wrap('keeps colours, closing and reopening them around each break', () => {
  const c = new Chalk({ level: 1 });
  const coloured = `  ${c.red.bold('none   ')} ${c.dim(message)}`;
  const out = wrapLine(coloured, 50, 10);
  assert.ok(longest(out) <= 50, visible(out));
  assert.is(squeeze(out), squeeze(coloured));
  for (const line of out.split('\n').slice(1)) {
    assert.match(line, /^ {10}\x1b\[2m/, 'the dim style reopens on every continuation line');
    assert.ok(line.endsWith('\x1b[22m'), 'and closes at its end');
  }
});

wrap('breaks a word longer than a line', () => {
  const line = `line 12  "SET" "${'x'.repeat(150)}"`;
  const out = wrapLine(line, 60, 4);
  assert.ok(longest(out) <= 60, out);
  assert.is(squeeze(out), squeeze(line));
});

wrap('a hanging indent of more than half the width is cut to half', () => {
  const out = wrapLine(message, 40, 30);
  for (const line of out.split('\n').slice(1)) assert.match(line, /^ {20}\S/);
  assert.ok(longest(out) <= 40);
});

wrap.run();
