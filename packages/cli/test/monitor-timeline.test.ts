import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MonitorAudit } from '../src/monitor/monitor-audit.js';
import { monitorReport } from '../src/monitor/monitor-report.js';
import { MAX_BUCKETS, SERIES, TimelineBuilder, type Timeline } from '../src/monitor/timeline.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/monitor/${name}`, import.meta.url)));

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Places one command at each of the given times (`1700000000.250000`). */
function build(times: string[]): Timeline {
  const t = new TimelineBuilder();
  for (const time of times) {
    const [seconds, micros] = time.split('.').map(Number) as [number, number];
    t.add(0, t.bucket({ seconds, micros }));
  }
  return t.finish()!;
}

const stamp = (seconds: number) => {
  const micros = Math.round((seconds % 1) * 1e6);
  return `${Math.floor(seconds)}.${String(micros).padStart(6, '0')}`;
};

function assertShape(tl: Timeline) {
  assert.ok(tl.commands.length <= MAX_BUCKETS, `${tl.commands.length} buckets`);
  for (const name of SERIES) assert.is(tl[name].length, tl.commands.length, name);
  // The width is a power of two and the start a multiple of it.
  assert.is(Math.log2(tl.bucketSeconds) % 1, 0);
  assert.is(tl.start % tl.bucketSeconds, 0);
}

const timeline = suite('timeline: commands and findings per time bucket (CONTRACT-timeline.md)');

timeline('a 30 ms capture stays in the finest buckets, each line in the bucket of its time', () => {
  const tl = build(['1700000000.010000', '1700000000.020000', '1700000000.070000']);
  assertShape(tl);
  assert.is(tl.bucketSeconds, 1 / 16);
  assert.is(tl.start, 1700000000);
  assert.equal(tl.commands, [2, 1]);
});

timeline('a day of traffic stays within 1,024 buckets: the width doubles and neighbours add up', () => {
  const times: string[] = [];
  for (let s = 0; s < 86_400; s += 7) times.push(stamp(1700000000 + s + 0.25));
  const tl = build(times);
  assertShape(tl);
  assert.is(sum(tl.commands), times.length);
  // 86,400 s over at most 1,024 buckets needs 128 s ones.
  assert.is(tl.bucketSeconds, 128);
  const first = 1700000000.25;
  assert.ok(tl.start <= first && first < tl.start + tl.bucketSeconds);
  // Every bucket holds the lines of its own interval.
  const expected = new Array(tl.commands.length).fill(0);
  for (const t of times) expected[Math.floor((Number(t) - tl.start) / tl.bucketSeconds)]++;
  assert.equal(tl.commands, expected);
});

timeline('lines out of order (logs joined) extend the timeline backwards', () => {
  const tl = build(['1700000100.000000', '1700000000.000000', '1700000050.500000']);
  assertShape(tl);
  assert.ok(tl.start <= 1700000000);
  assert.is(sum(tl.commands), 3);
  assert.is(tl.commands[0], 1);
  assert.is(tl.commands[tl.commands.length - 1], 1);
});

const audit = suite('MONITOR audit: the timeline and client summaries of a real capture');

function auditOf(log: Buffer) {
  const a = new MonitorAudit();
  a.write(log);
  a.end();
  return monitorReport(a, { inputs: ['capture.log'], version: '0.0.0' });
}

audit('every command and every finding line is in the timeline once', () => {
  for (const name of ['valkey-8.0.1.log', 'redis-7.0.15.log']) {
    const report = auditOf(fixture(name));
    const tl = report.timeline!;
    assertShape(tl);
    assert.is(sum(tl.commands), report.totals.commands, name);
    assert.is(sum(tl.trackedCommands), report.totals.trackedCommands, name);
    const lines = (rule: string, category?: string) =>
      sum(
        report.findings
          .filter((f) => f.rule === rule && (category === undefined || f.category === category))
          .map((f) => f.count ?? 0),
      );
    assert.is(sum(tl.none), lines('monitor/uncovered-read', 'none'), name);
    assert.is(sum(tl.partial), lines('monitor/uncovered-read', 'partial'), name);
    assert.is(sum(tl.silentWrites), lines('monitor/silent-write'), name);
  }
});

audit('commands of tracking clients the data does not know count in the unknown series, apart', () => {
  const report = auditOf(
    Buffer.from(
      [
        '1700000000.000001 [0 10.0.0.1:5000] "CLIENT" "TRACKING" "on"',
        '1700000000.000002 [0 10.0.0.1:5000] "MYMODULE.GET" "k"',
        '1700000000.000003 [0 10.0.0.2:5000] "MYMODULE.GET" "k"',
        '1700000000.000004 [0 10.0.0.1:5000] "KEYS" "*"',
        '',
      ].join('\n'),
      'latin1',
    ),
  );
  const tl = report.timeline!;
  assert.equal([sum(tl.unknown), sum(tl.none), sum(tl.partial), sum(tl.commands)], [1, 1, 0, 4]);
  assert.equal(
    report.findings.map((f) => [f.rule, f.count]),
    [
      ['monitor/uncovered-read', 1],
      ['monitor/unknown-command', 1],
    ],
  );
});

audit("the span is the capture's first and last timestamp", () => {
  const log = fixture('valkey-8.0.1.log').toString('latin1');
  const stamps = log
    .split('\n')
    .map((l) => /^(\d+\.\d+) \[/.exec(l)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number);
  const report = auditOf(Buffer.from(log, 'latin1'));
  assert.is(report.totals.firstSeconds, Math.min(...stamps));
  assert.is(report.totals.lastSeconds, Math.max(...stamps));
});

audit(
  'each tracking client with its mode, prefixes and counts; the sum of its tracked commands is the total',
  () => {
    const report = auditOf(fixture('valkey-8.0.1.log'));
    const log = fixture('valkey-8.0.1.log').toString('latin1');
    const addressOf = (pattern: RegExp) => new RegExp(`\\[0 ([^\\]]+)\\] ${pattern.source}`).exec(log)![1]!;
    const bcast = addressOf(/"CLIENT" "TRACKING" "on" "BCAST"/);
    const optin = addressOf(/"CLIENT" "TRACKING" "on" "OPTIN"/);
    const redirect = addressOf(/"CLIENT" "TRACKING" "on" "REDIRECT"/);
    const clients = new Map(report.clients!.map((c) => [c.address, c]));
    assert.is(clients.size, report.totals.trackingClients);
    assert.is(clients.get(bcast)!.mode, 'bcast');
    assert.equal(clients.get(bcast)!.prefixes, ['user:']);
    assert.is(clients.get(optin)!.mode, 'optin');
    // It turned tracking off again before the capture ended.
    assert.is(clients.get(redirect)!.mode, 'off');
    assert.is(sum(report.clients!.map((c) => c.trackedCommands)), report.totals.trackedCommands);
    // Reads are findings of the client that sent them (lua lines of its script's caller).
    const readLines = sum(
      report.findings.filter((f) => f.rule === 'monitor/uncovered-read').map((f) => f.count ?? 0),
    );
    assert.ok(sum(report.clients!.map((c) => c.findings)) >= readLines);
    assert.equal(
      report.clients!.map((c) => c.findings),
      [...report.clients!.map((c) => c.findings)].sort((a, b) => b - a),
    );
  },
);

audit('REDIRECT and NOLOOP are kept; past 200 clients the rest are one "(other clients)" row', () => {
  let log = '';
  let clock = 1700000000_000000;
  const line = (address: string, ...argv: string[]) => {
    clock += 1000;
    log += `${Math.floor(clock / 1e6)}.${String(clock % 1e6).padStart(6, '0')} [0 ${address}] ${argv.map((a) => `"${a}"`).join(' ')}\n`;
  };
  line('10.0.0.1:1', 'CLIENT', 'TRACKING', 'on', 'REDIRECT', '42', 'NOLOOP');
  line('10.0.0.1:1', 'KEYS', '*');
  for (let i = 0; i < 250; i++) {
    line(`10.1.0.${i}:2`, 'CLIENT', 'TRACKING', 'on');
    line(`10.1.0.${i}:2`, 'GET', 'k');
  }
  const report = auditOf(Buffer.from(log, 'latin1'));
  const first = report.clients![0]!;
  assert.is(first.address, '10.0.0.1:1');
  assert.is(first.mode, 'default+noloop');
  assert.is(first.redirect, 42);
  assert.is(first.findings, 1);
  assert.is(report.clients!.length, 201);
  const other = report.clients![200]!;
  assert.is(other.address, '(other clients)');
  assert.is(sum(report.clients!.map((c) => c.commands)), 502);
});

timeline.run();
audit.run();
