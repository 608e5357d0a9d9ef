import { connect as netConnect, type Socket } from 'node:net';
import { serverFromInfo } from '@valkey-track/rules-data';
import { connect as tlsConnect } from 'node:tls';
import { describeTarget, openClient, resolveConnection, type ConnectionFlags } from '../connect/index.js';
import type { ConnectionTarget } from '../connect/connection-options.js';
import type { AuditReport } from '../report/types.js';
import { UsageError } from '../util/usage-error.js';
import { auditOptions, type MonitorLogOptions } from './audit-monitor-log.js';
import { StreamAudit } from './stream-audit.js';
import { monitorReport } from './monitor-report.js';
import type { AssumedTracking } from './tracking-clients-option.js';

/** `30s`, `2m`, `500ms`, `1h`, or plain seconds. */
export function parseDuration(text: string | number | undefined): number {
  if (text === undefined) return 30_000;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(text).trim());
  if (!match) throw new UsageError(`--duration must look like 30s, 2m, 500ms or 1h (got "${text}")`);
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's']!;
  const ms = Number(match[1]) * scale;
  if (ms <= 0) throw new UsageError('--duration must be more than zero');
  return ms;
}

/**
 * The clients that track right now, from `CLIENT LIST` flags (`t` tracking, `B` broadcast). The list shows
 * neither OPTIN/OPTOUT nor BCAST prefixes, so those clients are taken as default mode and BCAST without a
 * prefix; `--tracking-clients` can say better. A unix-socket client is listed as `/path:0` and logged by
 * MONITOR as `unix:/path`.
 */
export function trackingFromClientList(list: string): AssumedTracking[] {
  const found: AssumedTracking[] = [];
  for (const line of list.split('\n')) {
    const fields = new Map(
      line
        .trim()
        .split(' ')
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const),
    );
    const flags = fields.get('flags') ?? '';
    const addr = fields.get('addr');
    if (!addr || !flags.includes('t')) continue;
    const address = addr.startsWith('/') ? `unix:${addr.replace(/:0$/, '')}` : addr;
    found.push({ address, mode: flags.includes('B') ? 'bcast' : 'default', prefixes: [] });
  }
  return found;
}

const resp = (...args: string[]) =>
  `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

function openSocket(target: ConnectionTarget): Socket {
  return target.tls
    ? tlsConnect({
        host: target.host,
        port: target.port,
        servername: target.tls.servername ?? target.host,
        ...(target.tls.ca ? { ca: target.tls.ca } : {}),
        ...(target.tls.cert ? { cert: target.tls.cert, key: target.tls.key } : {}),
      })
    : netConnect({ host: target.host, port: target.port });
}

/**
 * Runs MONITOR on a raw connection and feeds its replies, byte for byte, to the same parser a captured log
 * goes through: each MONITOR line arrives as a status reply (`+1700000000.123456 [0 ...] "GET" "k"\r\n`).
 */
export async function auditLive(
  flags: ConnectionFlags,
  durationMs: number,
  options: MonitorLogOptions = {},
): Promise<AuditReport> {
  const target = resolveConnection(flags);
  const where = describeTarget(target);
  const live = await openClient(target, 'valkey-track-audit');
  let listed: AssumedTracking[];
  let server: string;
  try {
    const list = await live.run('reading CLIENT LIST', (c) => c.call('CLIENT', 'LIST') as Promise<string>);
    listed = trackingFromClientList(String(list));
    const info = await live.run('reading INFO server', (c) => c.call('INFO', 'server') as Promise<string>);
    const { server: kind, version } = serverFromInfo(String(info));
    server = `${kind} ${version}`;
  } finally {
    await live.close();
  }
  const named = new Set((options.trackingClients ?? []).map((t) => t.address));
  const assumed = [...(options.trackingClients ?? []), ...listed.filter((t) => !named.has(t.address))];
  const stream = new StreamAudit(auditOptions({ ...options, trackingClients: assumed }));

  try {
    await new Promise<void>((resolve, reject) => {
      const socket = openSocket(target);
      socket.setTimeout(target.timeoutMs);
      const handshake = [
        ...(target.password !== undefined
          ? [resp('AUTH', ...(target.username ? [target.username] : []), target.password)]
          : []),
        resp('MONITOR'),
      ];
      let repliesLeft = handshake.length;
      let head = Buffer.alloc(0);
      let timer: NodeJS.Timeout | undefined;
      const stop = () => socket.end();
      const fail = (message: string) => {
        socket.destroy();
        reject(new UsageError(message));
      };
      socket.once(target.tls ? 'secureConnect' : 'connect', () => socket.write(handshake.join('')));
      socket.on('timeout', () => {
        if (repliesLeft > 0) fail(`${where} did not answer MONITOR within ${target.timeoutMs} ms`);
        else socket.setTimeout(0);
      });
      socket.on('data', (chunk: Buffer) => {
        if (repliesLeft > 0) {
          head = Buffer.concat([head, chunk]);
          while (repliesLeft > 0) {
            const nl = head.indexOf('\r\n');
            if (nl < 0) return;
            const reply = head.subarray(0, nl).toString('latin1');
            if (!reply.startsWith('+')) return fail(`${where} refused MONITOR: ${reply.slice(1)}`);
            head = head.subarray(nl + 2);
            repliesLeft--;
          }
          socket.setTimeout(0);
          timer = setTimeout(stop, durationMs);
          process.once('SIGINT', stop);
          chunk = head;
        }
        stream.send(chunk);
        // The audit runs in a worker: when it falls behind, stop reading; the server buffers the rest.
        if (stream.full) {
          socket.pause();
          stream.drained().then(
            () => socket.resume(),
            (error: Error) => fail(error.message),
          );
        }
      });
      socket.on('error', (error: NodeJS.ErrnoException) =>
        fail(`MONITOR connection to ${where} failed: ${error.code ?? ''} ${error.message}`.trim()),
      );
      socket.on('close', () => {
        clearTimeout(timer);
        process.removeListener('SIGINT', stop);
        resolve();
      });
    });
  } catch (error) {
    stream.abort();
    throw error;
  }
  const audit = await stream.end();
  const report = monitorReport(audit, {
    inputs: [`live ${where}`],
    version: options.version ?? '0.0.0',
    server,
  });
  if (listed.length > 0) {
    report.notes.push(
      `${listed.length} clients were tracking when MONITOR began (CLIENT LIST flag t); their OPTIN/OPTOUT mode and BCAST prefixes are not listed, so they count as default mode or BCAST without prefix unless named with --tracking-clients`,
    );
  }
  return report;
}
