import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import {
  freePort,
  makeTlsFiles,
  requireEnv,
  runCli,
  startValkey,
  type CliResult,
  type ThrowawayServer,
  type TlsFiles,
} from './live-helpers.js';

/** A failure is exactly this one line on stderr, exit code 2, nothing on stdout. */
function assertLine(result: CliResult, line: string) {
  assert.is(result.stdout, '');
  assert.is(result.stderr, `valkey-track: ${line}\n`);
  assert.is(result.code, 2);
}

const listen = (server: Server): Promise<number> =>
  new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port)),
  );

const messages = suite('messages a user can act on, from real servers');
let tls: TlsFiles;
let tlsServer: ThrowawayServer;
let mtlsServer: ThrowawayServer;
let tlsPort: number;
let mtlsPort: number;
let guarded: ThrowawayServer;

messages.before(async () => {
  tls = makeTlsFiles();
  const tlsArgs = (port: number, authClients: string) => [
    '--tls-port',
    String(port),
    '--tls-cert-file',
    tls.server.cert,
    '--tls-key-file',
    tls.server.key,
    '--tls-ca-cert-file',
    tls.ca,
    '--tls-auth-clients',
    authClients,
  ];
  tlsPort = await freePort();
  tlsServer = startValkey(await freePort(), tlsArgs(tlsPort, 'no'));
  mtlsPort = await freePort();
  mtlsServer = startValkey(await freePort(), tlsArgs(mtlsPort, 'yes'));
  guarded = startValkey(
    await freePort(),
    ['--requirepass', 'the-admin-secret'],
    ['-a', 'the-admin-secret', '--no-auth-warning'],
  );
  guarded.cli('ACL', 'SETUSER', 'app', 'on', '>the-app-secret', '+@all', '~*');
});

messages.after(() => {
  for (const server of [tlsServer, mtlsServer, guarded]) server?.stop();
  tls?.remove();
});

messages('a one-letter wrong password leaves the message whole', async () => {
  assertLine(
    await runCli(['commands', '--url', `redis://app:a@127.0.0.1:${guarded.port}`]),
    `authentication to redis://app:***@127.0.0.1:${guarded.port} failed: wrong user or password for user "app"`,
  );
});

messages('a dictionary-word wrong password leaves the words that contain it whole', async () => {
  for (const password of ['password', 'user', 'to', 'valkey']) {
    assertLine(
      await runCli(['commands', '--port', String(guarded.port), '--user', 'app', '--password-env', 'PW'], {
        PW: password,
      }),
      `authentication to valkey://app@127.0.0.1:${guarded.port}/0 failed: wrong user or password for user "app"`,
    );
  }
});

messages(
  '--tls-servername: the message names the name that was checked and the names the certificate has',
  async () => {
    assertLine(
      await runCli([
        'commands',
        '--url',
        `rediss://127.0.0.1:${tlsPort}`,
        '--tls-ca',
        tls.ca,
        '--tls-servername',
        'wrong.example',
      ]),
      `TLS: the certificate of rediss://127.0.0.1:${tlsPort} is not issued for "wrong.example", the name --tls-servername gave (it names IP Address:127.0.0.1, DNS:localhost)`,
    );
    const right = await runCli([
      'commands',
      '--url',
      `rediss://127.0.0.1:${tlsPort}`,
      '--tls-ca',
      tls.ca,
      '--tls-servername',
      'localhost',
    ]);
    assert.is(right.code, 0, right.stderr);
  },
);

messages('plain redis:// against a TLS port: it speaks TLS, connect with rediss:// or --tls', async () => {
  assertLine(
    await runCli(['commands', '--url', `redis://127.0.0.1:${tlsPort}`]),
    `the server at redis://127.0.0.1:${tlsPort} speaks TLS and dropped the plain connection: connect with rediss:// or --tls`,
  );
  assertLine(
    await runCli(['commands', '--port', String(tlsPort)]),
    `the server at valkey://127.0.0.1:${tlsPort}/0 speaks TLS and dropped the plain connection: connect with --tls`,
  );
});

messages(
  "mTLS without a client certificate asks for one; with a stranger's, says it is not accepted",
  async () => {
    const url = `rediss://127.0.0.1:${mtlsPort}`;
    const without = await runCli(['commands', '--url', url, '--tls-ca', tls.ca]);
    // The server's alert usually arrives first; when the connection reset wins the race, the hint is the same.
    assert.ok(
      [
        `valkey-track: TLS: the server at ${url} requires a client certificate: pass one with --tls-cert and --tls-key\n`,
        `valkey-track: the server at ${url} closed the connection before answering: if it requires a client certificate (tls-auth-clients), pass one with --tls-cert and --tls-key\n`,
      ].includes(without.stderr),
      without.stderr,
    );
    assert.is(without.code, 2);
    const stranger = await runCli([
      'commands',
      '--url',
      url,
      '--tls-ca',
      tls.ca,
      '--tls-cert',
      tls.stranger.cert,
      '--tls-key',
      tls.stranger.key,
    ]);
    assert.match(
      stranger.stderr,
      /^valkey-track: (TLS: the server at .* does not accept the client certificate of --tls-cert \(TLSV1_ALERT_UNKNOWN_CA\)|the server at .* closed the connection before answering: check that it trusts the CA that signed --tls-cert)/,
    );
    const client = await runCli([
      'commands',
      '--url',
      url,
      '--tls-ca',
      tls.ca,
      '--tls-cert',
      tls.client.cert,
      '--tls-key',
      tls.client.key,
    ]);
    assert.is(client.code, 0, client.stderr);
    assert.match(client.stdout, `valkey 8.0.1 at ${url} declares no tracking categories`);
  },
);

messages('an HTTP server on the port: something other than Valkey or Redis answered', async () => {
  const http = createHttpServer((_, response) => response.end('<html>not here</html>'));
  const port = await listen(http as unknown as Server);
  try {
    assertLine(
      await runCli(['commands', '--port', String(port)]),
      `something other than Valkey or Redis answered at valkey://127.0.0.1:${port}/0 (its reply began with "H"): check the host and port`,
    );
  } finally {
    http.close();
    http.closeAllConnections();
  }
});

/** A server that accepts connections and never sends a byte; records how long each stayed open. */
async function silentServer() {
  const openFor: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    const accepted = Date.now();
    sockets.add(socket);
    socket.on('error', () => {});
    // Read (and drop) what the client sends: a paused socket never sees the client's close.
    socket.resume();
    socket.on('close', () => openFor.push(Date.now() - accepted));
  });
  const port = await listen(server);
  return {
    port,
    openFor,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

// Measured from the server's side, from accept to close, so the CLI's own start-up does not count.
for (const [name, extra, stalled] of [
  ['plain', [], 'the server accepted the connection but never answered'],
  [
    'with a password (AUTH)',
    ['--user', 'app', '--password-env', 'PW'],
    'the server accepted the connection but never answered',
  ],
  ['TLS', ['--tls'], 'the TLS handshake did not finish'],
] as const) {
  messages(`--timeout bounds the whole connect to a silent server, handshake included: ${name}`, async () => {
    const silent = await silentServer();
    try {
      const result = await runCli(
        ['commands', '--port', String(silent.port), '--timeout', '1500', ...extra],
        {
          PW: 'secret',
        },
      );
      const scheme = name === 'TLS' ? 'valkeys' : 'valkey';
      const user = name.startsWith('with') ? 'app@' : '';
      assertLine(
        result,
        `connecting to ${scheme}://${user}127.0.0.1:${silent.port}/0 timed out after 1500 ms (--timeout): ${stalled}`,
      );
      // The server sees the close a moment after the CLI has exited.
      for (let waited = 0; silent.openFor.length === 0 && waited < 2000; waited += 20) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.is(silent.openFor.length, 1, 'one connection');
      // Without the bound, AUTH or CLIENT SETNAME and then HELLO each waited the full timeout (3 s and more).
      assert.ok(silent.openFor[0]! >= 1400 && silent.openFor[0]! < 2700, `open for ${silent.openFor[0]} ms`);
    } finally {
      silent.close();
    }
  });
}

messages('commands shows the URL as given: redis:// stays redis://', async () => {
  const url = requireEnv('VT_REDIS_URL');
  const { code, stdout } = await runCli(['commands', '--url', url]);
  assert.is(code, 0);
  assert.match(
    stdout,
    new RegExp(`^redis 7\\.0\\.15 at ${url.replace(/[.]/g, '\\.')} declares no tracking categories$`, 'm'),
  );
});

messages.run();
