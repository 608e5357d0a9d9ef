import { createRequire } from 'node:module';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { requireEnv, testServers } from './live-helpers.js';

// The evidence behind no-incomplete-invalidation's `subscriberGetsPushes`: ioredis 6 and node-redis 6 speak RESP3
// unless told otherwise (`protocol: 2`, `RESP: 2`), the server sends the invalidations a REDIRECT points at a RESP3
// connection as `invalidate` pushes, and neither hands those to a pub/sub listener: the RESP2 recipe hears nothing.
type Redis6 = import('ioredis').Redis;
const Redis = createRequire(import.meta.url)('ioredis6') as new (url: string, options?: object) => Redis6;

const delivery = suite('ioredis 6 and node-redis 6: the REDIRECT recipe by protocol, on real servers');

interface NodeRedis6 {
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  clientId(): Promise<number>;
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
  ping(): Promise<unknown>;
  subscribe(channel: string, listener: (keys: string[] | null) => void): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
}
const { createClient } = createRequire(import.meta.url)('redis64') as {
  createClient(options: object): NodeRedis6;
};

/** Runs the recipe with `options` on every connection; returns the messages its subscriber heard. */
async function recipe(url: string, key: string, options: object): Promise<string[][]> {
  const subscriber = new Redis(url, options);
  const reader = new Redis(url, options);
  const writer = new Redis(url, options);
  const heard: string[][] = [];
  try {
    const id = await subscriber.client('ID');
    subscriber.on('message', (channel: string, message: string) => heard.push([channel, message]));
    await subscriber.subscribe('__redis__:invalidate');
    await reader.client('TRACKING', 'ON', 'REDIRECT', String(id));
    await reader.get(key);
    await writer.set(key, 'changed');
    // The server queues the invalidation on the subscriber's connection while it runs SET: a reply the
    // subscriber reads after it comes after the invalidation.
    await subscriber.ping();
    return heard;
  } finally {
    await writer.del(key);
    for (const connection of [subscriber, reader, writer]) connection.disconnect();
  }
}

/** The same recipe on node-redis 6.4: a subscriber's listener on `__redis__:invalidate`, tracking redirected to it. */
async function nodeRedisRecipe(url: string, key: string, options: object): Promise<unknown[]> {
  const [subscriber, reader, writer] = [0, 1, 2].map(() => createClient({ url, ...options }));
  await Promise.all([subscriber!.connect(), reader!.connect(), writer!.connect()]);
  const heard: unknown[] = [];
  try {
    const id = await subscriber!.clientId();
    await subscriber!.subscribe('__redis__:invalidate', (keys) => heard.push(keys));
    await reader!.sendCommand(['CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(id)]);
    await reader!.get(key);
    await writer!.set(key, 'changed');
    // A subscribed RESP2 connection answers PING too; the invalidation came before its reply.
    await subscriber!.sendCommand(['PING']).catch(() => undefined);
    await new Promise((done) => setTimeout(done, 50));
    return heard;
  } finally {
    await writer!.del(key);
    await Promise.all([subscriber!.close(), reader!.close(), writer!.close()]);
  }
}

for (const server of testServers) {
  delivery(`${server.name}: default options (RESP3) hear nothing, protocol: 2 hears the key`, async () => {
    const url = requireEnv(server.variable);
    const key = `vt:test:ioredis6:${server.version}:${process.pid}`;
    assert.equal(await recipe(url, key, {}), []);
    assert.equal(await recipe(url, key, { protocol: 2 }), [['__redis__:invalidate', key]]);
  });
  delivery(`${server.name}: node-redis 6 hears nothing by default, the key with RESP: 2`, async () => {
    const url = requireEnv(server.variable);
    const key = `vt:test:node-redis6:${server.version}:${process.pid}`;
    assert.equal(await nodeRedisRecipe(url, key, {}), []);
    assert.equal(await nodeRedisRecipe(url, key, { RESP: 2 }), [[key]]);
  });
}

delivery.run();
