import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { crossNodeFindings } from '../src/fleet/cross-node-findings.js';
import { asNodeReports, mergeNodeReports } from '../src/fleet/merge-reports.js';
import { NodeFactsScanner } from '../src/fleet/node-facts-scanner.js';
import type { NodeFacts } from '../src/fleet/node-facts.js';
import type { AuditReport } from '../src/report/types.js';
import { logWriter, nodeReport } from './fleet-helpers.js';

const merge = (...reports: AuditReport[]) => mergeNodeReports(asNodeReports(reports), '0.0.0');
const acrossNodes = (report: AuditReport, rule: string) => report.findings.filter((f) => f.rule === rule);

const someNodes = suite('a client that tracks on some nodes and reads from others');

someNodes('tracking turned on through one node only: the reads on the others are found, per node', () => {
  const line = logWriter();
  // What `cluster.call('CLIENT', 'TRACKING', 'ON')` of a cluster client leaves: one node's connection tracks.
  const a = nodeReport(
    'a',
    line('10.0.0.5:4001', 'CLIENT', 'SETNAME', 'catalog') +
      line('10.0.0.5:4001', 'CLIENT', 'TRACKING', 'ON') +
      line('10.0.0.5:4001', 'GET', 'product:1'),
  );
  const b = nodeReport(
    'b',
    line('10.0.0.5:4002', 'CLIENT', 'SETNAME', 'catalog') +
      line('10.0.0.5:4002', 'GET', 'product:2') +
      line('10.0.0.5:4002', 'HGETALL', 'product:3') +
      line('10.0.0.5:4002', 'SET', 'product:3', 'x'),
  );
  const c = nodeReport(
    'c',
    line('10.0.0.5:4003', 'CLIENT', 'SETNAME', 'catalog') + line('10.0.0.5:4003', 'GET', 'p'),
  );
  const [finding, ...rest] = acrossNodes(merge(a, b, c), 'monitor/tracking-on-some-nodes');
  assert.is(rest.length, 0);
  assert.is(finding!.category, 'none');
  assert.is(finding!.client, '10.0.0.5 name=catalog');
  assert.is(finding!.count, 3, 'GET and HGETALL on b, GET on c; the SET is no read');
  assert.equal(finding!.nodes, [
    { node: 'b', count: 2 },
    { node: 'c', count: 1 },
  ]);
  assert.match(finding!.example!, '"GET" "product:2"');
  assert.is(finding!.file, 'b.log');
  assert.match(finding!.message, 'for its connections to a but sent 3 reads to b, c');
});

someNodes('a client that tracks on every node it reads from is fine', () => {
  const line = logWriter();
  const nodes = ['a', 'b', 'c'].map((n, i) =>
    nodeReport(
      n,
      line(`10.0.0.5:${4000 + i}`, 'HELLO', '3') +
        line(`10.0.0.5:${4000 + i}`, 'CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis') +
        line(`10.0.0.5:${4000 + i}`, 'CLIENT', 'TRACKING', 'ON') +
        line(`10.0.0.5:${4000 + i}`, 'GET', `k${i}`),
    ),
  );
  assert.equal(acrossNodes(merge(...nodes), 'monitor/tracking-on-some-nodes'), []);
});

someNodes(
  'another client on the same host does not hide it: clients are told apart by library and name',
  () => {
    const line = logWriter();
    const a = nodeReport(
      'a',
      line('10.0.0.5:1', 'CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis') +
        line('10.0.0.5:1', 'CLIENT', 'TRACKING', 'ON') +
        line('10.0.0.5:2', 'CLIENT', 'SETNAME', 'catalog') +
        line('10.0.0.5:2', 'CLIENT', 'TRACKING', 'ON') +
        line('10.0.0.5:2', 'GET', 'k'),
    );
    const b = nodeReport(
      'b',
      line('10.0.0.5:3', 'CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis') +
        line('10.0.0.5:3', 'CLIENT', 'TRACKING', 'ON') +
        line('10.0.0.5:4', 'CLIENT', 'SETNAME', 'catalog') +
        line('10.0.0.5:4', 'GET', 'k2'),
    );
    const found = acrossNodes(merge(a, b), 'monitor/tracking-on-some-nodes');
    assert.equal(
      found.map((f) => f.client),
      ['10.0.0.5 name=catalog'],
    );
  },
);

someNodes(
  'a client that reads from a replica (READONLY) without tracking there: the message says replica',
  () => {
    const line = logWriter();
    const primary = nodeReport(
      'primary',
      line('10.0.0.5:1', 'CLIENT', 'TRACKING', 'ON') + line('10.0.0.5:1', 'GET', 'k'),
    );
    const replica = nodeReport('replica', line('10.0.0.5:2', 'READONLY') + line('10.0.0.5:2', 'GET', 'k'));
    const [finding] = acrossNodes(merge(primary, replica), 'monitor/tracking-on-some-nodes');
    assert.match(finding!.message, 'That node is a replica');
  },
);

someNodes('one node alone, or a client that never tracks, is no finding', () => {
  const line = logWriter();
  const only = nodeReport(
    'a',
    line('10.0.0.5:1', 'CLIENT', 'TRACKING', 'ON') + line('10.0.0.6:1', 'GET', 'k'),
  );
  const plain = nodeReport('b', line('10.0.0.6:2', 'GET', 'k'));
  assert.equal(acrossNodes(merge(only), 'monitor/tracking-on-some-nodes'), []);
  assert.equal(acrossNodes(merge(only, plain), 'monitor/tracking-on-some-nodes'), []);
});

someNodes('a client tracking before the capture, named with --tracking-clients, counts as tracking', () => {
  const line = logWriter();
  const a = nodeReport('a', line('10.0.0.5:1', 'CLIENT', 'TRACKING', 'ON') + line('10.0.0.5:1', 'GET', 'k'));
  const scanner = new NodeFactsScanner([{ address: '10.0.0.5:2', tracking: true }]);
  scanner.write(Buffer.from(line('10.0.0.5:2', 'GET', 'k')));
  scanner.end();
  const b = { ...nodeReport('b', line('10.0.0.5:2', 'GET', 'k')), facts: scanner.facts() };
  assert.equal(acrossNodes(merge(a, b), 'monitor/tracking-on-some-nodes'), []);
});

someNodes.run();

const redirect = suite('CLIENT TRACKING REDIRECT to an id that is not a client of that node');

function sessions(subscribeOn: string[]) {
  const line = logWriter();
  return ['a', 'b', 'c'].map((node, i) =>
    nodeReport(
      node,
      (subscribeOn.includes(node)
        ? line('10.0.0.5:900', 'CLIENT', 'ID') + line('10.0.0.5:900', 'SUBSCRIBE', '__redis__:invalidate')
        : '') +
        line(`10.0.0.5:${1000 + i}`, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '53') +
        line(`10.0.0.5:${1000 + i}`, 'GET', 'k'),
    ),
  );
}

redirect('logs: one id sent to every node, the invalidation connection subscribing on one of them', () => {
  const [finding, ...rest] = acrossNodes(merge(...sessions(['a'])), 'monitor/redirect-to-other-node');
  assert.is(rest.length, 0);
  assert.is(finding!.shape, 'CLIENT TRACKING ON REDIRECT 53');
  assert.equal(
    finding!.nodes!.map((n) => n.node),
    ['b', 'c'],
  );
  assert.equal(
    finding!.clients!.map((c) => c.address),
    ['b/10.0.0.5:1001', 'c/10.0.0.5:1002'],
  );
  assert.match(finding!.message, 'subscribed to __redis__:invalidate on a but not on b');
});

redirect('logs: an invalidation connection per node, or none seen at all, proves nothing wrong', () => {
  assert.equal(acrossNodes(merge(...sessions(['a', 'b', 'c'])), 'monitor/redirect-to-other-node'), []);
  assert.equal(acrossNodes(merge(...sessions([])), 'monitor/redirect-to-other-node'), []);
});

const withTarget = (
  facts: NodeFacts,
  target: NonNullable<NodeFacts['redirects'][number]['target']>,
): NodeFacts => ({
  ...facts,
  redirects: facts.redirects.map((r) => ({ ...r, target })),
});

redirect("live: the node's own client list decides, even for one node", () => {
  const [a] = sessions([]);
  const node = (target: Parameters<typeof withTarget>[1]) => ({
    node: 'a',
    facts: withTarget(a!.facts!, target),
    report: a!,
  });
  assert.equal(crossNodeFindings([node({ found: true, address: '10.0.0.5:900', canReceive: true })], 10), []);
  const [missing] = crossNodeFindings([node({ found: false })], 10);
  assert.match(missing!.message, 'no connection of a has id 53');
  const [stranger] = crossNodeFindings([node({ found: true, address: '10.0.0.7:1', canReceive: false })], 10);
  assert.match(stranger!.message, 'speaks RESP2 and subscribes to nothing');
});

redirect.run();

const scanner = suite('the client facts of one node');

const scan = (log: string | Buffer, chunkBytes = Infinity) => {
  const s = new NodeFactsScanner();
  const bytes = Buffer.isBuffer(log) ? log : Buffer.from(log, 'latin1');
  for (let i = 0; i < bytes.length; i += Math.min(chunkBytes, bytes.length))
    s.write(bytes.subarray(i, i + chunkBytes));
  s.end();
  return s.facts();
};

scanner('the same facts whatever the chunks, a live capture (+ and CRLF) as a file', () => {
  const line = logWriter();
  const log =
    line('[::1]:5000', 'HELLO', '3', 'SETNAME', 'shop') +
    line('[::1]:5000', 'CLIENT', 'TRACKING', 'ON') +
    line('[::1]:5000', 'GET', 'k') +
    line('[::1]:5001', 'OBJECT', 'ENCODING', 'k') +
    line('[::1]:5001', 'OBJECT', 'HELP') +
    line('lua', 'GET', 'k') +
    line('unix:/run/valkey.sock', 'GET', 'k\\"quoted') +
    line('[::1]:5000', 'RESET') +
    line('[::1]:5000', 'GET', 'k');
  const whole = scan(log);
  assert.equal(scan(log, 1), whole);
  assert.equal(scan(log, 7), whole);
  const live = log
    .split('\n')
    .filter(Boolean)
    .map((l) => `+${l}\r\n`)
    .join('');
  assert.equal(
    scan(live, 5).clients.map((c) => [c.client, c.reads, c.untrackedReads]),
    whole.clients.map((c) => [c.client, c.reads, c.untrackedReads]),
  );
  const byName = new Map(whole.clients.map((c) => [c.client, c]));
  assert.equal(byName.get('[::1] name=shop')!.trackingConnections, 1);
  assert.is(byName.get('[::1] name=shop')!.reads, 2, 'one GET tracked, one after RESET');
  assert.is(byName.get('[::1] name=shop')!.untrackedReads, 1);
  assert.is(
    byName.get('[::1]')!.reads,
    1,
    'OBJECT ENCODING reads a key; OBJECT HELP does not; lua lines are not reads',
  );
  assert.is(byName.get('unix:/run/valkey.sock')!.reads, 1);
});

scanner('a line longer than a chunk, and one cut off at the end, are read', () => {
  const line = logWriter();
  const big = 'x'.repeat(20000);
  const log =
    line('10.0.0.1:1', 'SET', 'k', big) +
    line('10.0.0.1:1', 'GET', 'k') +
    line('10.0.0.1:1', 'GET', 'k').trimEnd();
  assert.is(scan(log, 4096).clients[0]!.reads, 2);
});

scanner.run();
