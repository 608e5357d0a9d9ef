import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AuditReport, Finding } from '../src/report/types.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const monitorDir = fileURLToPath(new URL('../../../fixtures/monitor/', import.meta.url));
const clusterDir = join(monitorDir, 'cluster');
const nodeLogs = ['node-1.log', 'node-2.log', 'node-3.log', 'replica-1.log'].map((f) => join(clusterDir, f));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}
const json = (args: string[]) => {
  const r = cli([...args, '--format', 'json']);
  return { ...r, report: JSON.parse(r.stdout) as AuditReport };
};
const byRule = (report: AuditReport, rule: string) => report.findings.filter((f: Finding) => f.rule === rule);
const scratch = () => mkdtempSync(join(tmpdir(), 'vt-fleet-'));

const cluster = suite('audit --monitor with one log per node of a real cluster');

cluster('each node audited on its own, the findings merged, the cluster mistakes found across nodes', () => {
  const { status, report } = json(['audit', '--monitor', ...nodeLogs]);
  assert.is(status, 1);
  assert.equal(
    report.nodes!.map((n) => [n.node, n.status]),
    [
      ['node-1', 'complete'],
      ['node-2', 'complete'],
      ['node-3', 'complete'],
      ['replica-1', 'complete'],
    ],
  );
  const someNodes = byRule(report, 'monitor/tracking-on-some-nodes');
  // iovalkey `cluster.call('CLIENT', 'TRACKING', 'ON')` reached one primary; `reports` tracked on the primaries
  // and read from the replica.
  assert.equal(someNodes.map((f) => f.client).sort(), ['127.0.0.1 name=catalog', '127.0.0.1 name=reports']);
  const reports = someNodes.find((f) => f.client === '127.0.0.1 name=reports')!;
  assert.equal(
    reports.nodes!.map((n) => n.node),
    ['replica-1'],
  );
  assert.match(reports.message, 'replica');
  const redirect = byRule(report, 'monitor/redirect-to-other-node');
  assert.is(redirect.length, 1);
  assert.equal(redirect[0]!.nodes!.map((n) => n.node).sort(), ['node-2', 'node-3']);
  // node-redis `createCluster` with its client-side cache tracks on every node it reads from.
  assert.not.ok(report.findings.some((f) => f.client?.includes('lib=node-redis')));
  const ttl = byRule(report, 'monitor/uncovered-read').find((f) => f.command === 'ttl')!;
  const perNode = report.nodes!.map((n) => n.report!.findings.find((f) => f.command === 'ttl')?.count ?? 0);
  assert.is(
    ttl.count,
    perNode.reduce((a, b) => a + b, 0),
  );
  assert.equal(ttl.nodes!.map((n) => n.node).sort(), ['node-1', 'node-2', 'node-3']);
  assert.ok(ttl.clients!.every((c) => /^node-\d\/127\.0\.0\.1:\d+$/.test(c.address)));
});

cluster('a glob (quoted, so the shell leaves it) audits the same logs', () => {
  const listed = json(['audit', '--monitor', ...nodeLogs]).report;
  const globbed = json(['audit', '--monitor', join(clusterDir, '*.log')]).report;
  assert.equal(globbed.findings, listed.findings);
  assert.equal(globbed.totals, listed.totals);
});

cluster('text: the cluster findings first, then each kind, the table of nodes and the totals', () => {
  const { stdout } = cli(['audit', '--monitor', ...nodeLogs]);
  assert.match(stdout, 'Tracking set up on some nodes only');
  assert.match(stdout, /NODE\s+ROLE\s+COMMANDS\s+TRACKED\s+FINDINGS\s+STATUS/);
  assert.match(stdout, /replica-1\s+\d+/);
  assert.match(stdout, /nodes\s+node-\d \(\d+\)/);
  assert.match(stdout, /^4 nodes, /m);
});

cluster('SARIF: each merged finding points into the log of the node it was first seen on', () => {
  const sarif = JSON.parse(cli(['audit', '--monitor', ...nodeLogs, '--format', 'sarif']).stdout);
  const results = sarif.runs[0].results as {
    ruleId: string;
    locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  }[];
  const someNodes = results.find((r) => r.ruleId === 'monitor/tracking-on-some-nodes')!;
  assert.match(
    someNodes.locations[0]!.physicalLocation.artifactLocation.uri,
    /cluster\/(node-\d|replica-1)\.log$/,
  );
  const rules = sarif.runs[0].tool.driver.rules.map(
    (r: { id: string; shortDescription: { text: string } }) => r.shortDescription.text,
  );
  assert.ok(
    rules.every((text: string) => !text.startsWith('monitor/')),
    'every rule has a description',
  );
});

cluster.run();

const merge = suite('valkey-track merge of the reports of separate runs');

merge('one run per node with --node, then merge: the same report as one run over every log', () => {
  const dir = scratch();
  try {
    const files = nodeLogs.map((log, i) => {
      const node = ['node-1', 'node-2', 'node-3', 'replica-1'][i]!;
      const r = cli(['audit', '--monitor', log, '--node', node, '--format', 'json']);
      const file = join(dir, `${node}.json`);
      writeFileSync(file, r.stdout);
      return file;
    });
    const together = json(['audit', '--monitor', ...nodeLogs]).report;
    const merged = json(['merge', ...files]);
    assert.is(merged.status, 1);
    assert.equal(merged.report.findings, together.findings);
    assert.equal(merged.report.totals, together.totals);
    assert.equal(merged.report.notes, together.notes);
    // A merged report merges again: with a fifth copy of node-1, as another node.
    const twice = join(dir, 'merged.json');
    writeFileSync(twice, JSON.stringify(merged.report));
    const again = json(['merge', twice, files[0]!]).report;
    assert.equal(
      again.nodes!.map((n) => n.node),
      ['node-1', 'node-2', 'node-3', 'replica-1', 'node-1#2'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

merge('reports without client facts merge, and say the checks across nodes left them out', () => {
  const dir = scratch();
  try {
    const files = nodeLogs.slice(0, 2).map((log, i) => {
      const file = join(dir, `n${i}.json`);
      writeFileSync(file, cli(['audit', '--monitor', log, '--format', 'json']).stdout);
      return file;
    });
    const { report } = json(['merge', join(dir, '*.json')]);
    assert.equal(
      report.nodes!.map((n) => n.node),
      ['node-1', 'node-2'],
      'named by their input',
    );
    assert.ok(report.notes.some((n) => n.includes('the checks across nodes left out node-1, node-2')));
    assert.equal(byRule(report, 'monitor/tracking-on-some-nodes'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

merge.run();

const bad = suite('bad input to several-log audits and merge: one line, exit 2, nothing lost');

bad('merge: not JSON, a code audit report, a missing file, nothing to merge', () => {
  const dir = scratch();
  try {
    writeFileSync(join(dir, 'text.json'), 'not json');
    writeFileSync(
      join(dir, 'code.json'),
      JSON.stringify({
        tool: { name: 'valkey-track' },
        kind: 'code',
        inputs: [],
        findings: [],
        totals: {},
        skipped: [],
        notes: [],
      }),
    );
    for (const [args, message] of [
      [[join(dir, 'text.json')], 'is not JSON'],
      [[join(dir, 'code.json')], 'is a code audit report; merge takes MONITOR audit reports'],
      [[join(dir, 'missing.json')], 'cannot read the report'],
      [[join(dir, 'none-*.json')], 'no file matches'],
      [[], 'merge needs reports'],
    ] as const) {
      const r = cli(['merge', ...args]);
      assert.is(r.status, 2, message);
      assert.match(r.stderr, message);
      assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

bad(
  'several logs: an unreadable one and one that is no MONITOR log are said, the others reported, exit 2',
  () => {
    const r = cli([
      'audit',
      '--monitor',
      nodeLogs[0]!,
      join(clusterDir, 'no-such.log'),
      join(monitorDir, 'not-a-log.txt'),
      '--format',
      'json',
    ]);
    assert.is(r.status, 2);
    const report = JSON.parse(r.stdout) as AuditReport;
    assert.equal(
      report.nodes!.map((n) => [n.node, n.status]),
      [
        ['node-1', 'complete'],
        ['no-such', 'unreadable'],
        ['not-a-log', 'complete'],
      ],
    );
    assert.ok(report.findings.length > 0);
    assert.match(r.stderr, 'cannot read the MONITOR log');
    assert.match(r.stderr, 'not-a-log.txt is not a MONITOR log');
  },
);

bad('--node names one log; a glob that matches nothing is said', () => {
  const several = cli(['audit', '--monitor', nodeLogs[0]!, nodeLogs[1]!, '--node', 'x']);
  assert.is(several.status, 2);
  assert.match(several.stderr, '--node names the node of one log');
  const none = cli(['audit', '--monitor', join(clusterDir, 'nothing-*.log')]);
  assert.is(none.status, 2);
  assert.match(none.stderr, 'no file matches');
});

bad.run();
