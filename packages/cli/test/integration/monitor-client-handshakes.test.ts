import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditMonitorLog } from '../../src/monitor/audit-monitor-log.js';
import { ClientRegistry } from '../../src/monitor/client-registry.js';
import { applyClientTracking, ModeRegistry } from '../../src/monitor/client-state.js';
import { assertHandshakeFacts, assertReads } from '../client-captures.js';
import { captureServer } from './client-capture-server.js';
import { capture, scenarios, type ServerKind } from './client-scenarios.js';
import { startCli } from './live-helpers.js';

const Valkey = createRequire(import.meta.url)('iovalkey') as typeof import('iovalkey').default;

const handshakes = suite('client libraries against real servers: connection starts, from a file and --live');

for (const kind of ['valkey', 'redis', 'valkey81', 'redis80', 'valkey91'] as ServerKind[]) {
  for (const scenario of scenarios) {
    handshakes(
      `${scenario.name} on ${kind}: captured, its connection start, and the audit of the file`,
      async () => {
        const { server, target } = await captureServer(kind, scenario);
        const dir = mkdtempSync(join(tmpdir(), 'vt-handshake-'));
        try {
          const log = await capture(scenario, target);
          assertHandshakeFacts(scenario.name, log);
          writeFileSync(join(dir, 'capture.log'), log, 'latin1');
          assertReads(scenario.name, await auditMonitorLog(join(dir, 'capture.log')));
        } finally {
          server.stop();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );

    // --live reads the same stream through the same engine: the host's two servers show it.
    if (kind !== 'valkey' && kind !== 'redis') continue;
    handshakes(`${scenario.name} on ${kind}: the same findings with --live`, async () => {
      const { server, target } = await captureServer(kind, scenario);
      try {
        const env = target.password ? { VT_TEST_PASSWORD: target.password } : {};
        const live = startCli(
          [
            'audit',
            '--live',
            '--url',
            `redis://127.0.0.1:${target.port}`,
            ...(target.password ? ['--password-env', 'VT_TEST_PASSWORD'] : []),
            '--duration',
            '2m',
            '--format',
            'json',
          ],
          env,
        );
        // The capture runs once the server lists the audit's MONITOR connection.
        const deadline = Date.now() + 20_000;
        while (!server.cli('CLIENT', 'LIST').includes('cmd=monitor')) {
          if (Date.now() > deadline) throw new Error('the live audit never started MONITOR');
          await sleep(50);
        }
        await scenario.run(target);
        await sleep(300);
        live.signal('SIGINT');
        const result = await live.result;
        assert.is(result.code, 1, result.stderr);
        assertReads(scenario.name, JSON.parse(result.stdout));
      } finally {
        server.stop();
      }
    });
  }
}

const server = suite('what the servers do to a tracking connection (the facts behind the rules)');

for (const kind of ['valkey', 'redis', 'valkey81', 'redis80', 'valkey91'] as ServerKind[]) {
  server(
    `${kind}: HELLO, CLIENT SETNAME/SETINFO, SELECT and AUTH keep tracking on; RESET turns it off`,
    async () => {
      const { server: s, target } = await captureServer(kind, {
        name: 'server-facts',
        library: 'iovalkey',
        password: 'facts-secret',
        run: async () => {},
      });
      const client = new Valkey({
        host: '127.0.0.1',
        port: target.port,
        password: 'facts-secret',
        lazyConnect: true,
      });
      try {
        await client.connect();
        const tracks = async () => / flags=\S*t/.test(String(await client.call('CLIENT', 'INFO')));
        await client.call('CLIENT', 'TRACKING', 'on');
        assert.ok(await tracks());
        const keep: string[][] = [
          ['HELLO', '2'],
          ['CLIENT', 'SETNAME', 'app'],
          ['SELECT', '3'],
          ['AUTH', 'facts-secret'],
          // CLIENT SETINFO came with Redis 7.2: every server here but Redis 7.0 has it.
          ...(kind !== 'redis' ? [['CLIENT', 'SETINFO', 'LIB-NAME', 'app']] : []),
        ];
        for (const command of keep) {
          await client.call(command[0]!, ...command.slice(1));
          assert.ok(await tracks(), `${command.join(' ')} kept tracking`);
        }
        assert.is(String(await client.call('RESET')), 'RESET');
        await client.call('AUTH', 'facts-secret');
        assert.not.ok(await tracks(), 'RESET turned tracking off');
      } finally {
        client.disconnect();
        s.stop();
      }
    },
  );
}

for (const kind of ['valkey', 'redis', 'valkey81', 'redis80', 'valkey91'] as ServerKind[]) {
  server(
    `${kind}: CLIENT CACHING yes is still pending after other CLIENT commands, not after PING`,
    async () => {
      const { server: s, target } = await captureServer(kind, {
        name: 'caching-facts',
        library: 'iovalkey',
        run: async () => {},
      });
      const client = new Valkey({ host: '127.0.0.1', port: target.port, lazyConnect: true });
      try {
        await client.connect();
        // The server's table of keys it remembers for clients: a read that was tracked adds its key.
        const remembered = async () =>
          Number(/tracking_total_keys:(\d+)/.exec(String(await client.call('INFO', 'stats')))![1]);
        await client.call('CLIENT', 'TRACKING', 'on', 'OPTIN');
        const before = await remembered();
        await client.call('CLIENT', 'CACHING', 'yes');
        await client.call('CLIENT', 'SETNAME', 'facts');
        await client.call('CLIENT', 'ID');
        await client.call('GET', 'facts:after-client-commands');
        assert.is(await remembered(), before + 1, 'the GET after CLIENT SETNAME and CLIENT ID was tracked');
        await client.call('CLIENT', 'CACHING', 'yes');
        await client.call('PING');
        await client.call('GET', 'facts:after-ping');
        assert.is(await remembered(), before + 1, 'PING used up CLIENT CACHING yes');
      } finally {
        client.disconnect();
        s.stop();
      }
    },
  );
}

/**
 * CLIENT TRACKING commands in an order apps and libraries send them (a second ON to add prefixes or change
 * mode, a bare BCAST, overlapping prefixes, OPTIN after OPTOUT): some the server takes, some it refuses.
 */
const TRACKING_STEPS = [
  'ON BCAST PREFIX a: PREFIX b:',
  'ON BCAST',
  'ON BCAST PREFIX c:',
  'OFF',
  'ON BCAST PREFIX a: PREFIX a:b',
  'ON BCAST PREFIX x:',
  'ON BCAST PREFIX x:y',
  'ON BCAST PREFIX x',
  'ON BCAST PREFIX x: PREFIX z:',
  'ON BCAST PREFIX w: NOLOOP',
  'ON OPTIN',
  'ON',
  'OFF',
  'ON',
  'ON OPTIN',
  'ON OPTOUT',
  'ON',
  'ON OPTOUT NOLOOP',
  'ON OPTIN',
  'ON BCAST',
  'ON PREFIX p:',
  'OFF',
  'ON OPTIN',
  'ON BCAST PREFIX q:',
].map((step) => step.split(' '));

for (const kind of ['valkey', 'redis', 'valkey81', 'redis80', 'valkey91'] as ServerKind[]) {
  server(`${kind}: which CLIENT TRACKING commands change a connection's tracking, and how`, async () => {
    const { server: s, target } = await captureServer(kind, {
      name: 'tracking-facts',
      library: 'iovalkey',
      run: async () => {},
    });
    const client = new Valkey({ host: '127.0.0.1', port: target.port, lazyConnect: true });
    const modes = new ModeRegistry();
    const state = new ClientRegistry(modes, undefined).create('127.0.0.1:1');
    try {
      await client.connect();
      for (const step of TRACKING_STEPS) {
        await client.call('CLIENT', 'TRACKING', ...step).catch(() => 'refused');
        applyClientTracking(state, ['CLIENT', 'TRACKING', ...step], modes);
        const info = (await client.call('CLIENT', 'TRACKINGINFO')) as unknown[];
        const field = (name: string) => info[info.indexOf(name) + 1] as string[];
        const flags = field('flags');
        const server = {
          tracking: flags.includes('on'),
          mode: ['bcast', 'optin', 'optout'].find((mode) => flags.includes(mode)) ?? 'default',
          noloop: flags.includes('noloop'),
          // A bare BCAST holds the empty prefix, which covers every key: the audit keeps no list for it.
          prefixes: field('prefixes').includes('') ? [] : [...field('prefixes')].sort(),
        };
        const audit = {
          tracking: state.tracking,
          mode: state.tracking ? state.mode : 'default',
          noloop: state.tracking && state.noloop,
          prefixes: state.tracking ? [...state.prefixes].sort() : [],
        };
        assert.equal(audit, server, `after CLIENT TRACKING ${step.join(' ')}`);
      }
    } finally {
      client.disconnect();
      s.stop();
    }
  });
}

handshakes.run();
server.run();
