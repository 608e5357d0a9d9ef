import { describeTarget, type ConnectionTarget } from '../connect/connection-options.js';
import { openClient, type LiveClient } from '../connect/open-client.js';
import { auditOptions, type MonitorLogOptions } from '../monitor/audit-monitor-log.js';
import { helloFields } from '../connect/hello-fields.js';
import { trackingFromClientList } from '../monitor/live-capture.js';
import { monitorReport } from '../monitor/monitor-report.js';
import { StreamAudit } from '../monitor/stream-audit.js';
import type { NodeReport } from '../report/types.js';
import { captureMonitor } from './capture-monitor.js';
import { parseClientList, type ClientListEntry } from './client-list.js';
import { hostOf } from './monitor-head.js';
import { clientKey, type KnownConnection, type NodeFacts, type RedirectFacts } from './node-facts.js';
import { NodeFactsScanner } from './node-facts-scanner.js';

/** A node to capture: where to connect and what it is. */
export interface NodeTarget {
  node: string;
  target: ConnectionTarget;
  role?: 'primary' | 'replica';
}

/** What a capture shows while it runs, for the progress display. */
export interface NodeProgress {
  node: string;
  state: 'connecting' | 'capturing' | 'done';
  bytes: number;
  commands: number;
  status?: NodeReport['status'];
  error?: string;
}

export interface CaptureNodeOptions extends MonitorLogOptions {
  durationMs: number;
  signal?: AbortSignal;
  onProgress?(progress: NodeProgress): void;
  /**
   * Stop a node's capture when the node holds more MONITOR output than this for it, not yet read (default
   * 256 MiB): a MONITOR client is a normal client, whose output buffer has no limit by default
   * (`client-output-buffer-limit normal 0 0 0`), so a reader that falls behind grows the node's memory.
   */
  maxBacklogBytes?: number;
}

const DEFAULT_MAX_BACKLOG = 256 * 1024 * 1024;
const WATCH_MS = 1000;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

/** Watches the output buffer the node holds for the capture's connection, and stops the capture past the limit. */
function watchBacklog(side: LiveClient, clientId: number, limit: number, guard: AbortController) {
  let worst = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void readClientList(side, clientId).then((read) => {
      busy = false;
      const omem = read.entries?.find((e) => e.id === clientId)?.outputMemory ?? 0;
      worst = Math.max(worst, omem);
      if (omem > limit && !guard.signal.aborted) {
        guard.abort(
          new Error(
            `the node held ${mb(omem)} of MONITOR output not yet read (over ${mb(limit)}): stopped to spare its memory; capture fewer nodes per process`,
          ),
        );
      }
    });
  }, WATCH_MS);
  return {
    worst: () => worst,
    stop: () => clearInterval(timer),
  };
}

interface ClientListRead {
  text?: string;
  entries?: ClientListEntry[];
  error?: string;
}

async function readClientList(live: LiveClient | undefined, ...ids: number[]): Promise<ClientListRead> {
  if (!live) return { error: 'no connection' };
  try {
    const args = ids.length > 0 ? ['ID', ...ids.map(String)] : [];
    const text = await live.run(
      'reading CLIENT LIST',
      (c) => c.call('CLIENT', 'LIST', ...args) as Promise<string>,
    );
    return { text: String(text), entries: parseClientList(String(text)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The connection ids REDIRECT lines name, looked up on the node as the lines arrive: a target that
 * connects and leaves during the capture is in neither the first nor the last CLIENT LIST.
 */
class RedirectLookups {
  /** The entry for each id looked up, or null where the node had no such client. */
  readonly found = new Map<number, ClientListEntry | null>();
  private readonly pending: Promise<void>[] = [];

  constructor(private readonly live: LiveClient | undefined) {}

  lookUp(id: number): void {
    if (!this.live || this.found.has(id)) return;
    this.pending.push(
      readClientList(this.live, id).then((read) => {
        if (read.entries) this.found.set(id, read.entries.find((e) => e.id === id) ?? null);
      }),
    );
  }

  settled(): Promise<unknown> {
    return Promise.all(this.pending);
  }
}

/**
 * Where each REDIRECT of the capture (and each one CLIENT LIST showed from before it) points on this node:
 * client ids are the node's own, so only the node's client list can say whether the id names a connection
 * that receives invalidations (RESP3, or RESP2 in Pub/Sub mode: valkey `src/tracking.c`, `sendTrackingMessage`).
 */
function resolveRedirects(
  facts: NodeFacts,
  lists: readonly ClientListEntry[][],
  lookups: ReadonlyMap<number, ClientListEntry | null>,
  startedAt: Date,
): RedirectFacts[] {
  const byId = new Map<number, ClientListEntry>();
  for (const list of lists) for (const entry of list) byId.set(entry.id, entry);
  for (const [id, entry] of lookups) if (entry) byId.set(id, entry);
  const redirects = [...facts.redirects];
  const seen = new Set(redirects.map((r) => `${r.address} ${r.id}`));
  for (const entry of lists[0] ?? []) {
    if (!entry.flags.includes('t') || entry.redirect <= 0 || seen.has(`${entry.address} ${entry.redirect}`))
      continue;
    redirects.push({
      address: entry.address,
      client: clientKey(hostOf(entry.address), entry.lib || undefined, entry.name || undefined),
      id: entry.redirect,
      count: 1,
      firstTimestamp: `${Math.floor(startedAt.getTime() / 1000)}.000000`,
      line: 0,
      example: `CLIENT LIST: id=${entry.id} addr=${entry.address} flags=${entry.flags} redir=${entry.redirect}`,
    });
  }
  // Without a look-up of the id or a last CLIENT LIST (the node died), a missing id proves nothing.
  const looked = (id: number) => lookups.has(id) || lists.length > 1;
  return redirects.map((r) => {
    const target = byId.get(r.id);
    if (target) {
      return {
        ...r,
        target: {
          found: true,
          address: target.address,
          canReceive: target.resp >= 3 || target.subscriptions > 0,
        },
      };
    }
    return looked(r.id) ? { ...r, target: { found: false } } : r;
  });
}

/**
 * Captures one node: its CLIENT LIST (who tracks already), MONITOR for the duration into the MONITOR audit
 * (its own per-client tracking state) and the client facts, then CLIENT LIST again to resolve REDIRECT ids.
 * Never rejects: a node that cannot be reached, refuses MONITOR or dies mid-capture gives a status.
 */
export async function captureNode(node: NodeTarget, options: CaptureNodeOptions): Promise<NodeReport> {
  const progress: NodeProgress = { node: node.node, state: 'connecting', bytes: 0, commands: 0 };
  const role = node.role ? { role: node.role } : {};
  let side: LiveClient;
  try {
    side = await openClient(node.target, 'valkey-track-audit');
  } catch (error) {
    const message = (error as Error).message;
    options.onProgress?.({ ...progress, state: 'done', status: 'unreachable', error: message });
    return { node: node.node, ...role, status: 'unreachable', error: message };
  }
  try {
    return await captureWith(side, node, options, progress);
  } finally {
    await side.close();
  }
}

async function captureWith(
  side: LiveClient,
  node: NodeTarget,
  options: CaptureNodeOptions,
  progress: NodeProgress,
): Promise<NodeReport> {
  const role = node.role ? { role: node.role } : {};
  const before = await readClientList(side);
  // The report's header names the server, and its kind and version decide the verdicts: the commands it has,
  // how it covers them (`versionScope`). A server that refuses HELLO is still audited, for the worst case.
  const hello = await side.client.call('HELLO', '2').then(helloFields, () => undefined);
  const server = hello?.server ? `${hello.server.toLowerCase()} ${hello.version}`.trim() : undefined;
  const kind = hello?.server.toLowerCase();
  const scope: Pick<MonitorLogOptions, 'server' | 'serverVersion'> =
    (kind === 'valkey' || kind === 'redis') && hello!.version
      ? { server: kind, serverVersion: hello!.version }
      : {};
  const listed = before.entries ?? [];
  const named = new Set((options.trackingClients ?? []).map((t) => t.address));
  const fromList = trackingFromClientList(before.text ?? '').filter((t) => !named.has(t.address));
  const assumed = [...(options.trackingClients ?? []), ...fromList];
  // The node's lines are audited in a worker of their own, as a log's are (stream-audit.ts).
  const stream = new StreamAudit(auditOptions({ ...options, ...scope, trackingClients: assumed }));
  const known: KnownConnection[] = [
    ...listed.map((e) => ({
      address: e.address,
      tracking: e.flags.includes('t') || named.has(e.address),
      ...(e.lib ? { lib: e.lib } : {}),
      ...(e.name ? { name: e.name } : {}),
    })),
    ...[...named]
      .filter((a) => a !== '*' && !listed.some((e) => e.address === a))
      .map((address) => ({ address, tracking: true })),
  ];
  const lookups = new RedirectLookups(before.entries ? side : undefined);
  const scanner = new NodeFactsScanner(known, before.entries !== undefined, (id) => lookups.lookUp(id));

  const guard = new AbortController();
  let watch: ReturnType<typeof watchBacklog> | undefined;
  const result = await captureMonitor(node.target, {
    durationMs: options.durationMs,
    ...(options.signal ? { signal: options.signal } : {}),
    guard: guard.signal,
    onStart: (clientId) => {
      if (clientId !== undefined) {
        watch = watchBacklog(side, clientId, options.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG, guard);
      }
      options.onProgress?.({ ...progress, state: 'capturing' });
    },
    onChunk: (chunk) => {
      stream.send(chunk);
      scanner.write(chunk);
      progress.bytes += chunk.length;
      progress.commands = stream.commands;
      options.onProgress?.({ ...progress, state: 'capturing' });
      // The worker is behind: stop reading until it catches up; the node holds the rest (watchBacklog).
      return stream.full ? stream.drained() : undefined;
    },
  });
  watch?.stop();
  const ended = { status: result.status, ...(result.error ? { error: result.error } : {}) };
  options.onProgress?.({ ...progress, state: 'done', ...ended });
  const times = {
    ...(result.startedAt ? { startedAt: result.startedAt.toISOString() } : {}),
    endedAt: result.endedAt.toISOString(),
  };
  if (result.startedAt === undefined) {
    stream.abort();
    return { node: node.node, ...role, ...ended, ...times };
  }

  const audit = await stream.end();
  scanner.end();
  await lookups.settled();
  const after: ClientListRead = result.status === 'lost' ? {} : await readClientList(side);
  const facts = scanner.facts();
  facts.redirects = resolveRedirects(
    facts,
    [listed, ...(after.entries ? [after.entries] : [])],
    lookups.found,
    result.startedAt,
  );
  const report = monitorReport(audit, {
    inputs: [`live ${describeTarget(node.target)}`],
    version: options.version ?? '0.0.0',
    bytes: result.bytes,
    ...(server ? { server } : {}),
  });
  if (fromList.length > 0) {
    report.notes.push(
      `${fromList.length} clients were tracking when MONITOR began (CLIENT LIST flag t); their OPTIN/OPTOUT mode and BCAST prefixes are not listed, so they count as default mode or BCAST without prefix unless named with --tracking-clients`,
    );
  }
  if (!hello?.server)
    report.notes.push(
      'HELLO could not be read: the server version is unknown, so verdicts are the worst case of every version the data has',
    );
  if (before.error)
    report.notes.push(
      `CLIENT LIST could not be read (${before.error}): clients tracking before the capture are unknown`,
    );
  if ((watch?.worst() ?? 0) > 16 * 1048576) {
    report.notes.push(
      `the node held up to ${mb(watch!.worst())} of MONITOR output for the capture before it was read`,
    );
  }
  if (result.status === 'interrupted')
    report.notes.push('the capture was interrupted (Ctrl-C) before its duration');
  return { node: node.node, ...role, ...ended, ...times, report: { ...report, node: node.node, facts } };
}
