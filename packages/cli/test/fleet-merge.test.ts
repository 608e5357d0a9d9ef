import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { asNodeReports, mergeNodeReports } from '../src/fleet/merge-reports.js';
import { OTHER_CLIENTS } from '../src/monitor/client-summary.js';
import { mergeTimelines } from '../src/monitor/timeline.js';
import { exitCodeFor } from '../src/report/exit-code.js';
import type { AuditReport, ClientSummary, Timeline } from '../src/report/types.js';
import { logWriter, nodeReport, viaJson } from './fleet-helpers.js';

const merge = (...reports: AuditReport[]) => mergeNodeReports(asNodeReports(reports), '0.0.0');

/** Three nodes of one application: a tracking client on each reads KEYS; SWAPDB runs on two. */
function threeNodes() {
  const line = logWriter();
  const a = nodeReport(
    'a',
    line('10.0.0.1:5000', 'CLIENT', 'TRACKING', 'on') +
      line('10.0.0.1:5000', 'KEYS', 'user:*') +
      line('10.0.0.1:5000', 'KEYS', 'user:*') +
      line('10.0.0.9:7000', 'SWAPDB', '0', '1'),
  );
  const b = nodeReport(
    'b',
    line('10.0.0.1:5000', 'CLIENT', 'TRACKING', 'on') +
      line('10.0.0.1:5000', 'GET', 'k') +
      line('10.0.0.1:5000', 'KEYS', 'user:*') +
      line('10.0.0.9:7000', 'SWAPDB', '0', '1'),
  );
  const c = nodeReport(
    'c',
    line('10.0.0.1:5001', 'CLIENT', 'TRACKING', 'on') + line('10.0.0.1:5001', 'TTL', 'k'),
  );
  return { a, b, c };
}

const merging = suite('merging the reports of several nodes');

merging(
  'a finding seen on several nodes is one finding: counts summed, per node, clients as node/address',
  () => {
    const { a, b, c } = threeNodes();
    const merged = merge(a, b, c);
    const keys = merged.findings.find((f) => f.command === 'keys')!;
    assert.is(keys.count, 3);
    assert.equal(keys.nodes, [
      { node: 'a', count: 2 },
      { node: 'b', count: 1 },
    ]);
    // The same address on two nodes is two connections.
    assert.equal(keys.clients, [
      { address: 'a/10.0.0.1:5000', count: 2 },
      { address: 'b/10.0.0.1:5000', count: 1 },
    ]);
    assert.is(keys.client, 'a/10.0.0.1:5000');
    assert.is(keys.share, 3 / merged.totals.trackedCommands!);
    assert.is(keys.example, a.findings.find((f) => f.command === 'keys')!.example);
    assert.is(keys.file, 'a.log');
  },
);

merging('the example, its line and its message come from the node that saw the finding first', () => {
  const late = logWriter(1700000100_000000);
  const early = logWriter(1700000000_000000);
  const first = nodeReport(
    'late',
    late('10.0.0.1:5000', 'CLIENT', 'TRACKING', 'on') + late('10.0.0.1:5000', 'TTL', 'late-key'),
  );
  const second = nodeReport(
    'early',
    early('10.0.0.2:5000', 'CLIENT', 'TRACKING', 'on') +
      early('10.0.0.2:5000', 'PING') +
      early('10.0.0.2:5000', 'TTL', 'early-key'),
  );
  const ttl = merge(first, second).findings.find((f) => f.command === 'ttl')!;
  assert.match(ttl.example!, 'early-key');
  assert.match(ttl.message, 'early-key');
  assert.is(ttl.line, 3);
  assert.is(ttl.file, 'early.log');
  assert.is(ttl.firstTimestamp, second.findings[0]!.firstTimestamp);
  assert.is(ttl.lastTimestamp, first.findings[0]!.lastTimestamp);
});

merging("a silent write's message says the merged count", () => {
  const { a, b } = threeNodes();
  const swapdb = merge(a, b).findings.find((f) => f.command === 'swapdb')!;
  assert.is(swapdb.count, 2);
  assert.match(swapdb.message, '`SWAPDB` ran 2 times while clients tracked');
});

merging('totals are summed and the nodes counted', () => {
  const { a, b, c } = threeNodes();
  const merged = merge(a, b, c);
  for (const key of ['lines', 'commands', 'trackedCommands', 'trackingClients'] as const) {
    assert.is(merged.totals[key], a.totals[key]! + b.totals[key]! + c.totals[key]!, key);
  }
  assert.is(merged.totals.nodes, 3);
  assert.equal(
    merged.nodes!.map((n) => [n.node, n.status]),
    [
      ['a', 'complete'],
      ['b', 'complete'],
      ['c', 'complete'],
    ],
  );
});

merging('the earliest first and the latest last second, not their sums', () => {
  const { a, b } = threeNodes();
  const merged = merge(
    { ...a, totals: { ...a.totals, firstSeconds: 10, lastSeconds: 20 } },
    {
      ...b,
      totals: { ...b.totals, firstSeconds: 5, lastSeconds: 15 },
    },
  );
  assert.is(merged.totals.firstSeconds, 5);
  assert.is(merged.totals.lastSeconds, 20);
});

merging('merging merged reports is merging every node at once, through JSON as `merge` reads them', () => {
  const { a, b, c } = threeNodes();
  const stepwise = merge(viaJson(merge(viaJson(a), viaJson(b))), viaJson(c));
  const atOnce = merge(viaJson(a), viaJson(b), viaJson(c));
  assert.equal(viaJson(stepwise), viaJson(atOnce));
});

merging('two nodes of the same name stay two nodes', () => {
  const { a, b } = threeNodes();
  const merged = merge({ ...a, node: 'monitor' }, { ...b, node: 'monitor' });
  assert.equal(
    merged.nodes!.map((n) => n.node),
    ['monitor', 'monitor#2'],
  );
  assert.ok(
    merged.findings
      .find((f) => f.command === 'keys')!
      .clients!.some((x) => x.address.startsWith('monitor#2/')),
  );
});

merging('a note every node makes is said once; skipped lines are summed and say their file', () => {
  const line = logWriter();
  const quiet = nodeReport('q1', line('10.0.0.1:1', 'GET', 'k'));
  const quiet2 = nodeReport(
    'q2',
    line('10.0.0.1:1', 'GET', 'k') + 'garbage line\n' + 'another garbage line\n',
  );
  const merged = merge(quiet, quiet2);
  const about = merged.notes.filter((n) => n.startsWith('no client turned CLIENT TRACKING on'));
  assert.is(about.length, 1);
  assert.match(about[0]!, '(every node)');
  const malformed = merged.skipped.find((s) => s.reason === 'malformed lines')!;
  assert.is(malformed.count, 2);
  assert.is(malformed.examples[0]!.file, 'q2.log');
});

merging(
  'a node that was lost, refused or unreadable is in the table and the notes, and the others are reported',
  () => {
    const { a } = threeNodes();
    const merged = mergeNodeReports(
      [
        { node: 'a', status: 'complete', report: a },
        {
          node: 'b',
          status: 'lost',
          endedAt: '2026-01-01T00:00:01.000Z',
          error: 'b closed the connection',
          report: threeNodes().b,
        },
        { node: 'c', status: 'refused', error: 'c refused MONITOR: NOPERM' },
      ],
      '0.0.0',
    );
    assert.equal(
      merged.nodes!.map((n) => n.status),
      ['complete', 'lost', 'refused'],
    );
    assert.ok(merged.notes.some((n) => n.startsWith('b: the capture ended at 2026-01-01T00:00:01.000Z')));
    assert.ok(merged.notes.some((n) => n.startsWith('c: nothing captured: c refused MONITOR')));
    assert.is(merged.totals.nodes, 3);
    assert.is(merged.totals.commands, a.totals.commands! + threeNodes().b.totals.commands!);
  },
);

merging('the exit code of a merged report follows its findings', () => {
  const { a, b } = threeNodes();
  assert.is(exitCodeFor(merge(a, b), 'partial'), 1);
  assert.is(exitCodeFor(merge(a, b), 'never'), 0);
});

merging.run();

const timelines = suite('merging timelines (CONTRACT-timeline.md)');

const timeline = (start: number, bucketSeconds: number, commands: number[]): Timeline => ({
  start,
  bucketSeconds,
  commands,
  trackedCommands: commands.map((n) => n * 10),
  partial: commands.map(() => 0),
  none: commands.map(() => 1),
  unknown: commands.map(() => 0),
  silentWrites: commands.map(() => 0),
});
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

timelines('finer buckets go whole into the coarser width', () => {
  const merged = mergeTimelines([timeline(100, 1, [1, 2, 3, 4]), timeline(102, 2, [10, 20])])!;
  assert.is(merged.bucketSeconds, 2);
  assert.is(merged.start, 100);
  assert.equal(merged.commands, [3, 17, 20]);
  assert.equal(merged.trackedCommands, [30, 170, 200]);
  assert.equal(merged.none, [2, 3, 1]);
});

timelines('sub-second buckets and a span past 1,024 buckets: the width doubles, nothing is lost', () => {
  const a = timeline(
    1700000000,
    0.0625,
    Array.from({ length: 1000 }, (_, i) => i % 7),
  );
  const b = timeline(
    1700002000,
    1,
    Array.from({ length: 100 }, () => 3),
  );
  const merged = mergeTimelines([a, b])!;
  // 2,100 s at b's 1 s would be 2,100 buckets: 2 s still too many, 4 s fits.
  assert.ok(merged.commands.length <= 1024);
  assert.is(merged.bucketSeconds, 4);
  assert.is(merged.start % merged.bucketSeconds, 0);
  assert.is(sum(merged.commands), sum(a.commands) + sum(b.commands));
  assert.is(sum(merged.none), 1100);
  // b's first four one-second buckets make one four-second bucket.
  const at = (1700002000 - merged.start) / merged.bucketSeconds;
  assert.is(merged.commands[at], 12);
  // a's 64 sixteenth-second buckets of its first four seconds make the first.
  assert.is(merged.commands[0], sum(a.commands.slice(0, 64)));
});

timelines('a report whose nodes have timelines has the merged one', () => {
  const { a, b } = threeNodes();
  const merged = merge(
    { ...a, timeline: timeline(1700000000, 1, [4]) },
    { ...b, timeline: timeline(1700000000, 1, [4]) },
  );
  assert.equal(merged.timeline!.commands, [8]);
});

timelines.run();

const clients = suite('merging client rows (CONTRACT-timeline.md)');

const row = (address: string, findings: number): ClientSummary => ({
  address,
  mode: 'default',
  prefixes: [],
  commands: findings * 2,
  trackedCommands: findings,
  findings,
});

clients('the top 200 over every node, the rest in one (other clients) row, exactly', () => {
  const a = Array.from({ length: 150 }, (_, i) => row(`10.0.0.1:${i}`, 2000 - 2 * i));
  const b = [
    ...Array.from({ length: 150 }, (_, i) => row(`10.0.0.1:${i}`, 1999 - 2 * i)),
    row(OTHER_CLIENTS, 7),
  ];
  const { a: nodeA, b: nodeB } = threeNodes();
  const merged = merge({ ...nodeA, clients: a }, { ...nodeB, clients: b }).clients!;
  assert.is(merged.length, 201);
  assert.is(merged[0]!.address, 'a/10.0.0.1:0');
  assert.is(merged[1]!.address, 'b/10.0.0.1:0');
  const other = merged[200]!;
  assert.is(other.address, OTHER_CLIENTS);
  const all = [...a, ...b].reduce((s, r) => s + r.findings, 0);
  assert.is(sum(merged.map((r) => r.findings)), all);
  assert.is(
    sum(merged.map((r) => r.commands)),
    [...a, ...b].reduce((s, r) => s + r.commands, 0),
  );
});

clients.run();
