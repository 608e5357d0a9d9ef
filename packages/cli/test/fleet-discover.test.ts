import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { captureDisplay } from '../src/fleet/capture-progress.js';
import { parseClientList } from '../src/fleet/client-list.js';
import { parseClusterShards, parseClusterSlots } from '../src/fleet/discover-cluster.js';
import { nodeLabel, uniqueLabels } from '../src/fleet/node-label.js';
import { compareTimestamps } from '../src/fleet/timestamps.js';

const replies = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../fixtures/monitor/cluster/cluster-replies.json', import.meta.url)),
    'utf8',
  ),
) as { shards: unknown[]; slots: unknown[] };

const discover = suite('finding the nodes of a cluster (replies of a real Valkey 8.0.1 cluster)');

const byPort = <T extends { port: number }>(nodes: T[]) => [...nodes].sort((a, b) => a.port - b.port);

discover('CLUSTER SHARDS: three primaries with their slots, one replica with its primary', () => {
  const nodes = byPort(parseClusterShards(replies.shards));
  assert.equal(
    nodes.map((n) => [n.role, n.health]),
    [
      ['primary', 'online'],
      ['primary', 'online'],
      ['primary', 'online'],
      ['replica', 'online'],
    ],
  );
  assert.equal(
    nodes.flatMap((n) => n.slots).sort((a, b) => a[0] - b[0]),
    [
      [0, 5460],
      [5461, 10922],
      [10923, 16383],
    ],
  );
  const replica = nodes.find((n) => n.role === 'replica')!;
  assert.ok(nodes.some((n) => n.id === replica.primaryId && n.role === 'primary'));
});

discover('CLUSTER SLOTS (servers without SHARDS) gives the same nodes', () => {
  const strip = (n: { id: string; host: string; port: number; role: string; slots: [number, number][] }) => ({
    id: n.id,
    host: n.host,
    port: n.port,
    role: n.role,
    slots: n.slots,
  });
  assert.equal(
    byPort(parseClusterSlots(replies.slots)).map(strip),
    byPort(parseClusterShards(replies.shards)).map(strip),
  );
});

discover('a TLS connection uses the announced tls-port; an unknown endpoint falls back to the ip', () => {
  const shard = [
    'slots',
    [0, 16383],
    'nodes',
    [
      [
        'id',
        'a',
        'port',
        0,
        'tls-port',
        6380,
        'ip',
        '10.0.0.1',
        'endpoint',
        '?',
        'role',
        'master',
        'health',
        'online',
      ],
    ],
  ];
  assert.equal(
    parseClusterShards([shard], true).map((n) => [n.host, n.port]),
    [['10.0.0.1', 6380]],
  );
});

discover.run();

const small = suite('the small parts of a multi-node report');

small(
  'CLIENT LIST: unix sockets as MONITOR prints them, redirect, protocol, subscriptions and output buffer',
  () => {
    const [tcp, unix] = parseClientList(
      'id=7 addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=8 name=shop flags=t db=0 sub=0 psub=1 ssub=0 omem=20512 redir=12 resp=2 lib-name=node-redis\n' +
        'id=8 addr=/run/valkey.sock:0 fd=9 name= flags=N db=0 sub=0 psub=0 redir=-1\n',
    );
    assert.equal(tcp, {
      id: 7,
      address: '127.0.0.1:5000',
      name: 'shop',
      lib: 'node-redis',
      flags: 't',
      redirect: 12,
      resp: 2,
      subscriptions: 1,
      outputMemory: 20512,
    });
    assert.is(unix!.address, 'unix:/run/valkey.sock');
    assert.is(unix!.resp, 2, 'a server without the resp field speaks RESP2');
  },
);

small('node names: host:port live, the file name without extensions, told apart when equal', () => {
  assert.is(nodeLabel('live valkey://app@10.0.0.7:6379/0'), '10.0.0.7:6379');
  assert.is(nodeLabel('live valkeys://[::1]:6380/0'), '[::1]:6380');
  assert.is(nodeLabel('/var/log/valkey/node-3.log.gz'), 'node-3');
  assert.is(nodeLabel('-'), 'stdin');
  assert.equal(uniqueLabels(['a', 'b', 'a', 'a#2']), ['a', 'b', 'a#3', 'a#2']);
});

small('MONITOR timestamps compare exactly, past what a double holds', () => {
  assert.ok(compareTimestamps('1700000000.000001', '1700000000.000002') < 0);
  assert.ok(compareTimestamps('1700000001.000000', '1700000000.999999') > 0);
  assert.is(compareTimestamps('1700000000.5', '1700000000.500000'), 0);
});

small.run();

const progress = suite('progress of a capture on several nodes');

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return {
    writes,
    stream: {
      isTTY,
      rows: 10,
      columns: 100,
      write: (text: string) => writes.push(text),
    } as unknown as NodeJS.WriteStream,
  };
}

progress('on a pipe: one line when every node captures, one per node that ends early, one at the end', () => {
  const { stream, writes } = fakeStream(false);
  const display = captureDisplay(['a:1', 'b:2'], 30_000, stream);
  display.update({ node: 'a:1', state: 'capturing', bytes: 0, commands: 0 });
  assert.equal(writes, []);
  display.update({ node: 'b:2', state: 'capturing', bytes: 0, commands: 0 });
  display.update({
    node: 'b:2',
    state: 'done',
    bytes: 10,
    commands: 3,
    status: 'lost',
    error: 'b:2 closed the connection',
  });
  display.update({ node: 'a:1', state: 'done', bytes: 10, commands: 4, status: 'complete' });
  display.finish();
  assert.equal(writes, [
    'valkey-track: capturing MONITOR on 2 nodes for 30s: a:1, b:2\n',
    'valkey-track: b:2: lost (b:2 closed the connection)\n',
    'valkey-track: captured 7 commands on 2 of 2 nodes\n',
  ]);
});

progress('on a terminal: a line per node, redrawn in place', () => {
  const { stream, writes } = fakeStream(true);
  const display = captureDisplay(['a:1', 'b:2'], 30_000, stream);
  display.update({ node: 'a:1', state: 'capturing', bytes: 2_500_000, commands: 1234 });
  display.finish();
  const screen = writes.join('');
  assert.match(screen, /capturing MONITOR on 2 nodes, \d+ s left/);
  assert.match(screen, 'a:1  capturing  2.5 MB, 1,234 commands');
  assert.match(screen, 'b:2  connecting');
});

progress('--no-progress: nothing at all', () => {
  const { stream, writes } = fakeStream(false);
  const display = captureDisplay(['a:1'], 1000, stream, false);
  display.update({ node: 'a:1', state: 'done', bytes: 0, commands: 0, status: 'refused' });
  display.finish();
  assert.equal(writes, []);
});

progress.run();
