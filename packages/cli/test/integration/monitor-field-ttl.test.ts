import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { monitorStarted, requireEnv, runCli, type ServerVariable } from './live-helpers.js';

const Valkey = createRequire(import.meta.url)('iovalkey') as typeof import('iovalkey').default;
type Client = InstanceType<typeof Valkey>;

interface Finding {
  rule: string;
  shape: string;
  reasons: string[];
  count: number;
  example?: string;
}
interface Report {
  findings: Finding[];
  notes: string[];
  input: { server?: string };
}

/**
 * A MONITOR capture on a raw connection, written as `valkey-cli monitor` writes it (the status replies
 * without their `+` and `\r`): `started` resolves once the server has said OK.
 */
function captureToText(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  let raw = '';
  let ok: () => void;
  const started = new Promise<void>((resolve) => (ok = resolve));
  socket.write('MONITOR\r\n');
  socket.on('data', (chunk) => {
    raw += chunk.toString('latin1');
    if (raw.startsWith('+OK\r\n')) ok();
  });
  return {
    started,
    stop: () =>
      new Promise<string>((resolve) =>
        socket.end(() =>
          resolve(
            raw
              .split('\r\n')
              .slice(1)
              .filter((l) => l.startsWith('+'))
              .map((l) => `${l.slice(1)}\n`)
              .join(''),
          ),
        ),
      ),
  };
}

/** The hash reads found partial because of field TTLs, as `SHAPE count`. */
const fieldExpiry = (report: Report) =>
  report.findings
    .filter((f) => f.reasons.includes('field-expiry'))
    .map((f) => `${f.shape} ${f.count}`)
    .sort();

/**
 * A session service and a request handler, as an app on Valkey 9 or Redis 8 has them: the service writes
 * sessions with field TTLs (HSETEX ... EX, HEXPIRE) and plain profiles (HSET), and logs a user out (DEL);
 * the handler reads both through a cache under CLIENT TRACKING.
 */
async function sessionTraffic(service: Client, handler: Client, prefix: string): Promise<void> {
  const session = `${prefix}session:1`;
  const cart = `${prefix}cart:1`;
  const profile = `${prefix}profile:1`;
  await service.call('HSETEX', session, 'EX', '600', 'FIELDS', '2', 'user', '17', 'csrf', 'abc');
  await service.hset(cart, 'sku-1', '2');
  await service.call('HEXPIRE', cart, '600', 'FIELDS', '1', 'sku-1');
  await service.hset(profile, 'name', 'Ada');
  await handler.hgetall(session);
  await handler.hget(cart, 'sku-1');
  await handler.hgetall(profile);
  await service.del(session);
  await handler.hgetall(session);
}

const fieldTtl = suite('MONITOR audit on servers with hash field expiry (Valkey 9.1, Redis 8.0)');

for (const [name, label] of [
  ['VT_VALKEY91_URL', 'valkey@9.1'],
  ['VT_REDIS80_URL', 'redis@8.0'],
] as [ServerVariable, string][]) {
  fieldTtl(
    `${name}: reads of keys given field TTLs are partial, live and from a file; not on a version without them`,
    async () => {
      const url = requireEnv(name);
      const prefix = `vt-field-ttl:${process.pid}:${Date.now()}:`;
      const service = new Valkey(url, { lazyConnect: true });
      const handler = new Valkey(url, { lazyConnect: true });
      const dir = mkdtempSync(join(tmpdir(), 'vt-field-ttl-'));
      await service.connect();
      await handler.connect();
      try {
        // The log's capture sees the handler turn tracking on; the live one finds it in CLIENT LIST.
        const file = captureToText(url);
        await file.started;
        await handler.call('CLIENT', 'TRACKING', 'ON');
        const live = runCli(['audit', '--live', '--url', url, '--duration', '3s', '--format', 'json']);
        await monitorStarted(service, 20_000, 2);
        await sessionTraffic(service, handler, prefix);
        const result = await live;
        const log = await file.stop();
        assert.ok(result.code === 1, result.stderr);
        const report = JSON.parse(result.stdout) as Report;
        // HGETALL of the session before the logout, HGET of the cart; not the profile, not after DEL.
        assert.equal(fieldExpiry(report), ['HGET 1', 'HGETALL 1']);
        assert.match(report.input.server ?? '', new RegExp(`^${label.replace('@', ' ')}`));
        assert.not.ok(
          report.notes.some((n) => n.includes('worst case')),
          report.notes.join('\n'),
        );

        const path = join(dir, 'monitor.log');
        writeFileSync(path, log, 'latin1');
        const fromFile = async (...args: string[]) =>
          JSON.parse(
            (await runCli(['audit', '--monitor', path, '--format', 'json', ...args])).stdout,
          ) as Report;
        assert.equal(fieldExpiry(await fromFile('--server', label)), ['HGET 1', 'HGETALL 1']);
        assert.equal(fieldExpiry(await fromFile()), ['HGET 1', 'HGETALL 1'], 'worst case of every version');
        // The same commands on a server without field expiry: nothing to find.
        const older = label.startsWith('valkey') ? 'valkey@8.1' : 'redis@7.0';
        assert.equal(fieldExpiry(await fromFile('--server', older)), []);
      } finally {
        await service.del(`${prefix}session:1`, `${prefix}cart:1`, `${prefix}profile:1`);
        service.disconnect();
        handler.disconnect();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}

fieldTtl.run();

const versions = suite('audit --live answers for the version of the server it captures');

// Redis 7.0 remembers only the keys a script declares; Redis 8.0 also the ones it reads undeclared.
const SCRIPT = "return redis.call('GET', KEYS[1])";

for (const [name, undeclared] of [
  ['VT_REDIS_URL', true],
  ['VT_REDIS80_URL', false],
] as [ServerVariable, boolean][]) {
  versions(`${name}: a cached EVAL is ${undeclared ? '' : 'not '}partial for undeclared keys`, async () => {
    const url = requireEnv(name);
    const client = new Valkey(url, { lazyConnect: true });
    await client.connect();
    try {
      await client.call('CLIENT', 'TRACKING', 'ON');
      const live = runCli(['audit', '--live', '--url', url, '--duration', '2s', '--format', 'json']);
      await monitorStarted(client);
      await client.eval(SCRIPT, 1, `vt-live-version:${process.pid}`);
      const result = await live;
      const report = JSON.parse(result.stdout) as Report;
      const evalRead = report.findings.find((f) => f.shape === 'EVAL');
      assert.ok(evalRead, result.stdout);
      assert.is(evalRead.reasons.includes('undeclared-keys'), undeclared, evalRead.reasons.join(','));
    } finally {
      client.disconnect();
    }
  });
}

versions.run();
