import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis as Valkey } from 'iovalkey';
import { requireEnv, testServers } from './live-helpers.js';

// Where the server sends a tracking connection's invalidations, on every server the tests start: the evidence
// behind no-incomplete-invalidation's `trackingUnheard` (ioredis and iovalkey speak only RESP2, and a RESP2
// connection tracking without REDIRECT is sent nothing).
const delivery = suite('invalidation delivery by protocol, on real servers');

const encode = (...parts: string[]) =>
  `*${parts.length}\r\n` + parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('');

/** A raw connection that records every byte the server sends it. */
async function rawConnection(url: string): Promise<{ socket: Socket; received: () => string }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let bytes = '';
  socket.on('data', (chunk) => (bytes += chunk.toString('latin1')));
  await new Promise((done) => socket.once('connect', done));
  return { socket, received: () => bytes };
}

/** Waits until the connection has received `text` (a reply marks that everything before it arrived). */
async function until(received: () => string, text: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!received().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(received())}`);
    await sleep(5);
  }
}

/** Tracks `key` on a raw connection in `protocol`, has another client write it, and returns what arrived after. */
async function afterWrite(url: string, protocol: 2 | 3, key: string): Promise<string> {
  const reader = await rawConnection(url);
  const writer = new Valkey(url);
  try {
    if (protocol === 3) reader.socket.write(encode('HELLO', '3'));
    reader.socket.write(encode('CLIENT', 'TRACKING', 'ON') + encode('GET', key) + encode('ECHO', 'tracked'));
    await until(reader.received, 'tracked');
    const before = reader.received().length;
    await writer.set(key, 'changed');
    // The server writes an invalidation before it answers the next command of the same connection.
    reader.socket.write(encode('ECHO', 'after-write'));
    await until(reader.received, 'after-write');
    return reader.received().slice(before);
  } finally {
    await writer.del(key);
    writer.disconnect();
    reader.socket.destroy();
  }
}

for (const server of testServers) {
  delivery(`${server.name}: RESP2 without REDIRECT is sent nothing, RESP3 gets the push`, async () => {
    const url = requireEnv(server.variable);
    const key = `vt:test:delivery:${server.version}:${process.pid}`;
    const resp2 = await afterWrite(url, 2, key);
    assert.is(resp2, '$11\r\nafter-write\r\n');
    const resp3 = await afterWrite(url, 3, key);
    assert.ok(resp3.startsWith('>2\r\n$10\r\ninvalidate\r\n'), JSON.stringify(resp3));
    assert.ok(resp3.includes(key));
  });

  delivery(`${server.name}: iovalkey with REDIRECT to a subscriber hears the key`, async () => {
    const url = requireEnv(server.variable);
    const key = `vt:test:delivery:redirect:${server.version}:${process.pid}`;
    const reader = new Valkey(url);
    const subscriber = new Valkey(url);
    const writer = new Valkey(url);
    try {
      const subscriberId = await subscriber.client('ID');
      const heard = new Promise<[string, string]>((done) =>
        subscriber.on('message', (channel: string, message: string) => done([channel, message])),
      );
      await subscriber.subscribe('__redis__:invalidate');
      await reader.client('TRACKING', 'ON', 'REDIRECT', String(subscriberId));
      await reader.get(key);
      await writer.set(key, 'changed');
      assert.equal(await heard, ['__redis__:invalidate', key]);
    } finally {
      await writer.del(key);
      reader.disconnect();
      writer.disconnect();
      subscriber.disconnect();
    }
  });
  // The evidence behind `redirectUnheard`: a RESP2 REDIRECT target is sent invalidations only while it is
  // subscribed (to any channel); one that never subscribes is sent nothing.
  delivery(`${server.name}: a REDIRECT target that subscribes to nothing is sent nothing`, async () => {
    const url = requireEnv(server.variable);
    const key = `vt:test:delivery:unheard:${server.version}:${process.pid}`;
    const heardBy = async (subscribeFirst: boolean): Promise<string> => {
      const target = await rawConnection(url);
      const reader = new Valkey(url);
      const writer = new Valkey(url);
      try {
        target.socket.write(encode('CLIENT', 'ID'));
        await until(target.received, '\r\n');
        const id = /^:(\d+)\r\n/.exec(target.received())![1]!;
        if (subscribeFirst) {
          target.socket.write(encode('SUBSCRIBE', 'vt:unrelated'));
          await until(target.received, 'vt:unrelated');
        }
        await reader.client('TRACKING', 'ON', 'REDIRECT', id);
        await reader.get(key);
        const before = target.received().length;
        await writer.set(key, 'changed');
        // PING answers in subscribed mode too; whatever the server sent before it has arrived.
        target.socket.write(encode('PING', 'after-write'));
        await until(target.received, 'after-write');
        return target.received().slice(before);
      } finally {
        await writer.del(key);
        reader.disconnect();
        writer.disconnect();
        target.socket.destroy();
      }
    };
    assert.is(await heardBy(false), '$11\r\nafter-write\r\n');
    const subscribed = await heardBy(true);
    assert.ok(
      subscribed.startsWith('*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n'),
      JSON.stringify(subscribed),
    );
    assert.ok(subscribed.includes(key));
  });
}

delivery.run();
