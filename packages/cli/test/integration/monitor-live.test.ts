import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { monitorStarted, requireEnv, runCli } from './live-helpers.js';

const Valkey = createRequire(import.meta.url)('iovalkey') as typeof import('iovalkey').default;

const live = suite('valkey-track audit --live (real servers)');

for (const name of ['VT_VALKEY_URL', 'VT_REDIS_URL'] as const) {
  live(
    `${name}: finds KEYS of a client that tracked before the capture and of one that starts during it`,
    async () => {
      const url = requireEnv(name);
      const before = new Valkey(url, { lazyConnect: true });
      const during = new Valkey(url, { lazyConnect: true });
      await before.connect();
      await during.connect();
      try {
        await before.call('CLIENT', 'TRACKING', 'on');
        const audit = runCli(['audit', '--live', '--url', url, '--duration', '1500ms', '--format', 'json']);
        await monitorStarted(before);
        await before.keys('vt-monitor-live:*');
        await during.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'vt-monitor-live:');
        await during.keys('*');
        await during.keys('vt-monitor-live:*');
        const result = await audit;
        assert.is(result.code, 1, result.stderr);
        const report = JSON.parse(result.stdout);
        assert.match(report.inputs[0], /^live /);
        const keys = report.findings
          .filter((f: { command: string }) => f.command === 'keys')
          .map((f: { mode: string; count: number }) => `${f.mode} ${f.count}`)
          .sort();
        assert.equal(keys, ['bcast PREFIX vt-monitor-live: 1', 'default 1']);
        assert.ok(report.notes.some((n: string) => n.includes('CLIENT LIST')));
        assert.match(report.input.server, name === 'VT_VALKEY_URL' ? /^valkey 8\./ : /^redis 7\./);
        assert.ok(report.timeline.commands.reduce((a: number, b: number) => a + b, 0) >= 3);
      } finally {
        before.disconnect();
        during.disconnect();
      }
    },
  );
}

for (const [name, server] of [
  ['VT_VALKEY_URL', /^valkey 8\./],
  ['VT_REDIS_URL', /^redis 7\./],
] as const) {
  live(`${name}: --format html names the server and charts the capture`, async () => {
    const url = requireEnv(name);
    const client = new Valkey(url, { lazyConnect: true });
    await client.connect();
    try {
      await client.call('CLIENT', 'TRACKING', 'on');
      // Both captures start when their process is up, which takes a while on a loaded machine: read until
      // both are done, so each sees reads whatever its start.
      let done = false;
      const json = runCli(['audit', '--live', '--url', url, '--duration', '1500ms', '--format', 'json']);
      const page = runCli(['audit', '--live', '--url', url, '--duration', '1500ms', '--format', 'html']);
      const both = Promise.all([json, page]).finally(() => (done = true));
      while (!done) {
        await client.keys('vt-monitor-live-html:*');
        await sleep(100);
      }
      const [jsonResult, html] = await both;
      const report = JSON.parse(jsonResult.stdout);
      assert.match(report.input.server, server);
      assert.ok(report.input.bytes > 0);
      assert.ok(report.timeline.commands.reduce((a: number, b: number) => a + b, 0) >= 1);
      assert.is(html.code, 1, html.stderr);
      assert.ok(html.stdout.startsWith('<!doctype html>'));
      const serverCell = /Server<\/dt>\s*<dd>([^<]*)</.exec(html.stdout)?.[1]?.trim() ?? '';
      assert.match(serverCell, server);
      assert.match(html.stdout, /<tbody\s+class="finding"/);
    } finally {
      client.disconnect();
    }
  });
}

live('an unreachable server is a one-line error, exit 2', async () => {
  const result = await runCli(['audit', '--live', '--url', 'redis://127.0.0.1:1', '--duration', '1s']);
  assert.is(result.code, 2);
  assert.is(result.stderr.trim().split('\n').length, 1);
});

live.run();
