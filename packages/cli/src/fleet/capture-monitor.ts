import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { describeTarget, type ConnectionTarget } from '../connect/connection-options.js';
import { describeConnectionError } from '../connect/describe-connection-error.js';
import { maskSecrets } from '../util/mask-secrets.js';
import type { NodeStatus } from '../report/types.js';

export interface CaptureOptions {
  durationMs: number;
  /** Aborting ends the capture early (Ctrl-C); what came before is kept. */
  signal?: AbortSignal;
  /**
   * Every byte of the MONITOR stream, in order, as it arrives. A promise returned says the reader is behind:
   * the socket pauses until it settles (the node buffers the rest; see `maxBacklogBytes`), and a rejection
   * stops the capture.
   */
  onChunk(chunk: Buffer): Promise<void> | undefined;
  /** MONITOR was accepted: the capture has begun; `clientId` is the capture's own connection on the node. */
  onStart?(clientId: number | undefined): void;
  /** Aborting stops the capture as `stopped`, with the abort reason's message as its error. */
  guard?: AbortSignal;
}

export interface CaptureResult {
  status: NodeStatus;
  /** Why the capture ended early or never began, in one line. */
  error?: string;
  startedAt?: Date;
  endedAt: Date;
  bytes: number;
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
 * Runs MONITOR on a raw connection and hands over its replies byte for byte: each MONITOR line arrives as a
 * status reply (`+1700000000.123456 [0 ...] "GET" "k"\r\n`), which the log parsers read as they read a file.
 * Never rejects: a refused MONITOR (an ACL without `+monitor`), an unreachable node and a connection that
 * dies mid-capture are statuses, so the other nodes of a cluster keep going.
 */
export function captureMonitor(target: ConnectionTarget, options: CaptureOptions): Promise<CaptureResult> {
  const where = describeTarget(target);
  return new Promise((resolve) => {
    const socket = openSocket(target);
    socket.setTimeout(target.timeoutMs);
    // CLIENT ID names the capture's connection, so its output buffer can be watched (CLIENT LIST ID … omem).
    const steps: { command: string; kind: 'auth' | 'id' | 'monitor' }[] = [
      ...(target.password !== undefined
        ? [
            {
              command: resp('AUTH', ...(target.username ? [target.username] : []), target.password),
              kind: 'auth' as const,
            },
          ]
        : []),
      { command: resp('CLIENT', 'ID'), kind: 'id' },
      { command: resp('MONITOR'), kind: 'monitor' },
    ];
    let repliesLeft = steps.length;
    let clientId: number | undefined;
    let head = Buffer.alloc(0);
    let timer: NodeJS.Timeout | undefined;
    let startedAt: Date | undefined;
    let bytes = 0;
    let ending: NodeStatus | undefined;
    let failure: { status: NodeStatus; error: string } | undefined;
    const stop = (status: NodeStatus) => {
      ending ??= status;
      socket.end();
    };
    const onGuard = () => {
      failure ??= {
        status: 'stopped',
        error: String((options.guard?.reason as Error)?.message ?? 'stopped'),
      };
      socket.destroy();
    };
    const onAbort = () =>
      startedAt ? stop('interrupted') : fail('unreachable', 'interrupted before MONITOR began');
    const fail = (status: NodeStatus, error: string) => {
      failure ??= { status, error: maskSecrets(error) };
      socket.destroy();
    };
    if (options.signal?.aborted) {
      socket.destroy();
      resolve({ status: 'interrupted', endedAt: new Date(), bytes: 0 });
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    options.guard?.addEventListener('abort', onGuard, { once: true });
    socket.once(target.tls ? 'secureConnect' : 'connect', () =>
      socket.write(steps.map((s) => s.command).join('')),
    );
    socket.on('timeout', () => {
      if (repliesLeft > 0)
        fail('unreachable', `${where} did not answer MONITOR within ${target.timeoutMs} ms`);
      else socket.setTimeout(0);
    });
    socket.on('data', (chunk: Buffer) => {
      if (repliesLeft > 0) {
        head = Buffer.concat([head, chunk]);
        while (repliesLeft > 0) {
          const nl = head.indexOf('\r\n');
          if (nl < 0) return;
          const reply = head.subarray(0, nl).toString('latin1');
          const step = steps[steps.length - repliesLeft]!;
          // An ACL that denies CLIENT ID only costs the watch on the output buffer.
          if (step.kind === 'id') clientId = reply.startsWith(':') ? Number(reply.slice(1)) : undefined;
          else if (!reply.startsWith('+'))
            return fail('refused', `${where} refused MONITOR: ${reply.slice(1)}`);
          head = head.subarray(nl + 2);
          repliesLeft--;
        }
        socket.setTimeout(0);
        startedAt = new Date();
        timer = setTimeout(() => stop('complete'), options.durationMs);
        options.onStart?.(clientId);
        chunk = head;
      }
      bytes += chunk.length;
      if (chunk.length === 0) return;
      const behind = options.onChunk(chunk);
      if (behind === undefined) return;
      socket.pause();
      behind.then(
        () => socket.resume(),
        (error: Error) => {
          failure ??= { status: 'stopped', error: error.message };
          socket.destroy();
        },
      );
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const described = describeConnectionError(error, { target, doing: 'capturing MONITOR' }).message;
      fail(startedAt ? 'lost' : 'unreachable', described);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      options.guard?.removeEventListener('abort', onGuard);
      const endedAt = new Date();
      const at = { endedAt, bytes, ...(startedAt ? { startedAt } : {}) };
      if (failure) return resolve({ ...at, ...failure });
      if (ending) return resolve({ status: ending, ...at });
      // Closed by the other side: the node went away (shut down, killed, CLIENT KILL, a failover).
      resolve({
        status: startedAt ? 'lost' : 'unreachable',
        error: `${where} closed the connection${startedAt ? ' during the capture' : ' before MONITOR began'}`,
        ...at,
      });
    });
  });
}
