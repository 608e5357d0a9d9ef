import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isAscii } from 'node:buffer';
import {
  addressHash,
  ArgumentScanner,
  closingQuote,
  commandHash,
  decodeArguments,
  MonitorLine,
} from '../src/monitor/monitor-line.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/monitor/${name}`, import.meta.url));

/** A line as the audit reads it: accepted when its head and end are in the server's format and it is ASCII. */
function parse(text: string | Buffer) {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1');
  const line = new MonitorLine();
  const ok = line.scanHead(buf, 0, buf.length) && isAscii(buf);
  const args = new ArgumentScanner();
  if (ok) {
    args.reset(line);
    args.scanAll(buf);
  }
  return {
    ok,
    line,
    args,
    address: ok ? line.addressOf(buf) : undefined,
    timestamp: ok ? buf.toString('latin1', line.tsStart, line.tsEnd) : undefined,
    argv: ok ? decodeArguments(buf, args) : undefined,
  };
}

const format = suite('MonitorLine: the line format the server writes');

format('reads the timestamp, an IPv4 client and the arguments', () => {
  const r = parse('1700000000.123456 [0 127.0.0.1:54321] "GET" "user:1"');
  assert.ok(r.ok);
  assert.is(r.timestamp, '1700000000.123456');
  assert.is(r.address, '127.0.0.1:54321');
  assert.equal(r.argv, ['GET', 'user:1']);
  assert.is(r.args.count, 2);
  assert.is(r.line.seconds, 1700000000);
  assert.is(r.line.micros, 123456);
  assert.is(r.line.db, 0);
  assert.not.ok(r.line.isLua);
});

format('an IPv6 client keeps its brackets: the address ends at the "] " before the first quote', () => {
  const r = parse('1700000000.123456 [0 [::1]:6379] "get" "k"');
  assert.is(r.address, '[::1]:6379');
  assert.equal(r.argv, ['get', 'k']);
});

format('unix-socket clients and lua callers', () => {
  assert.is(parse('1.000001 [3 unix:/run/valkey.sock] "keys" "*"').address, 'unix:/run/valkey.sock');
  const lua = parse('1700000000.123456 [0 lua] "GET" "user:1"');
  assert.is(lua.address, 'lua');
  assert.ok(lua.line.isLua);
  assert.not.ok(parse('1.000001 [0 luax:1] "GET" "k"').line.isLua);
});

format('every line of the real Valkey and Redis captures parses, except the OK reply to MONITOR', () => {
  for (const name of ['valkey-8.0.1.log', 'redis-7.0.15.log']) {
    const lines = fixture(name).toString('latin1').trimEnd().split('\n');
    assert.is(lines[0], 'OK');
    for (const text of lines.slice(1)) assert.ok(parse(text).ok, `${name}: ${text}`);
    assert.ok(
      lines.some((l) => l.includes('[0 [::1]:')),
      `${name} has an IPv6 client`,
    );
    assert.ok(
      lines.some((l) => l.includes('[0 unix:')),
      `${name} has a unix-socket client`,
    );
    assert.ok(
      lines.some((l) => l.includes('[0 lua]')),
      `${name} has lua lines`,
    );
  }
});

format('a raw connection sees each line as a status reply: leading + and CRLF', () => {
  const r = parse('+1700000000.000001 [0 10.0.0.1:1] "PING"\r');
  assert.ok(r.ok);
  assert.is(r.timestamp, '1700000000.000001');
  assert.equal(r.argv, ['PING']);
});

const escapes = suite('MonitorLine: the escapes of sdscatrepr');

escapes('\\" \\\\ \\n \\r \\t \\a \\b decode to their bytes', () => {
  const r = parse('1.000001 [0 1.2.3.4:5] "SET" "k" "q\\"b\\\\s\\r\\n\\t\\a\\b"');
  assert.equal(r.argv, ['SET', 'k', 'q"b\\s\r\n\t\x07\x08']);
});

escapes('\\xHH decodes to one byte, any hex case, and UTF-8 keys come back as text', () => {
  const r = parse('1.000001 [0 1.2.3.4:5] "SET" "caf\\xc3\\xa9" "\\x00\\xFF"');
  assert.is(r.argv![1], 'café');
  assert.equal(
    [...Buffer.from(parse('1.000001 [0 1.2.3.4:5] "SET" "k" "\\x00\\xff"').argv![2]!, 'utf8')].slice(0, 1),
    [0],
  );
});

escapes('the real capture of a binary value decodes to the bytes that were sent', () => {
  const text = fixture('valkey-8.0.1.log')
    .toString('latin1')
    .split('\n')
    .find((l) => l.includes('"bin:'))!;
  const r = parse(text);
  assert.equal(r.argv!.slice(1), ['bin:\x00ÿ', 'q"b\\s\r\n\t\x07\x08\x7f é']);
});

escapes('an escape the server never writes in the command name makes the line malformed', () => {
  assert.not.ok(parse('1.000001 [0 1.2.3.4:5] "G\\qT" "k"').ok);
  assert.not.ok(parse('1.000001 [0 1.2.3.4:5] "GE\\x4" "k"').ok);
  assert.not.ok(parse('1.000001 [0 1.2.3.4:5] "G\\xzzT" "k"').ok);
});

escapes('in other arguments it stands for itself: arguments are read only when a verdict needs them', () => {
  // Checking every byte of every line would cost as much as the rest of the audit; whether a line is
  // malformed must not depend on whether its client tracks, so no argument's inside decides it.
  assert.equal(parse('1.000001 [0 1.2.3.4:5] "GET" "a\\qb"').argv, ['GET', 'a\\qb']);
  assert.equal(parse('1.000001 [0 1.2.3.4:5] "GET" "a\\x4"').argv, ['GET', 'a\\x4']);
});

const names = suite('MonitorLine: the command name');

names('is hashed lower-cased, so "keys" and "KEYS" find the same command', () => {
  const lower = parse('1.000001 [0 1.2.3.4:5] "keys" "*"').line.cmdHash;
  const upper = parse('1.000001 [0 1.2.3.4:5] "KEYS" "*"').line.cmdHash;
  const mixed = parse('1.000001 [0 1.2.3.4:5] "KeYs" "*"').line.cmdHash;
  assert.is(lower, upper);
  assert.is(lower, mixed);
  assert.is(lower, commandHash('KEYS'));
  assert.is.not(lower, commandHash('key'));
});

names('a name with an escape is marked, to be decoded before lookup', () => {
  assert.not.ok(parse('1.000001 [0 1.2.3.4:5] "G\\x45T" "k"').line.cmdPlain);
  assert.ok(parse('1.000001 [0 1.2.3.4:5] "GET" "k"').line.cmdPlain);
});

const malformed = suite('MonitorLine: lines the server did not write');

for (const [what, text] of [
  ['a truncated line', '1700000000.123456 [0 127.0.0.1:54321] "SET" "user:1" "ad'],
  ['a line cut inside the address', '1700000000.123456 [0 127.0.0'],
  ['an unbalanced quote', '1700000000.123456 [0 127.0.0.1:54321] "GET" user:1"'],
  ['no arguments', '1700000000.123456 [0 127.0.0.1:54321] '],
  ['no timestamp fraction', '1700000000 [0 127.0.0.1:54321] "GET" "k"'],
  ['a letter in the timestamp', '1700x00000.123456 [0 127.0.0.1:54321] "GET" "k"'],
  ['two dots in the timestamp', '1700.00000.123456 [0 127.0.0.1:54321] "GET" "k"'],
  ['a database that is not a number', '1700000000.1 [x 127.0.0.1:54321] "GET" "k"'],
  ['plain text', 'hello world, this is not a MONITOR log'],
  ['a JSON line', '{"ts": 1700000000.123456, "cmd": ["GET", "k"]}'],
  ['an escaped last quote', '1700000000.123456 [0 127.0.0.1:54321] "GET" "a\\"'],
  ['an empty line', ''],
] as const) {
  malformed(`rejects ${what}`, () => assert.not.ok(parse(text).ok));
}

const unescaped = suite('ArgumentScanner: quotes printed raw (Valkey 8.1.0–8.1.1, valkey-io/valkey#2035)');

for (const [what, line, argv] of [
  ['a stray quote inside an argument', '"GET" "a""b"', ['GET', 'a""b']],
  [
    'a JSON value, then a plain argument',
    '"set" "job:1" "{"to":"ann","n":1}" "EX" "60"',
    ['set', 'job:1', '{"to":"ann","n":1}', 'EX', '60'],
  ],
  [
    'a Lua body with quotes, its keys after it',
    '"eval" "return redis.call("GET", KEYS[1])" "1" "user:1"',
    ['eval', 'return redis.call("GET", KEYS[1])', '1', 'user:1'],
  ],
  ['a quote that ends the last argument', '"echo" "say "hi""', ['echo', 'say "hi"']],
  ['an empty argument after a raw quote', '"hset" "h" "a"b" ""', ['hset', 'h', 'a"b', '']],
] as const) {
  unescaped(`${what}: split where \`" "\` separates two arguments`, () => {
    const r = parse(`1746085153.283830 [0 127.0.0.1:55236] ${line}`);
    assert.ok(r.ok);
    assert.equal(r.argv, [...argv]);
    assert.ok(r.args.unescaped && !r.args.broken);
  });
}

unescaped('a line the server escaped is never read as unescaped', () => {
  const r = parse('1746085205.816900 [0 127.0.0.1:55272] "set" "k" "{\\"a\\":\\" \\"}" "EX" "1"');
  assert.equal(r.argv, ['set', 'k', '{"a":" "}', 'EX', '1']);
  assert.not.ok(r.args.unescaped);
});

unescaped('arguments are found as far as asked, and the same wherever the split starts', () => {
  const buf = Buffer.from('1.000001 [0 1.2.3.4:5] "eval" "x("a")" "1" "k"', 'latin1');
  const line = new MonitorLine();
  assert.ok(line.scanHead(buf, 0, buf.length));
  const args = new ArgumentScanner();
  args.reset(line);
  assert.is(args.scanTo(buf, 2), 2);
  assert.is(args.scanTo(buf, 3), 3);
  assert.ok(args.unescaped);
  assert.equal(decodeArguments(buf, args), ['eval', 'x("a")', '1']);
  assert.is(args.scanAll(buf), 4);
});

unescaped('a quote right after the command name still breaks the line', () => {
  const r = parse('1700000000.123456 [0 127.0.0.1:54321] "GET"x" "k"');
  assert.not.ok(r.ok && r.args.count > 1 && !r.args.broken);
});

malformed('rejects raw bytes over 0x7e and invalid UTF-8 (the server escapes them)', () => {
  const bytes = Buffer.concat([
    Buffer.from('1.000001 [0 1.2.3.4:5] "GET" "'),
    Buffer.from([0xc3, 0x28, 0xff]),
    Buffer.from('"'),
  ]);
  assert.not.ok(parse(bytes).ok);
});

const quotes = suite('closingQuote: where an argument ends');

/** The closing quote, byte by byte: the first quote not escaped by a backslash. */
function closingQuoteByBytes(buf: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (buf[i] === 0x22) return i;
    if (buf[i] === 0x5c) i++;
  }
  return -1;
}

quotes('a quote or an escape at any offset of any word, in short and long arguments', () => {
  // Keys are read four bytes at a time until a word holds a quote or a backslash: every offset counts.
  for (const length of [0, 1, 3, 4, 5, 8, 39, 40, 41, 44, 90]) {
    for (let at = 0; at <= length; at++) {
      for (const piece of ['"', '\\"', '\\\\"', '\\x22"', 'a\\', '\\\\']) {
        for (const lead of ['', 'x', 'xy', 'xyz']) {
          const text = `${lead}${'k'.repeat(at)}${piece}${'v'.repeat(length - at)}" "next"`;
          const buf = Buffer.from(text, 'latin1');
          const from = lead.length;
          assert.is(
            closingQuote(buf, from, buf.length),
            closingQuoteByBytes(buf, from, buf.length),
            JSON.stringify(text),
          );
        }
      }
    }
  }
});

format('the address hash is the same whatever its length and wherever a "]" or a bad byte falls', () => {
  for (let length = 1; length <= 40; length++) {
    for (let at = -1; at < length; at++) {
      const chars = Array.from({ length }, (_, k) => String.fromCharCode(0x30 + ((k * 7) % 40)));
      if (at >= 0) chars[at] = ']';
      const address = chars.join('');
      const parsed = parse(`1700000000.000001 [0 ${address}] "GET" "k"`);
      assert.ok(parsed.ok, address);
      assert.is(parsed.address, address);
      assert.is(parsed.line.addrHash, addressHash(address), address);
      for (const bad of ['\t', '\x7f']) {
        if (at < 0) continue;
        const broken = [...chars];
        broken[at] = bad === '\t' ? '\t' : '\x7f';
        assert.not.ok(parse(`1700000000.000001 [0 ${broken.join('')}] "GET" "k"`).ok, JSON.stringify(broken));
      }
    }
  }
});

format.run();
quotes.run();
escapes.run();
names.run();
malformed.run();
unescaped.run();
