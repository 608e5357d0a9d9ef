/**
 * How each client library starts a connection and turns client-side caching on, run against a real server
 * while MONITOR records it. The integration suite derives the audit's handshake rules from these captures,
 * and `packages/cli/scripts/capture-client-handshakes.ts` checks them into fixtures/monitor/clients.
 *
 * Every scenario is written the way the library's own docs set caching up (node-redis 5 and valkey-glide
 * with their built-in client-side cache; iovalkey, ioredis and node-redis 4, which have none, with
 * `CLIENT TRACKING on REDIRECT` to a subscriber, the RESP2 recipe of https://valkey.io/topics/client-side-caching/),
 * then reads what an app caches beside what tracking cannot protect (TTL, SRANDMEMBER, OBJECT IDLETIME), and
 * then does what the library does on its own to a live connection: reconnect, RESET, SELECT, re-AUTH.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ThrowawayKind } from './live-helpers.js';

const require = createRequire(import.meta.url);

/** Any of the five test servers (live-helpers' throwaway kinds). */
export type ServerKind = ThrowawayKind;

export interface Target {
  kind: ServerKind;
  port: number;
  /** The server's `requirepass`, when the scenario needs one. */
  password?: string;
  /** Changes the server's password (CONFIG SET requirepass), for scenarios that re-authenticate. */
  setPassword(password: string): void;
}

export interface Scenario {
  /** File name stem and test name: the npm package and what it does. */
  name: string;
  library: string;
  /** The server needs a password from the start. */
  password?: string;
  run(target: Target): Promise<void>;
}

const host = '127.0.0.1';
/** Keys every scenario reads; the capture's writer sets them first. */
export const keys = { string: 'vt:user:1', set: 'vt:tags' } as const;

type IoClient = import('iovalkey').default;
type IoClientClass = new (options: Record<string, unknown>) => IoClient;

/** iovalkey and ioredis share one API (ioredis is iovalkey's upstream). */
/** `extra`: options of every connection (ioredis 6 needs `protocol: 2` for the recipe to hear anything). */
function ioScenario(name: string, library: 'iovalkey' | 'ioredis' | 'ioredis6', extra = {}): Scenario {
  return {
    name,
    library,
    async run({ port }) {
      const Client = require(library) as IoClientClass;
      const options = { host, port, db: 2, connectionName: 'cache-app', lazyConnect: true, ...extra };
      const subscriber = new Client({ ...options, connectionName: 'cache-invalidations' });
      await subscriber.connect();
      const subscriberId = String(await subscriber.client('ID'));
      await subscriber.subscribe('__redis__:invalidate');
      const app = new Client(options);
      // Tracking is per connection: turn it on again on every (re)connection, before any read.
      app.on('ready', () => void app.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', subscriberId));
      await app.connect();
      await sleep(50);
      await app.get(keys.string);
      await app.ttl(keys.string);
      await app.srandmember(keys.set);
      await app.call('OBJECT', 'IDLETIME', keys.string);
      // A dropped connection: the library reconnects on a new socket and replays its handshake.
      const ready = new Promise((resolve) => app.once('ready', resolve));
      app.disconnect(true);
      await ready;
      await sleep(50);
      await app.get(keys.string);
      await app.ttl(keys.string);
      await app.quit();
      await subscriber.quit();
    },
  };
}

interface NodeRedisClient {
  connect(): Promise<unknown>;
  get(key: string): Promise<unknown>;
  ttl(key: string): Promise<unknown>;
  sRandMember(key: string): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
  select(db: number): Promise<unknown>;
  reset(): Promise<unknown>;
  subscribe(channel: string, listener: () => void): Promise<unknown>;
  clientId(): Promise<number>;
  quit(): Promise<unknown>;
  close(): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}
type CreateClient = (options: Record<string, unknown>) => NodeRedisClient;

const nodeRedis4: Scenario = {
  name: 'node-redis-4',
  library: 'redis4',
  async run({ port }) {
    const { createClient } = require('redis4') as { createClient: CreateClient };
    const options = { url: `redis://${host}:${port}/2`, name: 'cache-app' };
    const subscriber = createClient({ ...options, name: 'cache-invalidations' });
    subscriber.on('error', () => {});
    await subscriber.connect();
    const subscriberId = await subscriber.clientId();
    await subscriber.subscribe('__redis__:invalidate', () => {});
    const app = createClient(options);
    app.on('error', () => {});
    await app.connect();
    await app.sendCommand(['CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(subscriberId)]);
    await app.get(keys.string);
    await app.ttl(keys.string);
    await app.sRandMember(keys.set);
    await app.sendCommand(['OBJECT', 'IDLETIME', keys.string]);
    await app.quit();
    await subscriber.quit();
  },
};

const nodeRedis5: Scenario = {
  name: 'node-redis-5',
  library: 'redis5',
  async run({ port }) {
    const { createClient } = require('redis5') as { createClient: CreateClient };
    // node-redis 5's own client-side cache: RESP3, CLIENT TRACKING ON in the handshake.
    const app = createClient({
      url: `redis://${host}:${port}/2`,
      name: 'cache-app',
      RESP: 3,
      clientSideCache: { ttl: 0, maxEntries: 0 },
    });
    app.on('error', () => {});
    await app.connect();
    await app.get(keys.string);
    await app.get(keys.string);
    await app.ttl(keys.string);
    await app.sRandMember(keys.set);
    await app.sendCommand(['OBJECT', 'IDLETIME', keys.string]);
    // SELECT on a live connection: the same connection, still tracking.
    await app.select(3);
    await app.ttl(keys.string);
    // What RedisClientPool does to a client returned dirty: RESET, then the whole handshake again.
    await app.reset();
    await app.ttl(keys.string);
    await app.close();
  },
};

/** A node-redis 6.4 client, as far as the scenario uses it. */
interface NodeRedis64Client {
  on(event: 'error', listener: () => void): void;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  get(key: string): Promise<unknown>;
  ttl(key: string): Promise<unknown>;
  sRandMember(key: string): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
  withCommandOptions(options: { cache: boolean }): NodeRedis64Client;
}

const nodeRedis64: Scenario = {
  name: 'node-redis-6.4',
  library: 'redis64',
  async run({ port }) {
    const { createClient } = require('redis64') as {
      createClient: (options: Record<string, unknown>) => NodeRedis64Client;
    };
    const connect = async (name: string, trackingMode: string) => {
      const client = createClient({
        url: `redis://${host}:${port}/2`,
        name,
        RESP: 3,
        clientSideCache: { trackingMode },
      });
      client.on('error', () => {});
      await client.connect();
      return client;
    };
    // OPTIN: `CLIENT CACHING YES` goes only before the reads the cache keeps; the others go unremembered.
    const optin = await connect('cache-optin', 'optin');
    await optin.withCommandOptions({ cache: true }).get(keys.string);
    await optin.ttl(keys.string);
    await optin.sRandMember(keys.set);
    await optin.sendCommand(['OBJECT', 'IDLETIME', keys.string]);
    // OPTOUT: `CLIENT CACHING NO` before each keyed read the cache does not keep; `sendCommand` sends none.
    const optout = await connect('cache-optout', 'optout');
    await optout.get(keys.string);
    await optout.ttl(keys.string);
    await optout.sRandMember(keys.set);
    await optout.withCommandOptions({ cache: false }).get(keys.string);
    await optout.sendCommand(['OBJECT', 'IDLETIME', keys.string]);
    await optin.close();
    await optout.close();
  },
};

interface GlideClientLike {
  get(key: string): Promise<unknown>;
  ttl(key: string): Promise<unknown>;
  srandmember(key: string): Promise<unknown>;
  customCommand(args: string[]): Promise<unknown>;
  updateConnectionPassword(password: string | null, immediateAuth?: boolean): Promise<unknown>;
  close(): void;
}

function glideScenario(name: string, reauthenticate: boolean): Scenario {
  return {
    name,
    library: '@valkey/valkey-glide',
    ...(reauthenticate ? { password: 'first-secret' } : {}),
    async run(target) {
      const glide = require('@valkey/valkey-glide') as {
        GlideClient: { createClient(options: Record<string, unknown>): Promise<GlideClientLike> };
        ClientSideCache: { create(maxKb: number, ttlMs: number, options: object): unknown };
        ProtocolVersion: { RESP3: unknown };
      };
      // valkey-glide 2.5's server-assisted cache: CLIENT TRACKING ON BCAST during the connection set-up.
      const app = await glide.GlideClient.createClient({
        addresses: [{ host, port: target.port }],
        databaseId: 2,
        clientName: 'cache-app',
        protocol: glide.ProtocolVersion.RESP3,
        clientSideCache: glide.ClientSideCache.create(1024, 0, { serverAssisted: true }),
        ...(target.password ? { credentials: { password: target.password } } : {}),
      });
      await app.get(keys.string);
      await app.get(keys.string);
      await app.ttl(keys.string);
      await app.srandmember(keys.set);
      await app.customCommand(['OBJECT', 'IDLETIME', keys.string]);
      if (reauthenticate) {
        // A rotated password, applied to the live connection with AUTH (BaseClient.updateConnectionPassword).
        target.setPassword('second-secret');
        await app.updateConnectionPassword('second-secret', true);
        await app.ttl(keys.string);
      }
      app.close();
    },
  };
}

export const scenarios: readonly Scenario[] = [
  ioScenario('iovalkey', 'iovalkey'),
  ioScenario('ioredis', 'ioredis'),
  ioScenario('ioredis-6', 'ioredis6', { protocol: 2 }),
  ioScenario('ioredis-6-resp3', 'ioredis6'),
  nodeRedis4,
  nodeRedis5,
  nodeRedis64,
  glideScenario('valkey-glide', false),
  glideScenario('valkey-glide-reauth', true),
];

// The host's valkey-cli talks to the servers in the Debian roots too.
export const cliOf: Record<ServerKind, string> = {
  valkey: 'valkey-cli',
  redis: 'redis-cli',
  valkey81: 'valkey-cli',
  redis80: 'valkey-cli',
  valkey91: 'valkey-cli',
};

/**
 * Runs one scenario while `valkey-cli monitor` (or `redis-cli monitor`) records the server, and returns what
 * it printed, byte for byte. A writer sets the keys the scenario reads first; the capture ends at a marker
 * command, so nothing the scenario sent is cut off.
 */
export async function capture(scenario: Scenario, target: Target): Promise<string> {
  const auth = () => (target.password ? ['--no-auth-warning', '-a', target.password] : []);
  const cli = (...args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(cliOf[target.kind], ['-h', host, '-p', String(target.port), ...auth(), ...args], {
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('close', () => resolve());
    });
  await cli('-n', '2', 'SET', keys.string, 'ada');
  await cli('-n', '2', 'SADD', keys.set, 'a', 'b', 'c');
  const monitor = spawn(cliOf[target.kind], ['-h', host, '-p', String(target.port), ...auth(), 'monitor'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const seen = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`MONITOR never showed ${text}`)), 10_000);
      const check = () => {
        if (!out.includes(text)) return;
        clearTimeout(deadline);
        monitor.stdout.off('data', check);
        resolve();
      };
      monitor.stdout.on('data', check);
      check();
    });
  monitor.stdout.setEncoding('latin1');
  monitor.stdout.on('data', (chunk: string) => (out += chunk));
  await seen('OK');
  try {
    await scenario.run(target);
    const marker = `vt-capture-end-${scenario.name}`;
    await cli('ECHO', marker);
    await seen(marker);
  } finally {
    monitor.kill();
  }
  // The capture is what a user hands to the audit: everything up to the marker line.
  const lines = out.split('\n');
  const end = lines.findIndex((l) => l.includes('vt-capture-end-'));
  return `${lines.slice(0, end).join('\n')}\n`;
}
