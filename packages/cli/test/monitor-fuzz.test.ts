import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MonitorAudit } from '../src/monitor/monitor-audit.js';
import { ArgumentScanner, MonitorLine, unescapeArgument } from '../src/monitor/monitor-line.js';
import { parseTrackingClients } from '../src/monitor/tracking-clients-option.js';
// The oracle: what `sdscatrepr` (valkey src/sds.c) writes, reimplemented apart from the parser under test.
import { repr } from './random-monitor-log.js';

/** Each fuzz test stops after this long, so the suite stays fast on a 2-core CI machine. */
const BUDGET_MS = 1500;

let seed = Number(process.env.VT_FUZZ_SEED ?? Date.now() % 2 ** 31) || 1;
const firstSeed = seed;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;

const randomBytes = (max: number) =>
  Uint8Array.from({ length: int(max) }, () => (random() < 0.7 ? 0x20 + int(95) : int(256)));
const address = () =>
  pick([
    '127.0.0.1:6379',
    '[::1]:5000',
    'unix:/tmp/v.sock',
    'lua',
    `10.0.${int(4)}.${int(4)}:${1000 + int(5)}`,
  ]);
const words = [
  'CLIENT',
  'TRACKING',
  'on',
  'off',
  'BCAST',
  'PREFIX',
  'OPTIN',
  'OPTOUT',
  'CACHING',
  'yes',
  'no',
  'MULTI',
  'EXEC',
  'HELLO',
  'KEYS',
  'GET',
  'SCAN',
  'MATCH',
  'SORT_RO',
  'BY',
  'OBJECT',
  'IDLETIME',
  'EVAL',
  'TTL',
  'user:*',
  '*',
];
const real = readFileSync(
  new URL('../../../fixtures/monitor/valkey-8.0.1.log', import.meta.url),
  'latin1',
).split('\n');

function randomLine(): Buffer {
  const argv = Array.from({ length: 1 + int(6) }, () =>
    random() < 0.6 ? Buffer.from(pick(words)) : Buffer.from(randomBytes(12)),
  );
  return Buffer.from(
    `${1700000000 + int(100)}.${String(int(1e6)).padStart(6, '0')} [${int(16)} ${address()}] ${argv.map(repr).join(' ')}`,
    'latin1',
  );
}

function mutate(line: Buffer): Buffer {
  const out = Buffer.from(line);
  const edits = 1 + int(4);
  let result = out;
  for (let e = 0; e < edits; e++) {
    const at = int(result.length + 1);
    const kind = int(5);
    if (kind === 0) result = result.subarray(0, at);
    else if (kind === 1 && result.length > 0) result[Math.min(at, result.length - 1)] = int(256);
    else if (kind === 2)
      result = Buffer.concat([
        result.subarray(0, at),
        Buffer.from(pick(['"', '\\', '\\x', ']', ' ', '\r', '[', '\n'])),
        result.subarray(at),
      ]);
    else if (kind === 3)
      result = Buffer.concat([
        result.subarray(0, at),
        result.subarray(Math.min(result.length, at + 1 + int(5))),
      ]);
    else result = Buffer.concat([result, Buffer.from(randomBytes(8))]);
  }
  return result;
}

const fuzz = suite(`MONITOR parser fuzz (seed ${firstSeed}, VT_FUZZ_SEED to replay)`);

fuzz('never throws on random and mutated lines, in random chunks, and keeps its counts consistent', () => {
  const stop = Date.now() + BUDGET_MS;
  let rounds = 0;
  while (Date.now() < stop) {
    const lines: Buffer[] = [];
    for (let i = 0; i < 200; i++) {
      const r = random();
      if (r < 0.3) lines.push(randomLine());
      else if (r < 0.6) lines.push(mutate(randomLine()));
      else if (r < 0.9) lines.push(mutate(Buffer.from(pick(real), 'latin1')));
      else lines.push(Buffer.from(randomBytes(200)));
    }
    const log = Buffer.concat(lines.flatMap((l) => [l, Buffer.from(random() < 0.1 ? '\r\n' : '\n')]));
    const audit = new MonitorAudit({
      assumed: random() < 0.3 ? parseTrackingClients('*') : [],
      maxLineBytes: 64 + int(400),
    });
    for (let i = 0; i < log.length;) {
      const size = 1 + int(300);
      audit.write(log.subarray(i, i + size));
      i += size;
    }
    audit.end();
    const t = audit.totals;
    assert.ok(t.commands + t.malformed + t.blank + t.tooLong <= t.lines, JSON.stringify(t));
    for (const f of audit.findings()) assert.ok(f.count <= t.commands);
    rounds++;
  }
  assert.ok(rounds > 0);
});

fuzz('every argument the server could write decodes back to its bytes', () => {
  const stop = Date.now() + BUDGET_MS / 2;
  const parser = new MonitorLine();
  const args = new ArgumentScanner();
  while (Date.now() < stop) {
    const argv = Array.from({ length: 1 + int(5) }, () => randomBytes(40));
    const text = Buffer.from(`1700000000.000001 [0 ${address()}] ${argv.map(repr).join(' ')}`, 'latin1');
    assert.ok(parser.scanHead(text, 0, text.length), text.toString('latin1'));
    args.reset(parser);
    assert.is(args.scanAll(text), argv.length);
    assert.ok(args.complete && !args.broken);
    argv.forEach((expected, k) => {
      assert.equal([...unescapeArgument(text, args.starts[k]!, args.ends[k]!)], [...expected]);
    });
  }
});

fuzz.run();
