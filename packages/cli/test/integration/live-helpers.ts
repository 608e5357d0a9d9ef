import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../../..');
const bin = join(repoRoot, 'packages/cli/dist/bin.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary, as a user would, with colours off unless the test asks for them. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

export interface RunningCli {
  /** Resolves once stderr has matched `pattern`. */
  stderrMatches(pattern: RegExp): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  result: Promise<CliResult>;
}

/** Starts the built binary and lets the test act while it runs (interrupt it, kill its server). */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiting: { pattern: RegExp; done: () => void }[] = [];
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    for (const w of waiting.filter((w) => w.pattern.test(stderr))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.done();
    }
  });
  return {
    stderrMatches: (pattern) =>
      pattern.test(stderr) ? Promise.resolve() : new Promise((done) => waiting.push({ pattern, done })),
    signal: (signal) => child.kill(signal),
    result: new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr }))),
  };
}

/**
 * Resolves once a client of the server is in MONITOR (`CLIENT LIST` flag `O`): the CLI's start takes a
 * while on a loaded machine, and commands sent before it would not be in the capture.
 */
export async function monitorStarted(
  client: { call(...args: string[]): Promise<unknown> },
  timeoutMs = 20_000,
  /** How many clients must be in MONITOR (a test's own capture besides the CLI's). */
  count = 1,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = String(await client.call('CLIENT', 'LIST'));
    if ((list.match(/ flags=\w*O/g) ?? []).length >= count) return;
    if (Date.now() > deadline) throw new Error('no client entered MONITOR');
    await sleep(20);
  }
}

/** The five servers the test command starts (scripts/servers.sh), with the variable holding each one's URL. */
export const testServers = [
  { name: 'Valkey 8.0', kind: 'valkey', version: '8.0', variable: 'VT_VALKEY_URL' },
  { name: 'Redis 7.0', kind: 'redis', version: '7.0', variable: 'VT_REDIS_URL' },
  { name: 'Valkey 8.1', kind: 'valkey', version: '8.1', variable: 'VT_VALKEY81_URL' },
  { name: 'Redis 8.0', kind: 'redis', version: '8.0', variable: 'VT_REDIS80_URL' },
  { name: 'Valkey 9.1', kind: 'valkey', version: '9.1', variable: 'VT_VALKEY91_URL' },
] as const;

export type ServerVariable = (typeof testServers)[number]['variable'];

export function requireEnv(name: ServerVariable): string {
  const url = process.env[name];
  if (!url)
    throw new Error(
      `${name} is not set: start the servers with scripts/servers.sh (see scripts/run-tests.mjs)`,
    );
  return url;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface ThrowawayServer {
  port: number;
  pid: number;
  dir: string;
  cli(...args: string[]): string;
  stop(): void;
}

// Servers a test started and has not stopped: killed when the test process ends, even when a suite aborts.
const running = new Set<number>();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts a valkey-server of the test's own (so it may be reconfigured, killed or given ACL users) and waits
 * until it answers PING.
 */
export function startValkey(
  port: number,
  extraArgs: string[] = [],
  pingArgs: string[] = [],
): ThrowawayServer {
  return startServer('valkey', port, extraArgs, pingArgs);
}

/**
 * The binaries of each server the suites run against (scripts/servers.sh): the host's two, and the newer ones
 * in the Debian roots of scripts/server-roots.sh, run with chroot (every server speaks RESP: the host's
 * valkey-cli talks to them all).
 */
const serverBinaries = {
  valkey: { server: 'valkey-server', cli: 'valkey-cli', root: undefined },
  redis: { server: '/usr/bin/redis-server', cli: 'redis-cli', root: undefined },
  valkey81: { server: 'valkey-server', cli: 'valkey-cli', root: 'trixie' },
  redis80: { server: 'redis-server', cli: 'valkey-cli', root: 'trixie' },
  valkey91: { server: 'valkey-server', cli: 'valkey-cli', root: 'sid' },
} as const;

export type ThrowawayKind = keyof typeof serverBinaries;

/** Like `startValkey`, for any of the five servers (the newer three in their Debian roots). */
export function startServer(
  kind: ThrowawayKind,
  port: number,
  extraArgs: string[] = [],
  pingArgs: string[] = [],
): ThrowawayServer {
  const binaries = serverBinaries[kind];
  // In a root, the server sees its directory from inside (/tmp of the root); the test reads it from outside.
  const rootDir = binaries.root && join(repoRoot, '.tmp/roots', binaries.root);
  const dir = mkdtempSync(join(rootDir ? join(rootDir, 'tmp') : tmpdir(), 'vt-live-'));
  const inside = rootDir ? dir.slice(rootDir.length) : dir;
  const command = rootDir ? ['chroot', rootDir, binaries.server] : [binaries.server];
  const started = spawnSync(command[0]!, [
    ...command.slice(1),
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--daemonize',
    'yes',
    '--pidfile',
    join(inside, 'server.pid'),
    '--dir',
    inside,
    '--logfile',
    join(inside, 'server.log'),
    '--save',
    '',
    '--appendonly',
    'no',
    '--enable-debug-command',
    'local',
    ...extraArgs,
  ]);
  if (started.status !== 0) throw new Error(`${binaries.server} did not start: ${started.stderr}`);
  const cli = (...args: string[]) =>
    spawnSync(binaries.cli, ['-h', '127.0.0.1', '-p', String(port), ...pingArgs, ...args], {
      encoding: 'utf8',
    }).stdout.trim();
  const deadline = Date.now() + 10_000;
  while (cli('PING') !== 'PONG') {
    if (Date.now() > deadline)
      throw new Error(`${binaries.server} on ${port} did not answer PING; see ${dir}/server.log`);
    spawnSync('sleep', ['0.05']);
  }
  const pid = Number(readFileSync(join(dir, 'server.pid'), 'utf8').trim());
  running.add(pid);
  return {
    port,
    pid,
    dir,
    cli,
    stop() {
      running.delete(pid);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone: some tests kill it on purpose
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Compiles fixtures/tracking-module into `dir` and returns the path of the shared object. */
export function buildTrackingModule(dir: string): string {
  const output = join(dir, 'trackmod.so');
  const source = join(repoRoot, 'fixtures/tracking-module/tracking-module.c');
  const built = spawnSync('gcc', ['-shared', '-fPIC', '-O2', '-Wall', '-Werror', '-o', output, source], {
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`gcc could not build the tracking module:\n${built.stderr}`);
  return output;
}

export interface TlsFiles {
  dir: string;
  /** The CA that signed `server` and `client`. */
  ca: string;
  /** Issued for IP:127.0.0.1 and DNS:localhost. */
  server: { cert: string; key: string };
  client: { cert: string; key: string };
  /** A client certificate of a CA nobody trusts. */
  stranger: { cert: string; key: string };
  remove(): void;
}

/** A CA, a server certificate for 127.0.0.1 and localhost, a client certificate, and a stranger's, made by openssl. */
export function makeTlsFiles(): TlsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'vt-tls-'));
  const openssl = (...args: string[]) => {
    const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${run.stderr}`);
  };
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const selfSigned = (name: string, cn: string) =>
    openssl(
      'req',
      '-x509',
      ...key,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-subj',
      `/CN=${cn}`,
    );
  const signed = (name: string, cn: string, ca: string, extensions?: string) => {
    openssl('req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      ...(extensions ? ['-extfile', extensions] : []),
    );
  };
  selfSigned('ca', 'vt-test-ca');
  selfSigned('other-ca', 'vt-other-ca');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  signed('server', 'localhost', 'ca', 'server.ext');
  signed('client', 'vt-client', 'ca');
  signed('stranger', 'vt-stranger', 'other-ca');
  const pair = (name: string) => ({ cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) });
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    server: pair('server'),
    client: pair('client'),
    stranger: pair('stranger'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Established TCP connections to a loopback port, from /proc/net/tcp (state 01; ports in hex). */
export function connectionsTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6']
    .flatMap((file) => {
      try {
        return readFileSync(file, 'utf8').split('\n').slice(1);
      } catch {
        return [];
      }
    })
    .filter((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[2]?.endsWith(`:${hex}`) && fields[3] === '01';
    }).length;
}

/** Waits until at least `count` clients are connected to the port, so a test acts once its client is in. */
export async function untilConnected(port: number, count: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (connectionsTo(port) < count) {
    if (Date.now() > deadline)
      throw new Error(`fewer than ${count} clients connected to ${port} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
