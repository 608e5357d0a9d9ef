import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  runCli,
  startCli,
  startValkey,
  type CliResult,
  type ThrowawayServer,
} from './live-helpers.js';

const oneLine = (result: CliResult, expected: string | RegExp) => {
  assert.is(result.code, 2, result.stderr);
  assert.is(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, expected);
};

/** Every key of every database with its value and TTL, to show what a run left alone. */
const snapshot = (server: ThrowawayServer) => {
  const out: string[] = [];
  for (const db of ['0', '3']) {
    for (const key of server.cli('-n', db, '--scan').split('\n').filter(Boolean).sort()) {
      out.push(
        `${db}/${key}=${server.cli('-n', db, 'DUMP', key).length}/${server.cli('-n', db, 'PTTL', key)}`,
      );
    }
  }
  return out;
};

const safety = suite('verify safety');
let server: ThrowawayServer;

safety.before.each(async () => {
  server = startValkey(await freePort());
});
safety.after.each(() => server.stop());

safety('refuses a database that holds keys and names an empty one', async () => {
  server.cli('SET', 'app:user:1', 'alice');
  oneLine(
    await runCli(['verify', '--port', String(server.port)]),
    /database 0 of valkey:\/\/127\.0\.0\.1:\d+\/0 holds 1 keys and verify writes: choose an empty database with --db N \(database 15 is empty: --db 15\), or pass --beside-data/,
  );
  assert.is(server.cli('GET', 'app:user:1'), 'alice');
});

safety('--beside-data touches nothing outside its own prefix', async () => {
  server.cli('SET', 'app:user:1', 'alice', 'PX', '600000');
  server.cli('HSET', 'app:h', 'f', 'v');
  server.cli('-n', '3', 'SET', 'other-db', 'x');
  server.cli('SET', 'vt-verify', 'a key that merely looks like ours');
  const before = snapshot(server);
  const result = await runCli(['verify', '--port', String(server.port), '--beside-data', '--format', 'json']);
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  assert.ok(JSON.parse(result.stdout).reads.length > 60);
  assert.equal(
    snapshot(server).map((s) => s.replace(/\/\d+$/, '')),
    before.map((s) => s.replace(/\/\d+$/, '')),
  );
  assert.is(server.cli('DBSIZE'), '3');
});

safety('--server-wide refuses a server that holds keys anywhere', async () => {
  server.cli('-n', '5', 'SET', 'precious', '1');
  oneLine(
    await runCli(['verify', '--port', String(server.port), '--db', '0', '--server-wide']),
    /--server-wide changes server config and may flush every database, but .* holds keys \(db5: 1\)/,
  );
});

safety('--server-wide on an empty server of its own runs every recipe and restores the config', async () => {
  const config = () =>
    ['maxmemory', 'maxmemory-policy', 'notify-keyspace-events'].map((p) => server.cli('CONFIG', 'GET', p));
  const before = config();
  const result = await runCli(['verify', '--port', String(server.port), '--server-wide', '--format', 'json']);
  const report = JSON.parse(result.stdout);
  assert.equal(
    report.skipped.filter((s: { reason: string }) => s.reason === 'changes server-wide state'),
    [],
  );
  assert.ok(
    ['script', 'server-state', 'admin'].every((r) => report.coverage.reasons.includes(r)),
    report.coverage.reasons.join(', '),
  );
  assert.equal(config(), before);
  assert.is(server.cli('DBSIZE'), '0');
  assert.is(server.cli('FUNCTION', 'LIST'), '');
});

safety('Ctrl-C stops the run and still removes its keys', async () => {
  const running = startCli(['verify', '--port', String(server.port)]);
  await running.stderrMatches(/verify: [1-9]\d*\/\d+ recipes measured/);
  running.signal('SIGINT');
  const { code, stderr } = await running.result;
  assert.is(code, 130);
  assert.match(stderr, /verify: interrupted; finishing the current recipe and removing its keys/);
  assert.match(
    stderr,
    /valkey-track: verify interrupted; removed \d+ keys under vt-verify:[0-9a-f]{8}:, nothing else was touched/,
  );
  for (const db of ['0', '1', '2', '3', '9'])
    assert.is(server.cli('-n', db, 'DBSIZE'), '0', `database ${db}`);
});

safety('a replica is refused', async () => {
  const replica = startValkey(await freePort(), ['--replicaof', '127.0.0.1', String(server.port)]);
  try {
    oneLine(
      await runCli(['verify', '--port', String(replica.port)]),
      `valkey://127.0.0.1:${replica.port}/0 is a replica, which verify does not support (it writes): run it against a primary (this replica's is 127.0.0.1:${server.port})`,
    );
  } finally {
    replica.stop();
  }
});

safety('a cluster node that serves no slots is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-cluster-'));
  const node = startValkey(await freePort(), [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    join(dir, 'nodes.conf'),
  ]);
  try {
    oneLine(
      await runCli(['verify', '--port', String(node.port)]),
      'serves no slots: point verify at a primary that does',
    );
  } finally {
    node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

safety('a server that goes away mid-run ends the run with one line', async () => {
  const running = startCli(['verify', '--port', String(server.port)]);
  await running.stderrMatches(/verify: 0\/\d+ recipes measured/);
  process.kill(server.pid, 'SIGKILL');
  const result = await running.result;
  assert.is(result.code, 2);
  const lines = result.stderr.trimEnd().split('\n');
  assert.ok(
    lines.slice(0, -1).every((line) => /^verify: \d+\/\d+ recipes measured$/.test(line)),
    result.stderr,
  );
  assert.match(
    lines.at(-1)!,
    /^valkey-track: the server at valkey:\/\/127\.0\.0\.1:\d+\/0 closed the connection while .+; the keys under vt-verify:[0-9a-f]{8}: may remain: delete them with SCAN MATCH vt-verify:[0-9a-f]{8}:\* and UNLINK$/,
  );
});

safety.run();
