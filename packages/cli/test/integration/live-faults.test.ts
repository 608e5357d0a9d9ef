import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  runCli,
  startValkey,
  untilConnected,
  type CliResult,
  type ThrowawayServer,
} from './live-helpers.js';

const ADMIN_PASSWORD = 'admin-Secret-7f3a';
const USER_PASSWORD = 'user-Secret-91bc';
const WRONG_PASSWORD = 'wrong-Secret-c0de';

/** A fault is one line on stderr, exit code 2, no stack trace and no secret. */
function assertOneCleanLine(result: CliResult, expected: RegExp | string) {
  assert.is(result.code, 2, `exit code; stderr: ${result.stderr}`);
  assert.is(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, `one line, got:\n${result.stderr}`);
  assert.match(lines[0]!, /^valkey-track: /);
  assert.match(lines[0]!, expected);
  assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
  for (const secret of [ADMIN_PASSWORD, USER_PASSWORD, WRONG_PASSWORD]) {
    assert.not.ok(result.stderr.includes(secret), `the password ${secret} leaked`);
  }
}

const faults = suite('commands faults');
let guarded: ThrowawayServer;

faults.before(async () => {
  guarded = startValkey(
    await freePort(),
    ['--requirepass', ADMIN_PASSWORD],
    ['-a', ADMIN_PASSWORD, '--no-auth-warning'],
  );
  // Users of the test's own server only: one may not read command metadata, one may not list ACL categories.
  guarded.cli('ACL', 'SETUSER', 'nometa', 'on', `>${USER_PASSWORD}`, '+@all', '-command', '~*');
  guarded.cli('ACL', 'SETUSER', 'nocat', 'on', `>${USER_PASSWORD}`, '+@all', '-acl|cat', '~*');
});

faults.after(() => guarded?.stop());

faults('connection refused', async () => {
  const port = await freePort();
  assertOneCleanLine(
    await runCli(['commands', '--port', String(port)]),
    `cannot connect to valkey://127.0.0.1:${port}/0: connection refused`,
  );
});

faults('a wrong password from the environment is reported without the password', async () => {
  const result = await runCli(
    ['commands', '--port', String(guarded.port), '--user', 'nometa', '--password-env', 'VT_PW'],
    {
      VT_PW: WRONG_PASSWORD,
    },
  );
  assertOneCleanLine(result, 'authentication to valkey://nometa@127.0.0.1:');
  assert.match(result.stderr, 'wrong user or password for user "nometa"');
});

faults('a wrong password in the URL is reported without the password', async () => {
  const url = `rediss://default:${WRONG_PASSWORD}@127.0.0.1:${guarded.port}/0`.replace('rediss', 'redis');
  assertOneCleanLine(await runCli(['commands', '--url', url]), 'wrong user or password for user "default"');
});

faults('no password for a server that requires one', async () => {
  assertOneCleanLine(
    await runCli(['commands', '--port', String(guarded.port)]),
    'requires a password: give it with --password-env, --password-file or in --url',
  );
});

faults('a password file is read without its trailing newline', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-pw-'));
  try {
    writeFileSync(join(dir, 'password'), `${ADMIN_PASSWORD}\n`);
    const result = await runCli([
      'commands',
      '--port',
      String(guarded.port),
      '--password-file',
      join(dir, 'password'),
    ]);
    assert.is(result.code, 0, result.stderr);
    assert.not.ok(result.stdout.includes(ADMIN_PASSWORD));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

faults('a user without +command|info is told the permission and the bundled alternative', async () => {
  const result = await runCli(
    ['commands', '--port', String(guarded.port), '--user', 'nometa', '--password-env', 'VT_PW'],
    {
      VT_PW: USER_PASSWORD,
    },
  );
  assertOneCleanLine(result, 'user "nometa" lacks the permission `+command|info`');
  assert.match(result.stderr, 'use the bundled data instead (`valkey-track table`)');
});

faults('a user without +acl|cat is told the permission', async () => {
  const result = await runCli(
    ['commands', '--port', String(guarded.port), '--user', 'nocat', '--password-env', 'VT_PW'],
    {
      VT_PW: USER_PASSWORD,
    },
  );
  assertOneCleanLine(
    result,
    'user "nocat" lacks the permission `+acl|cat` needed for listing the ACL categories',
  );
});

faults('an unknown URL scheme', async () => {
  assertOneCleanLine(
    await runCli(['commands', '--url', `memcached://app:${WRONG_PASSWORD}@127.0.0.1:11211`]),
    'unknown URL scheme "memcached:" in --url: use valkey://, valkeys://, redis:// or rediss://',
  );
});

faults('a database that does not exist', async () => {
  const url = `redis://default:${encodeURIComponent(ADMIN_PASSWORD)}@127.0.0.1:${guarded.port}/99`;
  assertOneCleanLine(
    await runCli(['verify', '--url', url]),
    `database 99 does not exist on redis://default:***@127.0.0.1:${guarded.port}/99 (see CONFIG GET databases)`,
  );
});

faults('a server that does not answer in time', async () => {
  const server = startValkey(await freePort());
  try {
    // Asleep for longer than any start-up of the CLI on a loaded machine; stopping the server ends it.
    spawn('valkey-cli', ['-p', String(server.port), 'DEBUG', 'SLEEP', '30'], { stdio: 'ignore' });
    await untilConnected(server.port, 1);
    await new Promise((r) => setTimeout(r, 200));
    assertOneCleanLine(
      await runCli(['commands', '--port', String(server.port), '--timeout', '400']),
      `connecting to valkey://127.0.0.1:${server.port}/0 timed out after 400 ms (--timeout): the server accepted the connection but never answered`,
    );
  } finally {
    server.stop();
  }
});

faults('a server that goes away mid-run', async () => {
  const server = startValkey(await freePort());
  try {
    // The server is busy, so the connection is open and the CLI is waiting for a reply when it dies; it is
    // killed once the CLI has connected (the sleeping client and the CLI), however long that takes.
    spawn('valkey-cli', ['-p', String(server.port), 'DEBUG', 'SLEEP', '30'], { stdio: 'ignore' });
    await untilConnected(server.port, 1);
    const running = runCli(['commands', '--port', String(server.port)]);
    await untilConnected(server.port, 2);
    // Connected: its HELLO is on the way, and the sleeping server will not answer it.
    await new Promise((r) => setTimeout(r, 300));
    process.kill(server.pid, 'SIGKILL');
    // DEBUG SLEEP holds even the connection's first reply, so the server dies during the connect (or, should the
    // sleep have started late, while the CLI reads the server version).
    assertOneCleanLine(
      await running,
      /closed the connection while (connecting|reading the server version \(HELLO\))$/,
    );
  } finally {
    server.stop();
  }
});

faults('TLS with a CA that did not sign the server certificate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-tls-'));
  const openssl = (...args: string[]) => {
    const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr}`);
  };
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=vt-test-ca',
  );
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'other.key',
    '-out',
    'other.pem',
    '-days',
    '1',
    '-subj',
    '/CN=vt-other-ca',
  );
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=localhost',
  );
  writeFileSync(join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '1',
    '-extfile',
    'ext',
  );
  const tlsPort = await freePort();
  const server = startValkey(await freePort(), [
    '--tls-port',
    String(tlsPort),
    '--tls-cert-file',
    join(dir, 'server.pem'),
    '--tls-key-file',
    join(dir, 'server.key'),
    '--tls-ca-cert-file',
    join(dir, 'ca.pem'),
    '--tls-auth-clients',
    'no',
  ]);
  try {
    assertOneCleanLine(
      await runCli([
        'commands',
        '--url',
        `rediss://127.0.0.1:${tlsPort}`,
        '--tls-ca',
        join(dir, 'other.pem'),
      ]),
      `TLS: the certificate of rediss://127.0.0.1:${tlsPort} is not signed by a trusted CA (SELF_SIGNED_CERT_IN_CHAIN). Pass the CA that signed it with --tls-ca`,
    );
    const trusted = await runCli([
      'commands',
      '--port',
      String(tlsPort),
      '--tls',
      '--tls-ca',
      join(dir, 'ca.pem'),
    ]);
    assert.is(trusted.code, 0, trusted.stderr);
    assert.is(trusted.stderr, '', 'no warning either');
    assert.match(trusted.stdout, `valkey 8.0.1 at valkeys://127.0.0.1:${tlsPort}/0`);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

faults.run();
