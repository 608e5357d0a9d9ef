import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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

export function requireEnv(name: 'VT_VALKEY_URL' | 'VT_REDIS_URL'): string {
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

/** The binaries of each server kind the suites run against (scripts/servers.sh). */
const serverBinaries = {
  valkey: { server: 'valkey-server', cli: 'valkey-cli' },
  redis: { server: '/usr/bin/redis-server', cli: 'redis-cli' },
} as const;

/** Like `startValkey`, for either server kind: Valkey 8.0.1 or Redis 7.0.15. */
export function startServer(
  kind: keyof typeof serverBinaries,
  port: number,
  extraArgs: string[] = [],
  pingArgs: string[] = [],
): ThrowawayServer {
  const binaries = serverBinaries[kind];
  const dir = mkdtempSync(join(tmpdir(), 'vt-live-'));
  const started = spawnSync(binaries.server, [
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--daemonize',
    'yes',
    '--pidfile',
    join(dir, 'server.pid'),
    '--dir',
    dir,
    '--logfile',
    join(dir, 'server.log'),
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
