import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { MonitorLogOptions } from '../src/monitor/audit-monitor-log.js';
import { auditLog, logOf } from './monitor-log-of.js';
import { MAX_UNKNOWN_COMMANDS } from '../src/monitor/finding-recorder.js';
import { exitCodeFor } from '../src/report/exit-code.js';
import type { AuditReport, Finding } from '../src/report/types.js';
import { runBuiltCli } from './cli-helpers.js';

const audit = (log: string, options: MonitorLogOptions = {}): AuditReport =>
  auditLog(log, options, 'app.log');

const unknownOf = (report: AuditReport): Finding[] =>
  report.findings.filter((f) => f.rule === 'monitor/unknown-command');
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const APP = '10.0.0.7:41234';
const WORKER = '10.0.0.8:50000';

/** A node-redis 5 client with client-side caching, reading through RedisJSON and RediSearch module commands. */
const moduleTraffic = logOf([
  [APP, 'HELLO', '3'],
  [APP, 'CLIENT', 'TRACKING', 'ON'],
  [APP, 'JSON.GET', 'cart:17', '$'],
  [APP, 'JSON.GET', 'cart:18', '$'],
  [APP, 'GET', 'user:17'],
  [APP, 'FT.SEARCH', 'idx:products', '@name:lamp'],
  [APP, 'JSON.GET', 'cart:19', '$.items'],
  // A worker that does not track: none of its commands is a read of a tracking client.
  [WORKER, 'JSON.SET', 'cart:17', '$', '{}'],
  [WORKER, 'JSON.GET', 'cart:17', '$'],
]);

const unknown = suite('MONITOR audit: commands of tracking clients that the data does not know');

unknown('are findings of category unknown, one per command and tracking mode, with their lines', () => {
  const report = audit(moduleTraffic);
  const found = unknownOf(report);
  assert.equal(
    found.map((f) => [f.shape, f.category, f.mode, f.count, f.clients]),
    [
      ['JSON.GET', 'unknown', 'default', 3, [{ address: APP, count: 3 }]],
      ['FT.SEARCH', 'unknown', 'default', 1, [{ address: APP, count: 1 }]],
    ],
  );
  assert.match(found[0]!.message, /Unknown command JSON\.GET/);
  assert.match(found[0]!.example!, /"JSON\.GET" "cart:17" "\$"$/);
  assert.is(found[0]!.share, 3 / report.totals.trackedCommands!);
  // Counted in the timeline's unknown series and in the client's findings; no longer a note.
  assert.is(sum(report.timeline!.unknown), 4);
  assert.is(report.clients!.find((c) => c.address === APP)!.findings, 4);
  assert.not.ok(
    report.notes.some((n) => n.includes('does not know')),
    report.notes.join('\n'),
  );
});

unknown('a category map that knows the command gives its verdict instead', () => {
  const report = audit(moduleTraffic, {
    categories: {
      commands: {
        'json.get': { category: 'full', reasons: ['tracked-keys'] },
        'ft.search': { category: 'none', reasons: ['no-key-args'], explanation: 'It reads an index.' },
      },
    },
  });
  assert.equal(unknownOf(report), []);
  const search = report.findings.find((f) => f.command === 'ft.search')!;
  assert.equal([search.rule, search.category, search.count], ['monitor/uncovered-read', 'none', 1]);
});

unknown('an entry of the map that is itself unknown leaves the command unknown', () => {
  const report = audit(moduleTraffic, {
    categories: { commands: { 'json.get': { category: 'unknown', reasons: [] } } },
  });
  assert.equal(
    unknownOf(report).map((f) => f.shape),
    ['JSON.GET', 'FT.SEARCH'],
  );
});

unknown('a command of a newer server is unknown on the version the log is said to be from', () => {
  // HGETEX is Valkey 9's and Redis 8's: on Valkey 8.0 the data has no such command.
  const log = logOf([
    [APP, 'CLIENT', 'TRACKING', 'on'],
    [APP, 'HGETEX', 'session:1', 'EX', '60', 'FIELDS', '1', 'token'],
  ]);
  assert.equal(
    unknownOf(audit(log, { server: 'valkey', serverVersion: '8.0' })).map((f) => [f.shape, f.count]),
    [['HGETEX', 1]],
  );
  assert.equal(unknownOf(audit(log, { server: 'valkey', serverVersion: '9.1' })), []);
  assert.equal(unknownOf(audit(log)), []);
});

unknown("a version the data does not have: the worst case of that server's versions, said in a note", () => {
  const report = audit(moduleTraffic, { server: 'valkey', serverVersion: '7.2' });
  assert.ok(
    report.notes.some((n) => /not one the data has: verdicts are the worst case of valkey 8\.0\.1, /.test(n)),
    report.notes.join('\n'),
  );
  assert.not.ok(
    audit(moduleTraffic, { server: 'valkey', serverVersion: '9.1' }).notes.some((n) =>
      n.includes('worst case'),
    ),
  );
});

unknown('--fail-on unknown fails the run on them; the default (partial) and none do not', () => {
  const report = audit(moduleTraffic);
  assert.is(exitCodeFor(report, 'unknown'), 1);
  assert.is(exitCodeFor(report, 'partial'), 0);
  assert.is(exitCodeFor(report, 'none'), 0);
});

unknown(
  `past ${MAX_UNKNOWN_COMMANDS} of them, a fixed sample is listed and the rest counted in a note`,
  () => {
    const lines: [string, ...string[]][] = [[APP, 'CLIENT', 'TRACKING', 'on']];
    for (let i = 0; i < MAX_UNKNOWN_COMMANDS + 500; i++) lines.push([APP, `MOD.CMD${i}`, 'k']);
    const report = audit(logOf(lines));
    assert.is(unknownOf(report).length, MAX_UNKNOWN_COMMANDS);
    assert.ok(report.notes.some((n) => n.startsWith('500 lines of commands the data does not know')));
    assert.is(sum(report.timeline!.unknown), MAX_UNKNOWN_COMMANDS + 500);
  },
);

unknown.run();

const cli = suite('valkey-track audit --monitor: unknown commands and --fail-on (built binary)');

cli('they are listed under a heading of their own; only --fail-on unknown exits 1 for them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-unknown-'));
  try {
    const path = join(dir, 'monitor.log');
    writeFileSync(path, moduleTraffic);
    const text = await runBuiltCli(['audit', '--monitor', path, '--no-progress']);
    assert.is(text.code, 0, text.stderr);
    assert.match(text.stdout, /Commands of tracking clients nothing knows/);
    assert.match(text.stdout, /JSON\.GET/);
    const failing = await runBuiltCli(['audit', '--monitor', path, '--fail-on', 'unknown', '--no-progress']);
    assert.is(failing.code, 1, failing.stderr);
    const sarif = await runBuiltCli(['audit', '--monitor', path, '--format', 'sarif', '--no-progress']);
    const results = JSON.parse(sarif.stdout).runs[0].results as { ruleId: string; level: string }[];
    assert.ok(results.some((r) => r.ruleId === 'monitor/unknown-command' && r.level === 'note'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

cli.run();
