import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  buildTrackingModule,
  freePort,
  requireEnv,
  runCli,
  startValkey,
  type ThrowawayServer,
} from './live-helpers.js';

interface Row {
  command: string;
  cells: Record<string, { state: string; verdict?: { worst: string; source: string } }>;
}
interface ClientsJson {
  servers: { label: string }[];
  libraries: { id: string; commands: Row[] }[];
  metadataGaps: { label: string; gaps: { command: string; missing: string[] }[] }[];
}

const clientsOn = async (args: string[]): Promise<ClientsJson> => {
  const { code, stdout, stderr } = await runCli(['clients', ...args, '--format', 'json']);
  assert.is(stderr, '');
  assert.is(code, 0);
  return JSON.parse(stdout) as ClientsJson;
};
const rows = (report: ClientsJson, id: string) => report.libraries.find((l) => l.id === id)!.commands;
const cellOf = (report: ClientsJson, id: string, command: string) =>
  rows(report, id).find((r) => r.command === command)?.cells[report.servers[0]!.label];

const live = suite('valkey-track clients --url: what each cache keeps on your server');

live(
  'on Valkey 8.0.1 the rule reads the server’s own COMMAND INFO, and node-redis its bundled table',
  async () => {
    const report = await clientsOn([
      '--url',
      requireEnv('VT_VALKEY_URL'),
      '--library',
      'metadata-rule',
      '--library',
      'node-redis-6.3',
    ]);
    assert.match(report.servers[0]!.label, /^valkey 8\.0\.1 at redis:\/\/127\.0\.0\.1:\d+$/);
    assert.is(
      cellOf(report, 'metadata-rule', 'eval_ro')?.verdict?.worst,
      'partial',
      'no script_runner flag on Valkey 8.0',
    );
    assert.is(
      rows(report, 'node-redis-6.3').some((r) => r.command === 'eval_ro'),
      false,
    );
    assert.is(cellOf(report, 'node-redis-6.3', 'memory|usage')?.verdict?.worst, 'partial');
    assert.is(cellOf(report, 'node-redis-6.3', 'json.get')?.state, 'absent');
    assert.equal(
      report.metadataGaps[0]!.gaps.map((g) => g.command),
      ['eval_ro', 'evalsha_ro', 'fcall_ro', 'memory|usage', 'sort_ro', 'xinfo|groups', 'xinfo|stream'],
    );
  },
);

live('on Redis 7.0.15 a script with no declared key is not covered at all', async () => {
  const report = await clientsOn(['--url', requireEnv('VT_REDIS_URL'), '--library', 'rueidis']);
  assert.match(report.servers[0]!.label, /^redis 7\.0\.15 at /);
  assert.is(cellOf(report, 'rueidis', 'eval_ro')?.verdict?.worst, 'none');
  assert.is(cellOf(report, 'rueidis', 'ttl')?.verdict?.worst, 'partial');
});

live('an unreachable server is one line and exit 2', async () => {
  const port = await freePort();
  const { code, stdout, stderr } = await runCli(['clients', '--port', String(port)]);
  assert.is(code, 2);
  assert.is(stdout, '');
  assert.match(
    stderr,
    new RegExp(`^valkey-track: cannot connect to valkey://127\\.0\\.0\\.1:${port}/0: connection refused`),
  );
  assert.is(stderr.trim().split('\n').length, 1);
});

const declared = suite('valkey-track clients --url on a server that declares tracking categories');
let server: ThrowawayServer;
let buildDir: string;
let port: number;
declared.before(async () => {
  buildDir = mkdtempSync(join(tmpdir(), 'vt-module-'));
  const module = buildTrackingModule(buildDir);
  port = await freePort();
  server = startValkey(port, ['--loadmodule', module, '--enable-module-command', 'local']);
});
declared.after(() => {
  server?.stop();
  rmSync(buildDir, { recursive: true, force: true });
});

declared(
  'the rule caches what the server declares partial, and the gap says so; a dont_cache tip keeps it out',
  async () => {
    const report = await clientsOn(['--port', String(port), '--library', 'metadata-rule']);
    const ttl = cellOf(report, 'metadata-rule', 'trackmod.ttl');
    assert.equal(
      [ttl?.state, ttl?.verdict?.worst, ttl?.verdict?.source],
      ['cached', 'partial', 'acl-category'],
    );
    assert.is(cellOf(report, 'metadata-rule', 'trackmod.get')?.verdict?.worst, 'full');
    assert.is(
      cellOf(report, 'metadata-rule', 'trackmod.nocache'),
      undefined,
      'the dont_cache tip is honoured',
    );
    const gap = report.metadataGaps[0]!.gaps.find((g) => g.command === 'trackmod.ttl');
    assert.ok(gap, 'trackmod.ttl is not reported as a gap');
    assert.match(gap!.missing[0]!, /declares it partial \(@tracking_partial\)/);
  },
);

live.run();
declared.run();
