import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { lookup } from '@valkey-track/rules-data';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../fixtures/monitor/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);

function cli(args: string[], input?: Buffer | string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, 'audit', ...args], {
    input,
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...env },
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}
const json = (args: string[], input?: Buffer | string) => {
  const r = cli([...args, '--format', 'json'], input);
  return { ...r, report: JSON.parse(r.stdout) };
};

const audit = suite('valkey-track audit --monitor (built binary)');

audit('a real Valkey capture: the uncovered reads of tracking clients, exit 1', () => {
  const { status, report } = json(['--monitor', fixture('valkey-8.0.1.log')]);
  assert.is(status, 1);
  assert.is(report.kind, 'monitor');
  const reads = report.findings.filter((f: { rule: string }) => f.rule === 'monitor/uncovered-read');
  const shapes = reads.map((f: { shape: string; mode: string }) => `${f.shape} [${f.mode}]`).sort();
  assert.equal(shapes, [
    'DBSIZE [bcast PREFIX user:]',
    'EVAL [default]',
    'EVAL [default]',
    'KEYS [bcast PREFIX user:]',
    'KEYS [default]',
    'OBJECT IDLETIME [default]',
    'RANDOMKEY [default]',
    'SCAN … MATCH [default]',
    'SRANDMEMBER [default]',
    'TTL [default]',
    'TTL [optin]',
  ]);
  assert.is(report.totals.malformed, 0);
  assert.is(report.totals.trackingClients, 5);
  // The script that declares its key and the one that declares none are different verdicts (numkeys).
  const evals = reads.filter((f: { shape: string }) => f.shape === 'EVAL');
  assert.equal(evals.map((f: { category: string }) => f.category).sort(), ['none', 'partial']);
});

audit('a real capture: every write the data marks silent, run while clients track, is reported', () => {
  const { report } = json(['--monitor', fixture('valkey-8.0.1.log')]);
  const log = readFileSync(fixture('valkey-8.0.1.log'), 'latin1').split('\n');
  const firstTracking = log.findIndex((l) => /"CLIENT" "TRACKING" "on"/.test(l));
  const expected = new Map<string, number>();
  for (const l of log.slice(firstTracking)) {
    const name = /\] "([^"]+)"/.exec(l)?.[1]?.toLowerCase();
    if (name && lookup(name)?.silentWrite) expected.set(name, (expected.get(name) ?? 0) + 1);
  }
  const silent = report.findings.filter((f: { rule: string }) => f.rule === 'monitor/silent-write');
  assert.equal(
    Object.fromEntries(silent.map((f: { command: string; count: number }) => [f.command, f.count])),
    Object.fromEntries(expected),
  );
  for (const f of silent) assert.equal(f.reasons, ['silent-write']);
});

audit('every JSON finding carries the fields tools rely on', () => {
  const { report } = json(['--monitor', fixture('redis-7.0.15.log')]);
  for (const f of report.findings) {
    for (const field of ['client', 'line', 'column', 'command', 'category', 'reasons', 'rule', 'message']) {
      assert.ok(field in f, `finding lacks ${field}: ${JSON.stringify(f)}`);
    }
    assert.ok(['partial', 'none'].includes(f.category));
    assert.ok(f.count >= 1 && f.share > 0 && f.share <= 1);
    assert.match(f.example, /^\d+\.\d{6} \[0 /);
  }
  const keys = report.findings.find(
    (f: { shape: string; mode: string }) => f.shape === 'KEYS' && f.mode === 'default',
  );
  assert.is(keys.rule, 'monitor/uncovered-read');
  assert.is(keys.command, 'keys');
  assert.equal(keys.reasons, ['key-pattern']);
  const lines = readFileSync(fixture('redis-7.0.15.log'), 'latin1').split('\n');
  assert.is(keys.line, lines.findIndex((l) => l.includes(`[0 ${keys.client}] "keys" "user:*"`)) + 1);
  assert.is(lines[keys.line - 1], keys.example);
});

audit('--fail-on none ignores partial findings; --fail-on never always exits 0', () => {
  const log = '1.000001 [0 1.1.1.1:1] "CLIENT" "TRACKING" "on"\n1.000002 [0 1.1.1.1:1] "TTL" "k"\n';
  assert.is(cli(['--monitor', '-'], log).status, 1);
  assert.is(cli(['--monitor', '-', '--fail-on', 'none'], log).status, 0);
  assert.is(cli(['--monitor', fixture('valkey-8.0.1.log'), '--fail-on', 'never']).status, 0);
});

audit('reads stdin with -, and gzip by its magic bytes', () => {
  const raw = readFileSync(fixture('valkey-8.0.1.log'));
  const plain = json(['--monitor', fixture('valkey-8.0.1.log')]).report;
  const fromStdin = json(['--monitor', '-'], gzipSync(raw)).report;
  assert.equal(fromStdin.findings.length, plain.findings.length);
  assert.equal(fromStdin.totals, plain.totals);
  const dir = mkdtempSync(join(tmpdir(), 'vt-monitor-'));
  try {
    writeFileSync(join(dir, 'capture.log.gz'), gzipSync(raw));
    assert.equal(json(['--monitor', join(dir, 'capture.log.gz')]).report.totals, plain.totals);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

audit('text output has no colour when stdout is not a terminal, and groups reads and totals', () => {
  const { stdout, status } = cli(['--monitor', fixture('valkey-8.0.1.log')]);
  assert.is(status, 1);
  assert.not.match(stdout, /\x1b\[/);
  assert.match(stdout, 'Reads by tracking clients that CLIENT TRACKING does not fully cover');
  assert.match(stdout, /none\s+KEYS\s+\[default\]\s+3 /);
  assert.match(stdout, /\d+ findings: \d+ none, \d+ partial/);
});

audit('FORCE_COLOR colours the text; NO_COLOR wins over it', () => {
  const log = fixture('valkey-8.0.1.log');
  assert.match(cli(['--monitor', log], undefined, { FORCE_COLOR: '1' }).stdout, /\x1b\[/);
  assert.not.match(cli(['--monitor', log], undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout, /\x1b\[/);
});

audit('--categories: a category map from a live server can mark a write silent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-categories-'));
  try {
    const map = {
      server: {
        kind: 'valkey',
        version: '8.0.1',
        address: '127.0.0.1:6379',
        trackingCategories: [],
        dataVersions: {},
        readAt: '',
      },
      commands: {
        persist: {
          category: 'none',
          reasons: ['write', 'silent-write'],
          source: 'acl-category',
          explanation: 'x',
        },
      },
    };
    writeFileSync(join(dir, 'categories.json'), JSON.stringify(map));
    const without = json(['--monitor', fixture('valkey-8.0.1.log')]).report;
    const withMap = json([
      '--monitor',
      fixture('valkey-8.0.1.log'),
      '--categories',
      join(dir, 'categories.json'),
    ]).report;
    const silent = (r: { findings: { rule: string; command: string; count: number }[] }) =>
      r.findings.filter((f) => f.rule === 'monitor/silent-write').map((f) => `${f.command} ${f.count}`);
    assert.not.ok(silent(without).includes('persist 1'));
    assert.ok(silent(withMap).includes('persist 1'));
    writeFileSync(join(dir, 'bad.json'), '{"commands": 1}');
    const bad = cli(['--monitor', fixture('valkey-8.0.1.log'), '--categories', join(dir, 'bad.json')]);
    assert.is(bad.status, 2);
    assert.match(bad.stderr, 'not a category map');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

audit('--format sarif is SARIF 2.1.0 pointing at the log line', () => {
  const r = cli(['--monitor', fixture('valkey-8.0.1.log'), '--format', 'sarif']);
  const sarif = JSON.parse(r.stdout);
  assert.is(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
  assert.ok(ids.includes('monitor/uncovered-read'));
  for (const result of run.results) assert.is(ids[result.ruleIndex], result.ruleId);
  const result = run.results[0];
  assert.ok(['error', 'warning'].includes(result.level));
  assert.match(result.locations[0].physicalLocation.artifactLocation.uri, 'valkey-8.0.1.log');
  assert.ok(result.locations[0].physicalLocation.region.startLine > 1);
});

const bad = suite('valkey-track audit --monitor: bad input');

bad('malformed lines are counted and shown, and the good ones still audited', () => {
  const { status, report } = json(['--monitor', fixture('bad-lines.log')]);
  assert.is(status, 1);
  assert.is(report.totals.malformed, 5);
  assert.is(report.totals.commands, 4);
  assert.equal(report.findings.map((f: { shape: string }) => f.shape).sort(), ['KEYS', 'TTL']);
  assert.is(report.skipped[0].reason, 'malformed lines');
  assert.is(report.skipped[0].examples[0].line, 5);
  const text = cli(['--monitor', fixture('bad-lines.log')]).stdout;
  assert.match(text, 'Skipped 5 malformed lines (first: line 5 ');
});

bad('an empty file is clean: exit 0', () => {
  const { status, report } = json(['--monitor', fixture('empty.log')]);
  assert.is(status, 0);
  assert.is(report.totals.lines, 0);
});

bad('a file that is not a MONITOR log: the report, then exit 2', () => {
  const r = json(['--monitor', fixture('not-a-log.txt')]);
  assert.is(r.status, 2);
  assert.is(r.report.totals.malformed, 4);
  assert.match(r.stderr, 'is not a MONITOR log');
});

bad(
  'a capture whose lines carry a log prefix: one line that says how to strip it, and the stripped file audits',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-prefixed-'));
    try {
      const raw = readFileSync(fixture('valkey-8.0.1.log'), 'utf8');
      const prefixed = raw.replace(/^/gm, '2026-12-01T09:00:00.000000000Z stdout F ');
      writeFileSync(join(dir, 'kubectl.log'), prefixed);
      const r = cli(['--monitor', join(dir, 'kubectl.log')]);
      assert.is(r.status, 2);
      const line = r.stderr.trim();
      assert.is(line.split('\n').length, 1);
      assert.match(
        line,
        'its lines start with "2026-12-01T09:00:00.000000000Z stdout F " before the MONITOR timestamp',
      );
      const sed = /strip it first: sed -E '([^']+)'/.exec(line)?.[1];
      assert.ok(sed, line);
      const stripped = spawnSync('sed', ['-E', sed!, join(dir, 'kubectl.log')], { encoding: 'utf8' }).stdout;
      writeFileSync(join(dir, 'stripped.log'), stripped);
      const findings = (file: string) =>
        json(['--monitor', file]).report.findings.map((f: { command: string; count: number }) => [
          f.command,
          f.count,
        ]);
      assert.ok(findings(fixture('valkey-8.0.1.log')).length > 0);
      assert.equal(findings(join(dir, 'stripped.log')), findings(fixture('valkey-8.0.1.log')));
      const plain = cli(['--monitor', fixture('not-a-log.txt')]).stderr;
      assert.match(plain, 'a MONITOR line looks like');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

bad('a missing path, a directory and a path through a file are one-line errors, exit 2', () => {
  for (const [path, why] of [
    [fixture('no-such.log'), 'no such file'],
    [fixtures, 'it is a directory'],
    [join(fixture('empty.log'), 'x'), 'not a directory'],
  ] as const) {
    const r = cli(['--monitor', path]);
    assert.is(r.status, 2, path);
    assert.is(r.stdout, '');
    assert.match(r.stderr, why);
    assert.is(r.stderr.trim().split('\n').length, 1);
  }
});

bad('corrupt gzip is an I/O error, exit 2', () => {
  const gz = gzipSync(readFileSync(fixture('valkey-8.0.1.log')));
  const r = cli(['--monitor', '-'], gz.subarray(0, gz.length / 2));
  assert.is(r.status, 2);
  assert.match(r.stderr, 'gzip');
});

bad('usage errors: bad --format, bad --tracking-clients, --monitor with --live', () => {
  assert.match(
    cli(['--monitor', fixture('empty.log'), '--format', 'xml']).stderr,
    '--format must be one of text, json, sarif',
  );
  assert.match(
    cli(['--monitor', fixture('empty.log'), '--tracking-clients', '1.2.3.4:5=fast']).stderr,
    'mode "fast"',
  );
  const both = cli(['--monitor', fixture('empty.log'), '--live']);
  assert.is(both.status, 2);
  assert.match(both.stderr, 'not both');
});

audit.run();
bad.run();
