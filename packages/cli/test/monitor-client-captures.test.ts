import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditMonitorLog } from '../src/monitor/audit-monitor-log.js';
import { assertHandshakeFacts, assertReads, comesWhileTracking, expectedReads } from './client-captures.js';

const dir = fileURLToPath(new URL('../../../fixtures/monitor/clients/', import.meta.url));
const captures = readdirSync(dir)
  .filter((f) => f.endsWith('.log'))
  .map((file) => {
    const [, scenario, server] = /^(.+)\.(valkey|redis)\.log$/.exec(file)!;
    return { file, scenario: scenario!, server: server!, log: readFileSync(dir + file, 'latin1') };
  });

const clients = suite('MONITOR audit: every client library as it connects (fixtures/monitor/clients)');

clients('there is a capture of every scenario on both servers', () => {
  for (const scenario of Object.keys(expectedReads)) {
    for (const server of ['valkey', 'redis']) {
      assert.ok(
        captures.some((c) => c.scenario === scenario && c.server === server),
        `no capture of ${scenario} on ${server}`,
      );
    }
  }
});

for (const { file, scenario, log } of captures) {
  clients(`${file}: the reads tracking does not cover, from the first connection to the last`, async () => {
    assertReads(scenario, await auditMonitorLog(dir + file));
  });
  clients(`${file}: HELLO opens a connection (or follows RESET) in database 0`, () => {
    assertHandshakeFacts(scenario, log);
  });
}

clients('the commands that come while a connection tracks, so they cannot mean a new one', () => {
  const log = (scenario: string, server = 'valkey') =>
    captures.find((c) => c.scenario === scenario && c.server === server)!.log;
  assert.ok(comesWhileTracking(log('valkey-glide'), 'client|setinfo'), 'glide: SETINFO after TRACKING');
  assert.ok(comesWhileTracking(log('node-redis-5'), 'select'), 'node-redis 5: SELECT on a live connection');
  assert.ok(comesWhileTracking(log('valkey-glide-reauth'), 'auth'), 'glide: AUTH to rotate a password');
  assert.not.ok(comesWhileTracking(log('node-redis-5'), 'hello'), 'node-redis 5 sends HELLO after RESET');
});

clients.run();
