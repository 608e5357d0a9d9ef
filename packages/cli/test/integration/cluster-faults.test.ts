import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AuditReport } from '../../src/report/types.js';
import { verifyServer } from '../../src/verify/verify-server.js';
import { Valkey, nodeCli, startScratchCluster, type ScratchCluster } from './cluster-helpers.js';
import { buildTrackingModule, runCli, startCli } from './live-helpers.js';

// A cluster of the suite's own: these tests change ACLs, load a module, move a slot and kill a node.
let cluster: ScratchCluster;
let moduleDir: string;
const url = (port: number) => `redis://127.0.0.1:${port}`;
const keysUnder = (port: number, prefix: string) =>
  nodeCli(port, '--scan', '--pattern', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`)
    .split('\n')
    .filter(Boolean);

const faults = suite('faults on a real Valkey Cluster');

faults.before(async () => {
  moduleDir = mkdtempSync(join(tmpdir(), 'vt-cluster-module-'));
  cluster = await startScratchCluster(['--enable-module-command', 'local']);
});

faults.after(() => {
  cluster?.stop();
  if (moduleDir) rmSync(moduleDir, { recursive: true, force: true });
});

faults(
  'a node whose ACL refuses MONITOR: the others are captured, the report and stderr say which, exit 2',
  async () => {
    const [first, refusing, third] = cluster.ports as [number, number, number];
    for (const port of cluster.ports) {
      nodeCli(
        port,
        'ACL',
        'SETUSER',
        'auditor',
        'on',
        '>s3cret',
        '~*',
        '&*',
        '+@all',
        ...(port === refusing ? ['-monitor'] : []),
      );
    }
    try {
      const running = startCli(
        [
          'audit',
          '--live',
          '--url',
          url(first),
          '--user',
          'auditor',
          '--password-env',
          'VT_AUDITOR',
          '--duration',
          '10m',
          '--format',
          'json',
        ],
        { VT_AUDITOR: 's3cret' },
      );
      await running.stderrMatches(/capturing MONITOR on 3 nodes/);
      const tracking = new Valkey({ port: third, host: '127.0.0.1' });
      try {
        await tracking.call('CLIENT', 'TRACKING', 'ON');
        await tracking.keys('user:*');
        await sleep(300);
      } finally {
        tracking.disconnect();
      }
      running.signal('SIGINT');
      const { code, stdout, stderr } = await running.result;
      assert.is(code, 2, stderr);
      const report = JSON.parse(stdout) as AuditReport;
      assert.equal(
        report.nodes!.map((n) => [n.node, n.status]),
        [
          [`127.0.0.1:${first}`, 'interrupted'],
          [`127.0.0.1:${refusing}`, 'refused'],
          [`127.0.0.1:${third}`, 'interrupted'],
        ],
      );
      assert.match(report.nodes![1]!.error!, /refused MONITOR: NOPERM/);
      assert.ok(
        report.findings.some((f) => f.command === 'keys' && f.nodes?.[0]?.node === `127.0.0.1:${third}`),
      );
      assert.match(
        stderr,
        new RegExp(`valkey-track: 127\\.0\\.0\\.1:${refusing}: nothing captured: .*refused MONITOR: NOPERM`),
      );
      assert.not.match(stderr + stdout, 's3cret');
    } finally {
      for (const port of cluster.ports) nodeCli(port, 'ACL', 'DELUSER', 'auditor');
    }
  },
);

faults('commands: a module loaded on one primary only is a disagreement between the nodes', async () => {
  const [first, second] = cluster.ports as [number, number, number];
  const module = buildTrackingModule(moduleDir);
  assert.is(nodeCli(second, 'MODULE', 'LOAD', module), 'OK');
  try {
    const { code, stdout } = await runCli([
      'commands',
      '--url',
      url(first),
      '--format',
      'json',
      '--fail-on-drift',
    ]);
    assert.is(code, 1);
    const map = JSON.parse(stdout);
    const about = map.cluster.disagreements.map((d: { about: string }) => d.about);
    assert.ok(about.includes('modules'));
    assert.ok(about.includes('tracking categories'));
    const ttl = map.cluster.disagreements.find((d: { subject: string }) => d.subject === 'trackmod.ttl');
    assert.equal(ttl.values, {
      [`127.0.0.1:${first}`]: 'absent',
      [`127.0.0.1:${second}`]: 'partial (acl-category)',
      [`127.0.0.1:${cluster.ports[2]}`]: 'absent',
    });
    const text = await runCli(['commands', '--url', url(first)]);
    assert.match(text.stdout, /They disagree \(a read is only as covered as on its worst node\):/);
    assert.match(
      text.stdout,
      new RegExp(
        `declared tracking categories: 127\\.0\\.0\\.1:${first}: none; 127\\.0\\.0\\.1:${second}: tracking_full`,
      ),
    );
  } finally {
    nodeCli(second, 'MODULE', 'UNLOAD', 'trackmod');
  }
});

/** Runs verify on `port` and, as recipe `at` is about to start, lets `move` act on the run's slot. */
async function verifyWhileSlotMoves(port: number, at: number, move: (slot: number) => void) {
  let slot = -1;
  let prefix = '';
  const error = await verifyServer({
    url: url(port),
    onTarget: (t) => {
      slot = t.cluster!.slot;
      prefix = t.prefix;
    },
    onProgress: ({ index }) => {
      if (index === at) move(slot);
    },
  }).then(
    () => undefined,
    (e: Error) => e,
  );
  return { error, slot, prefix };
}

faults(
  'verify: an ASK mid-run (its slot starts migrating) stops it, and its keys are removed from both nodes',
  async () => {
    const [source, destination] = cluster.ports as [number, number, number];
    const [sourceId, destinationId] = cluster.ids;
    const { error, slot, prefix } = await verifyWhileSlotMoves(source, 20, (s) => {
      nodeCli(destination, 'CLUSTER', 'SETSLOT', String(s), 'IMPORTING', sourceId!);
      nodeCli(source, 'CLUSTER', 'SETSLOT', String(s), 'MIGRATING', destinationId!);
    });
    try {
      assert.ok(error, 'verify stopped');
      assert.match(
        error!.message,
        new RegExp(
          `^verify stopped: the slot ${slot} of the run's keys is moving to 127\\.0\\.0\\.1:${destination} \\(ASK\\), a resharding or a failover is under way; it removed \\d+ keys under`,
        ),
      );
      assert.equal(keysUnder(source, prefix), []);
      assert.equal(keysUnder(destination, prefix), []);
    } finally {
      for (const port of [source, destination]) nodeCli(port, 'CLUSTER', 'SETSLOT', String(slot), 'STABLE');
    }
  },
);

faults(
  'verify: a MOVED mid-run (its slot moved to another node) stops it, and its keys are removed from both nodes',
  async () => {
    const [source, destination] = cluster.ports as [number, number, number];
    const [sourceId, destinationId] = cluster.ids;
    const { error, slot, prefix } = await verifyWhileSlotMoves(source, 30, (s) => {
      // A resharding between two recipes, when the slot holds no key of the run: assign it to the destination.
      for (const port of cluster.ports)
        nodeCli(port, 'CLUSTER', 'SETSLOT', String(s), 'NODE', destinationId!);
    });
    try {
      assert.ok(error, 'verify stopped');
      assert.match(
        error!.message,
        new RegExp(`the slot ${slot} of the run's keys moved to 127\\.0\\.0\\.1:${destination} \\(MOVED\\)`),
      );
      assert.equal(keysUnder(source, prefix), []);
      assert.equal(keysUnder(destination, prefix), []);
      assert.is(cluster.ownerOf(slot), destination);
    } finally {
      for (const port of cluster.ports) nodeCli(port, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', sourceId!);
    }
  },
);

// Last: it kills a node of the suite's cluster.
faults(
  'a node that dies mid-capture: the others keep going, the report says which node and when',
  async () => {
    const [first, dying, third] = cluster.ports as [number, number, number];
    const running = startCli([
      'audit',
      '--live',
      '--url',
      url(first),
      '--duration',
      '10m',
      '--format',
      'json',
    ]);
    await running.stderrMatches(/capturing MONITOR on 3 nodes/);
    const killedAt = Date.now();
    process.kill(cluster.nodes[1]!.pid, 'SIGKILL');
    await running.stderrMatches(new RegExp(`127\\.0\\.0\\.1:${dying}: lost`));
    const tracking = new Valkey({ port: third, host: '127.0.0.1' });
    try {
      await tracking.call('CLIENT', 'TRACKING', 'ON');
      await tracking.keys('after-the-kill:*');
      await sleep(300);
    } finally {
      tracking.disconnect();
    }
    running.signal('SIGINT');
    const { code, stdout, stderr } = await running.result;
    assert.is(code, 1, stderr);
    const report = JSON.parse(stdout) as AuditReport;
    const lost = report.nodes!.find((n) => n.node === `127.0.0.1:${dying}`)!;
    assert.is(lost.status, 'lost');
    assert.ok(Math.abs(Date.parse(lost.endedAt!) - killedAt) < 10_000, lost.endedAt);
    assert.match(lost.error!, /closed the connection|ECONNRESET/);
    assert.ok(
      report.notes.some((n) => n.startsWith(`127.0.0.1:${dying}: the capture ended at ${lost.endedAt}`)),
    );
    assert.equal(
      report.nodes!.filter((n) => n !== lost).map((n) => n.status),
      ['interrupted', 'interrupted'],
    );
    const keys = report.findings.find((f) => f.command === 'keys')!;
    assert.equal(
      keys.nodes,
      [{ node: `127.0.0.1:${third}`, count: 1 }],
      'captured after the other node died',
    );
  },
);

faults.run();
