import { ClientSideCache, GlideClient, Logger, ProtocolVersion } from '@valkey/valkey-glide';
import { Redis } from 'iovalkey';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clientLibrary, normalizeMetadata } from '../../src/index.js';
import { runPrefix, serversUnderTest } from './helpers/servers-under-test.js';

// valkey-glide's cacheable set is compiled into its native module: measure it. The cache counts a lookup for
// every command it would cache, before the command is sent, so every readonly command of the live server is
// sent once (with a key of this run's own, read-only commands only) and the lookup counter says which it kept.

Logger.setLoggerConfig('off');
const valkey = serversUnderTest().find((s) => s.kind === 'valkey')!;
const { hostname, port } = new URL(valkey.url);
const prefix = runPrefix();

const glide = (serverAssisted: boolean) =>
  GlideClient.createClient({
    addresses: [{ host: hostname, port: Number(port) }],
    protocol: ProtocolVersion.RESP3,
    clientSideCache: ClientSideCache.create(1024, 60_000, { enableMetrics: true, serverAssisted }),
  });

const glideSuite = suite('valkey-glide client-side cache on a live Valkey');
let plain: Redis;
glideSuite.before(async () => {
  plain = new Redis(valkey.url);
});
glideSuite.after(async () => {
  const keys = await plain.keys(`${prefix}*`);
  if (keys.length > 0) await plain.del(...keys);
  plain.disconnect();
});

glideSuite(
  'it caches exactly the commands the model lists, typed method or customCommand alike',
  async () => {
    const metadata = normalizeMetadata('valkey', '', await plain.call('COMMAND', 'INFO'), []);
    const readonly = Object.values(metadata.commands)
      .filter((c) => c.flags.includes('readonly'))
      .map((c) => c.name);
    assert.ok(readonly.length > 50, 'the server reported too few readonly commands');
    const client = await glide(false);
    try {
      const cached: string[] = [];
      for (const name of readonly) {
        const before = await client.getCacheTotalLookups();
        try {
          await client.customCommand([...name.toUpperCase().split('|'), `${prefix}probe`]);
        } catch {
          // Most commands want other arguments; the lookup happens before the server answers.
        }
        if ((await client.getCacheTotalLookups()) > before) cached.push(name);
      }
      assert.equal(cached.sort(), [...clientLibrary('valkey-glide-ttl')!.cached!].sort());
      const before = await client.getCacheTotalLookups();
      await client.get(`${prefix}probe`);
      assert.ok(
        (await client.getCacheTotalLookups()) > before,
        'the typed get() did not go through the cache',
      );
    } finally {
      client.close();
    }
  },
);

glideSuite(
  'without serverAssisted it turns no tracking on and serves a stale value after another client writes',
  async () => {
    const key = `${prefix}ttl-only`;
    await plain.set(key, 'v1');
    const client = await glide(false);
    try {
      const info = JSON.stringify(await client.customCommand(['CLIENT', 'TRACKINGINFO']));
      assert.match(info, /"off"/);
      assert.is(String(await client.get(key)), 'v1');
      await plain.set(key, 'v2');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.is(
        String(await client.get(key)),
        'v1',
        'the TTL-only cache should still hold v1: nothing invalidates it',
      );
      assert.is(clientLibrary('valkey-glide-ttl')!.tracking.mode, 'off');
    } finally {
      client.close();
    }
  },
);

glideSuite(
  'with serverAssisted it tracks in BCAST with no prefix and drops the entry when another client writes',
  async () => {
    const key = `${prefix}assisted`;
    await plain.set(key, 'v1');
    const client = await glide(true);
    try {
      const info = JSON.stringify(await client.customCommand(['CLIENT', 'TRACKINGINFO']));
      assert.match(info, /"bcast"/);
      assert.match(info, /"prefixes","value":\[""\]/);
      assert.is(String(await client.get(key)), 'v1');
      await plain.set(key, 'v2');
      let seen = 'v1';
      for (let i = 0; i < 50 && seen === 'v1'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen = String(await client.get(key));
      }
      assert.is(seen, 'v2', 'the invalidation never reached the cache');
    } finally {
      client.close();
    }
  },
);

glideSuite.run();
