import { Chalk } from 'chalk';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BoundedCounts } from '../src/monitor/bounded-counts.js';
import { addressHash } from '../src/monitor/monitor-line.js';
import { MonitorAudit } from '../src/monitor/monitor-audit.js';
import { monitorReport } from '../src/monitor/monitor-report.js';
import { TimelineBuilder } from '../src/monitor/timeline.js';
import { renderText } from '../src/report/render-text.js';
import { randomSource } from './random-monitor-log.js';

const at = (seconds: number, micros = 0) => ({ seconds, micros });
const run = (log: string) => {
  const audit = new MonitorAudit();
  audit.write(Buffer.from(log, 'latin1'));
  audit.end();
  return monitorReport(audit, { inputs: ['test.log'], version: 'test', bytes: log.length });
};
const line = (ts: string, address: string, ...argv: string[]) =>
  `${ts} [0 ${address}] ${argv.map((a) => `"${a}"`).join(' ')}\n`;

const timeline = suite('timeline: commands and findings per time bucket, bounded and mergeable');

timeline('a capture of a few seconds has sixteenth-of-a-second buckets from an aligned start', () => {
  const t = new TimelineBuilder();
  for (const [s, u] of [
    [1700000000, 10],
    [1700000000, 70_000],
    [1700000002, 999_999],
  ] as const)
    t.add(0, t.bucket(at(s, u)));
  const out = t.finish()!;
  assert.is(out.bucketSeconds, 0.0625);
  assert.is(out.start, 1700000000);
  assert.is(out.commands.length, 48);
  assert.is(out.commands[0], 1);
  assert.is(out.commands[1], 1);
  assert.is(out.commands[47], 1);
  assert.is(
    out.commands.reduce((a, b) => a + b, 0),
    3,
  );
});

timeline('past 1,024 buckets the width doubles until the span fits, neighbours added together', () => {
  const t = new TimelineBuilder();
  t.add(0, t.bucket(at(1700000001)));
  t.add(0, t.bucket(at(1700003600)));
  const out = t.finish()!;
  assert.ok(out.commands.length <= 1024);
  assert.is(out.bucketSeconds, 4);
  assert.is(out.start % out.bucketSeconds, 0);
  assert.ok(out.start <= 1700000001 && 1700003600 < out.start + out.commands.length * out.bucketSeconds);
  assert.is(
    out.commands.reduce((a, b) => a + b, 0),
    2,
  );
});

timeline('built in parts, in any order, and merged, it is the timeline built from everything', () => {
  const r = randomSource(3);
  for (let round = 0; round < 20; round++) {
    const points = Array.from({ length: 200 }, () =>
      at(1700000000 + r.int(r.pick([30, 3000, 300_000])), r.int(1e6)),
    );
    const series = points.map(() => r.int(6));
    const whole = new TimelineBuilder();
    const parts = [new TimelineBuilder(), new TimelineBuilder(), new TimelineBuilder()];
    points.forEach((p, i) => {
      whole.add(series[i]!, whole.bucket(p));
      const part = parts[i % 3]!;
      part.add(series[i]!, part.bucket(p));
    });
    const merged = new TimelineBuilder();
    for (const part of [parts[2]!, parts[0]!, parts[1]!]) merged.merge(part.toJSON());
    assert.equal(merged.finish(), whole.finish(), `round ${round}`);
  }
});

const counts = suite('bounded counts: exact below the limit, an exact sample above, mergeable');

counts('split anyhow and merged, the sample and its counts are those of one pass', () => {
  const r = randomSource(11);
  for (let round = 0; round < 20; round++) {
    const keys = Array.from({ length: 3000 }, () => `10.0.${r.int(40)}.${r.int(40)}:${r.int(3)}`);
    const whole = new BoundedCounts(100, addressHash);
    for (const k of keys) whole.add(k, addressHash(k));
    const parts = [new BoundedCounts(100, addressHash), new BoundedCounts(100, addressHash)];
    keys.forEach((k, i) => parts[i < 1500 ? 0 : 1]!.add(k, addressHash(k)));
    const merged = new BoundedCounts(100, addressHash);
    merged.merge(parts[1]!.toJSON(), addressHash);
    merged.merge(parts[0]!.toJSON(), addressHash);
    assert.equal(merged.top(1000), whole.top(1000), `round ${round}`);
    assert.ok(whole.sampled);
  }
});

const json = suite('the MONITOR report carries a timeline and per-client summaries (CONTRACT-timeline.md)');

json('totals, timeline and clients of a small capture', () => {
  const a = '10.0.0.1:5001';
  const b = '10.0.0.2:5002';
  const report = run(
    line('1700000000.000001', a, 'CLIENT', 'TRACKING', 'on', 'OPTIN', 'NOLOOP') +
      line('1700000000.100000', a, 'CLIENT', 'CACHING', 'yes') +
      line('1700000000.200000', a, 'TTL', 'k') +
      line('1700000000.300000', a, 'TTL', 'k') +
      line('1700000001.000000', b, 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'user:') +
      line('1700000001.100000', b, 'KEYS', '*') +
      line('1700000001.200000', b, 'SWAPDB', '0', '1') +
      line('1700000002.000000', b, 'CLIENT', 'TRACKING', 'off'),
  );
  assert.is(report.totals.firstSeconds, 1700000000.000001);
  assert.is(report.totals.lastSeconds, 1700000002);
  const t = report.timeline!;
  const sum = (s: number[]) => s.reduce((x, y) => x + y, 0);
  assert.is(sum(t.commands), 8);
  assert.is(sum(t.partial), 1);
  assert.is(sum(t.none), 1);
  assert.is(sum(t.silentWrites), 1);
  assert.is(t.start, 1700000000);
  assert.equal(
    report.clients!.map((c) => [c.address, c.mode, c.prefixes, c.commands, c.trackedCommands, c.findings]),
    [
      // KEYS outside the prefix and the SWAPDB it ran; then it turned tracking off.
      [b, 'off', ['user:'], 3, 3, 2],
      // OPTIN: only the TTL after CLIENT CACHING yes was cached.
      [a, 'optin+noloop', [], 4, 1, 1],
    ],
  );
  assert.is(report.input!.bytes! > 0, true);
});

json('past 200 clients, a row sums the rest exactly', () => {
  let log = '';
  for (let i = 0; i < 250; i++) {
    const address = `10.0.${i >> 8}.${i & 255}:5000`;
    log += line('1700000000.000001', address, 'CLIENT', 'TRACKING', 'on');
    for (let k = 0; k <= i % 3; k++) log += line('1700000000.000002', address, 'TTL', 'k');
  }
  const report = run(log);
  const rows = report.clients!;
  assert.is(rows.length, 201);
  assert.is(rows[200]!.address, '(other clients)');
  const total = (f: 'commands' | 'findings') => rows.reduce((n, r) => n + r[f], 0);
  assert.is(
    total('findings'),
    Array.from({ length: 250 }, (_, i) => (i % 3) + 1).reduce((x, y) => x + y, 0),
  );
  assert.is(total('commands'), report.totals.commands);
  assert.ok(rows.slice(0, 200).every((r, i) => i === 0 || rows[i - 1]!.findings >= r.findings));
});

json('a finding lists the clients of a burst of short connections and counts them; text shows five', () => {
  let log = '';
  for (let i = 0; i < 130; i++) {
    const address = `10.1.0.${i}:${40000 + i}`;
    log += line('1700000000.000001', address, 'HELLO', '3');
    log += line('1700000000.000002', address, 'CLIENT', 'TRACKING', 'on');
    for (let k = 0; k <= i % 2; k++) log += line('1700000000.000003', address, 'PTTL', `lease:${i}`);
  }
  const report = run(log);
  const pttl = report.findings.find((f) => f.command === 'pttl')!;
  assert.is(pttl.clientCount, 130);
  assert.is(pttl.clients!.length, 130);
  // Most lines first: the 65 connections that sent two.
  assert.ok(pttl.clients!.slice(0, 65).every((c) => c.count === 2));
  const text = renderText(report, new Chalk({ level: 0 }));
  assert.match(text, /and 125 more/);
});

timeline.run();
counts.run();
json.run();
