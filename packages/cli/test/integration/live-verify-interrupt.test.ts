import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, type Socket } from 'node:net';
import { freePort, runCli, startCli, startValkey, type ThrowawayServer } from './live-helpers.js';

/** The databases verify writes to: its own, and the one MOVE and SWAPDB recipes use. */
const databases = ['0', '1'];
const keyCount = (server: ThrowawayServer) =>
  databases.map((db) => Number(server.cli('-n', db, 'DBSIZE'))).reduce((a, b) => a + b, 0);

/** A connection named like a verify run's, held open: to the next run, that run is still going. */
function pretendRunning(port: number, id: string): Promise<Socket> {
  return new Promise((done, fail) => {
    const name = `valkey-track-verify-${id}`;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$${name.length}\r\n${name}\r\n`);
    });
    socket.once('data', (reply) =>
      reply.toString() === '+OK\r\n' ? done(socket) : fail(new Error(String(reply))),
    );
    socket.once('error', fail);
  });
}

const interrupt = suite('verify interrupted twice, or killed');
let server: ThrowawayServer;

interrupt.before.each(async () => {
  server = startValkey(await freePort());
});
interrupt.after.each(() => server.stop());

interrupt('a second Ctrl-C drops the recipe in flight and still removes every key of the run', async () => {
  const running = startCli(['verify', '--port', String(server.port)]);
  await running.stderrMatches(/verify: [1-9]\d*\/\d+ recipes measured/);
  // Held by the server, the recipe in flight cannot finish before the second Ctrl-C: without the pause, a
  // short recipe and the cleanup could end the run first and the second signal would find no process.
  server.cli('CLIENT', 'PAUSE', '1500', 'ALL');
  running.signal('SIGINT');
  await running.stderrMatches(/verify: interrupted;/);
  running.signal('SIGINT');
  const { code, stderr } = await running.result;
  assert.is(code, 130, stderr);
  assert.match(
    stderr,
    'verify: stopping now and removing the keys of the run (Ctrl-C again to quit without removing them)',
  );
  assert.match(
    stderr,
    /valkey-track: verify interrupted; removed \d+ keys under vt-verify:[0-9a-f]{8}:, nothing else was touched\n$/,
  );
  assert.is(keyCount(server), 0);
});

interrupt(
  'the next run removes what an interrupted run left, says so, and leaves a running run alone',
  async () => {
    // What a run killed mid-recipe leaves: keys under its prefix, in its database and in database 1.
    server.cli('SET', 'vt-verify:0badc0de:get:k', 'v');
    server.cli('RPUSH', 'vt-verify:0badc0de:lrange:l', 'a', 'b');
    server.cli('-n', '1', 'SET', 'vt-verify:0badc0de:move:k', 'v');
    // And a run that is still going, on another connection.
    const other = await pretendRunning(server.port, '5ca1ab1e');
    server.cli('SET', 'vt-verify:5ca1ab1e:get:k', 'v');
    try {
      const refused = await runCli(['verify', '--port', String(server.port)]);
      assert.is(refused.code, 2);
      const [notice, error, ...rest] = refused.stderr.trimEnd().split('\n');
      assert.is(
        notice,
        'verify: removed 3 keys under vt-verify:0badc0de: left by an interrupted verify run (database 0, 1)',
      );
      assert.match(
        error!,
        /^valkey-track: database 0 of valkey:\/\/127\.0\.0\.1:\d+\/0 holds 1 keys and verify writes/,
      );
      assert.equal(rest, []);
      assert.is(server.cli('GET', 'vt-verify:5ca1ab1e:get:k'), 'v', "the running run's key stays");
      assert.is(server.cli('-n', '1', 'DBSIZE'), '0');
    } finally {
      other.destroy();
    }
    // Its connection gone, the other run's key is a leftover too (once the server has seen it close).
    while (server.cli('CLIENT', 'LIST').includes('name=valkey-track-verify-5ca1ab1e')) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const { code, stderr } = await runCli(['verify', '--port', String(server.port), '--format', 'json']);
    assert.is(code, 0, stderr);
    assert.match(
      stderr,
      /^verify: removed 1 keys under vt-verify:5ca1ab1e: left by an interrupted verify run \(database 0\)$/m,
    );
    assert.is(keyCount(server), 0);
  },
);

interrupt(
  'after a run is killed outright, the next run on the same database goes ahead and leaves nothing',
  async () => {
    const running = startCli(['verify', '--port', String(server.port)]);
    await running.stderrMatches(/verify: [1-9]\d*\/\d+ recipes measured/);
    running.signal('SIGKILL');
    await running.result;
    const { code, stderr } = await runCli(['verify', '--port', String(server.port), '--format', 'json']);
    assert.is(code, 0, stderr);
    assert.is(keyCount(server), 0);
  },
);

interrupt.run();
