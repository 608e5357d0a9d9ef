import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AuditReport, Finding } from '../../src/report/types.js';
import { Cluster, Valkey, flushCluster, nodeCli, requireCluster } from './cluster-helpers.js';
import { requireEnv, runCli, startCli } from './live-helpers.js';

const { createCluster } = createRequire(import.meta.url)('redis') as typeof import('redis');

const byRule = (report: AuditReport, rule: string) => report.findings.filter((f: Finding) => f.rule === rule);
const primaryPorts = () => requireCluster().ports.filter((p) => nodeCli(p, 'ROLE').startsWith('master'));
const replicaPorts = () => requireCluster().ports.filter((p) => nodeCli(p, 'ROLE').startsWith('slave'));

const live = suite('audit --live on a real Valkey Cluster');

live.before(flushCluster);
live.after(flushCluster);

live(
  'every node captured at once: tracking turned on through one node (iovalkey) is found, node-redis with its cache is not; Ctrl-C stops every node and reports',
  async () => {
    const { url } = requireCluster();
    const seed = { host: '127.0.0.1', port: Number(new URL(url).port) };
    const running = startCli([
      'audit',
      '--live',
      '--url',
      url,
      '--replicas',
      '--duration',
      '5m',
      '--format',
      'json',
    ]);
    await running.stderrMatches(/capturing MONITOR on 4 nodes/);

    // A catalog service that caches with CLIENT TRACKING but turns it on through the cluster client: that
    // reaches one node only.
    const catalog = new Cluster([seed], { redisOptions: { connectionName: 'catalog' } });
    // A shop on node-redis's client-side cache: every node connection tracks from its handshake.
    const shop = createCluster({
      rootNodes: [{ url }],
      RESP: 3,
      clientSideCache: { ttl: 0, maxEntries: 1000 },
      defaults: { name: 'shop' },
    });
    // A report service reading from replicas, tracking turned on for the primaries only.
    const reports = new Cluster([seed], { scaleReads: 'slave', redisOptions: { connectionName: 'reports' } });
    try {
      for (let i = 0; i < 20; i++) await catalog.set(`product:${i}`, `p${i}`);
      await catalog.call('CLIENT', 'TRACKING', 'ON');
      for (let i = 0; i < 20; i++) await catalog.get(`product:${i}`);
      await shop.connect();
      for (let i = 0; i < 20; i++) {
        await shop.get(`product:${i}`);
        await shop.ttl(`product:${i}`);
      }
      await reports.get('product:0');
      for (const node of reports.nodes('master')) await node.call('CLIENT', 'TRACKING', 'ON');
      for (let i = 0; i < 20; i++) await reports.get(`product:${i}`);
      // MONITOR lines reach the capture as the server runs each command; give the last ones a moment.
      await sleep(300);
    } finally {
      catalog.disconnect();
      await shop.close();
      reports.disconnect();
    }
    running.signal('SIGINT');
    const { code, stdout, stderr } = await running.result;
    assert.is(code, 1, stderr);
    const report = JSON.parse(stdout) as AuditReport;
    const primaries = primaryPorts().map((p) => `127.0.0.1:${p}`);
    const [replica] = replicaPorts().map((p) => `127.0.0.1:${p}`);
    assert.equal(
      report.nodes!.map((n) => [n.node, n.role, n.status]),
      [...primaries.map((n) => [n, 'primary', 'interrupted']), [replica, 'replica', 'interrupted']].sort(
        (a, b) => a[0]!.localeCompare(b[0]!),
      ),
    );
    assert.ok(report.notes.some((n) => n.includes('interrupted (Ctrl-C)')));

    const someNodes = byRule(report, 'monitor/tracking-on-some-nodes');
    const catalogFinding = someNodes.find((f) => f.client === '127.0.0.1 name=catalog')!;
    assert.ok(catalogFinding, JSON.stringify(someNodes, null, 2));
    assert.is(catalogFinding.nodes!.length, 2, 'the two primaries it did not turn tracking on for');
    assert.ok(catalogFinding.nodes!.every((n) => primaries.includes(n.node)));
    const reportsFinding = someNodes.find((f) => f.client === '127.0.0.1 name=reports')!;
    assert.equal(
      reportsFinding.nodes!.map((n) => n.node),
      [replica],
    );
    assert.match(reportsFinding.message, 'That node is a replica');
    assert.not.ok(
      report.findings.some((f) => f.client?.includes('name=shop')),
      'node-redis tracks on every node it reads from',
    );

    // The shop's uncovered TTL reads, each node's own audit merged: addresses are per node.
    const ttl = byRule(report, 'monitor/uncovered-read').find((f) => f.command === 'ttl')!;
    assert.is(ttl.count, 20);
    assert.ok(ttl.nodes!.length >= 2);
    assert.ok(ttl.clients!.every((c) => /^127\.0\.0\.1:\d+\/127\.0\.0\.1:\d+$/.test(c.address)));
    const perNode = report.nodes!.map((n) => n.report!.findings.find((f) => f.command === 'ttl')?.count ?? 0);
    assert.is(
      perNode.reduce((a, b) => a + b, 0),
      20,
    );
  },
);

live(
  'REDIRECT to one node’s CLIENT ID: each node’s client list shows where the id names no invalidation connection',
  async () => {
    const primaries = primaryPorts();
    // Before the capture: on the second primary, tracking redirected to a plain RESP2 connection that never
    // subscribed (an id that names a stranger). Only CLIENT LIST shows it.
    const stranger = new Valkey({ port: primaries[1]!, host: '127.0.0.1' });
    const misdirected = new Valkey({ port: primaries[1]!, host: '127.0.0.1', connectionName: 'legacy' });
    const strangerId = String(await stranger.client('ID'));
    await misdirected.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', strangerId);
    const { url } = requireCluster();
    const running = startCli(['audit', '--live', '--url', url, '--duration', '5m', '--format', 'json']);
    await running.stderrMatches(/capturing MONITOR on 3 nodes/);
    const invalidations = new Valkey({
      port: primaries[0]!,
      host: '127.0.0.1',
      connectionName: 'sessions-inv',
    });
    const sessions = primaries.map(
      (port) => new Valkey({ port, host: '127.0.0.1', connectionName: 'sessions' }),
    );
    try {
      const id = String(await invalidations.client('ID'));
      await invalidations.subscribe('__redis__:invalidate');
      for (const node of sessions)
        await node.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id).catch(() => {});
      await sleep(300);
    } finally {
      for (const c of [stranger, misdirected, invalidations, ...sessions]) c.disconnect();
    }
    running.signal('SIGINT');
    const { code, stdout, stderr } = await running.result;
    assert.is(code, 1, stderr);
    const report = JSON.parse(stdout) as AuditReport;
    const redirects = byRule(report, 'monitor/redirect-to-other-node');
    const sessionsFinding = redirects.find((f) => f.client === '127.0.0.1 name=sessions')!;
    assert.ok(sessionsFinding, JSON.stringify(redirects, null, 2));
    assert.equal(
      sessionsFinding.nodes!.map((n) => n.node).sort(),
      primaries.slice(1).map((p) => `127.0.0.1:${p}`),
    );
    const legacy = redirects.find((f) => f.client === '127.0.0.1 name=legacy')!;
    assert.ok(legacy, 'found from CLIENT LIST, with no line in the capture');
    assert.equal(
      legacy.nodes!.map((n) => n.node),
      [`127.0.0.1:${primaries[1]}`],
    );
    assert.match(legacy.message, 'speaks RESP2 and subscribes to nothing');
    assert.ok(
      report.notes.some((n) => n.includes('replicas were not captured (--replicas captures them too)')),
    );
  },
);

live('a fleet: every --url captured together, each a node of the report', async () => {
  const valkey = requireEnv('VT_VALKEY_URL');
  const redis = requireEnv('VT_REDIS_URL');
  const result = await runCli([
    'audit',
    '--live',
    '--url',
    valkey,
    '--url',
    redis,
    '--duration',
    '1s',
    '--format',
    'json',
  ]);
  assert.is(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as AuditReport;
  assert.equal(report.nodes!.map((n) => n.node).sort(), [new URL(valkey).host, new URL(redis).host].sort());
  assert.match(result.stderr, /capturing MONITOR on 2 nodes for 1s/);

  // A server of the fleet that cannot be reached: the others are captured and reported, then exit 2.
  const partly = await runCli([
    'audit',
    '--live',
    '--url',
    valkey,
    '--url',
    'redis://127.0.0.1:1',
    '--duration',
    '1s',
    '--format',
    'json',
  ]);
  assert.is(partly.code, 2);
  assert.equal(
    (JSON.parse(partly.stdout) as AuditReport).nodes!.map((n) => [n.node, n.status]),
    [
      [new URL(valkey).host, 'complete'],
      ['127.0.0.1:1', 'unreachable'],
    ],
  );
  assert.match(partly.stderr, /valkey-track: 127\.0\.0\.1:1: nothing captured: cannot connect/);

  // A big cluster split over processes: each captures only the nodes it is given.
  const [primary] = primaryPorts();
  const [replica] = replicaPorts();
  const split = await runCli([
    'audit',
    '--live',
    '--no-discover',
    '--url',
    `redis://127.0.0.1:${primary}`,
    '--url',
    `redis://127.0.0.1:${replica}`,
    '--duration',
    '1s',
    '--format',
    'json',
  ]);
  assert.is(split.code, 0, split.stderr);
  assert.equal(
    (JSON.parse(split.stdout) as AuditReport).nodes!.map((n) => [n.node, n.role]),
    [
      [`127.0.0.1:${primary}`, 'primary'],
      [`127.0.0.1:${replica}`, 'replica'],
    ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
  );

  // Only a live capture takes several servers.
  const twice = await runCli(['commands', '--url', valkey, '--url', redis]);
  assert.is(twice.code, 2);
  assert.match(twice.stderr, 'give --url once');
});

live.run();

const commands = suite('commands and verify on a real Valkey Cluster');

commands('commands reads every primary: they agree', async () => {
  const { url } = requireCluster();
  const { code, stdout } = await runCli(['commands', '--url', url, '--format', 'json']);
  assert.is(code, 0);
  const map = JSON.parse(stdout);
  assert.equal(
    map.cluster.nodes.map((n: { node: string }) => n.node).sort(),
    primaryPorts()
      .map((p) => `127.0.0.1:${p}`)
      .sort(),
  );
  assert.equal(map.cluster.disagreements, []);
  const text = await runCli(['commands', '--url', url]);
  assert.match(
    text.stdout,
    /Read 3 primaries \(CLUSTER SHARDS\).*\nThey agree on version, modules, declared tracking categories and every command\./,
  );
});

commands(
  'verify runs on the node it is pointed at, under a hash tag of its slots, and removes its keys',
  async () => {
    const port = primaryPorts()[1]!;
    const result = await runCli(['verify', '--url', `redis://127.0.0.1:${port}`, '--format', 'json']);
    assert.is(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.is(report.server.cluster.node, `127.0.0.1:${port}`);
    // The run's id (for removing what an interrupted run left), then the hash tag of the node's slot.
    assert.match(report.prefix, /^vt-verify:[0-9a-f]{8}:\{vt-[0-9a-f]{8}\}:$/);
    assert.is(nodeCli(port, 'CLUSTER', 'KEYSLOT', report.prefix), String(report.server.cluster.slot));
    assert.match(result.stderr, `verify: on the cluster node 127.0.0.1:${port}, keys under ${report.prefix}`);
    assert.equal(report.errors, []);
    assert.is(report.reads.filter((r: { agreement: string }) => r.agreement === 'disagree').length, 0);
    assert.ok(
      report.skipped.some(
        (s: { reason: string }) => s.reason === 'needs a second database, which cluster mode does not have',
      ),
    );
    for (const p of requireCluster().ports) assert.is(nodeCli(p, 'DBSIZE'), '0', `node ${p}`);
  },
);

commands('verify refuses a cluster node that holds keys, and a replica (naming its primary)', async () => {
  const [first] = primaryPorts();
  const [replica] = replicaPorts();
  const cluster = new Cluster([{ host: '127.0.0.1', port: first! }]);
  try {
    for (let i = 0; i < 30; i++) await cluster.set(`app:${i}`, 'x');
  } finally {
    cluster.disconnect();
  }
  try {
    const held = await runCli(['verify', '--url', `redis://127.0.0.1:${first}`]);
    assert.is(held.code, 2);
    assert.match(
      held.stderr,
      /the cluster node redis:\/\/127\.0\.0\.1:\d+ holds \d+ keys and verify writes there/,
    );
    const fromReplica = await runCli(['verify', '--url', `redis://127.0.0.1:${replica}`]);
    assert.is(fromReplica.code, 2);
    assert.match(
      fromReplica.stderr,
      /is a replica, which verify does not support \(it writes\): run it against a primary \(this replica's is 127\.0\.0\.1:\d+\)/,
    );
  } finally {
    flushCluster();
  }
});

commands.run();
