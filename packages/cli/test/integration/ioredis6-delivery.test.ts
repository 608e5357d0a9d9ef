import { createRequire } from 'node:module';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { requireEnv, testServers } from './live-helpers.js';

// The evidence behind no-incomplete-invalidation's `subscriberGetsPushes`: ioredis 6 speaks RESP3 unless created
// with `protocol: 2`, the server sends the invalidations a REDIRECT points at a RESP3 connection as `invalidate`
// pushes, and ioredis 6 passes on only pub/sub pushes, so the RESP2 recipe's `message` listener hears nothing.
type Redis6 = import('ioredis').Redis;
const Redis = createRequire(import.meta.url)('ioredis6') as new (url: string, options?: object) => Redis6;

const delivery = suite('ioredis 6: the REDIRECT recipe by protocol, on real servers');

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

for (const server of testServers) {
  delivery(`${server.name}: default options (RESP3) hear nothing, protocol: 2 hears the key`, async () => {
    const url = requireEnv(server.variable);
    const key = `vt:test:ioredis6:${server.version}:${process.pid}`;
    assert.equal(await recipe(url, key, {}), []);
    assert.equal(await recipe(url, key, { protocol: 2 }), [['__redis__:invalidate', key]]);
  });
}

delivery.run();
