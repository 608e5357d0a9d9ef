import { describeTarget, type ConnectionTarget } from '../connect/connection-options.js';
import { openClient } from '../connect/open-client.js';
import { auditOptions, type MonitorLogOptions } from '../monitor/audit-monitor-log.js';
import { trackingFromClientList } from '../monitor/live-capture.js';
import { MonitorAudit } from '../monitor/monitor-audit.js';
import { monitorReport } from '../monitor/monitor-report.js';
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
}

interface ClientListRead {
  text?: string;
  entries?: ClientListEntry[];
  error?: string;
}

async function readClientList(target: ConnectionTarget): Promise<ClientListRead> {
  try {
    const live = await openClient(target, 'valkey-track-audit');
    try {
      const text = await live.run('reading CLIENT LIST', (c) => c.call('CLIENT', 'LIST') as Promise<string>);
      return { text: String(text), entries: parseClientList(String(text)) };
    } finally {
      await live.close();
    }
  } catch (error) {
    return { error: (error as Error).message };
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
  startedAt: Date,
): RedirectFacts[] {
  const byId = new Map<number, ClientListEntry>();
  for (const list of lists) for (const entry of list) byId.set(entry.id, entry);
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
  return redirects.map((r) => {
    const target = byId.get(r.id);
    return {
      ...r,
      target: target
        ? { found: true, address: target.address, canReceive: target.resp >= 3 || target.subscriptions > 0 }
        : { found: false },
    };
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
  const before = await readClientList(node.target);
  if (before.entries === undefined && /cannot connect|timed out|resolve/.test(before.error ?? '')) {
    options.onProgress?.({ ...progress, state: 'done', status: 'unreachable', error: before.error! });
    return { node: node.node, ...role, status: 'unreachable', error: before.error! };
  }
  const listed = before.entries ?? [];
  const named = new Set((options.trackingClients ?? []).map((t) => t.address));
  const fromList = trackingFromClientList(before.text ?? '').filter((t) => !named.has(t.address));
  const assumed = [...(options.trackingClients ?? []), ...fromList];
  const audit = new MonitorAudit(auditOptions({ ...options, trackingClients: assumed }));
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
  const scanner = new NodeFactsScanner(known, before.entries !== undefined);

  const result = await captureMonitor(node.target, {
    durationMs: options.durationMs,
    ...(options.signal ? { signal: options.signal } : {}),
    onStart: () => options.onProgress?.({ ...progress, state: 'capturing' }),
    onChunk: (chunk) => {
      audit.write(chunk);
      scanner.write(chunk);
      progress.bytes += chunk.length;
      progress.commands = audit.totals.commands;
      options.onProgress?.({ ...progress, state: 'capturing' });
    },
  });
  const ended = { status: result.status, ...(result.error ? { error: result.error } : {}) };
  options.onProgress?.({ ...progress, state: 'done', ...ended });
  const times = {
    ...(result.startedAt ? { startedAt: result.startedAt.toISOString() } : {}),
    endedAt: result.endedAt.toISOString(),
  };
  if (result.startedAt === undefined) return { node: node.node, ...role, ...ended, ...times };

  audit.end();
  scanner.end();
  const after: ClientListRead = result.status === 'lost' ? {} : await readClientList(node.target);
  const facts = scanner.facts();
  facts.redirects = resolveRedirects(
    facts,
    [listed, ...(after.entries ? [after.entries] : [])],
    result.startedAt,
  );
  const report = monitorReport(audit, [`live ${describeTarget(node.target)}`], options.version ?? '0.0.0');
  if (fromList.length > 0) {
    report.notes.push(
      `${fromList.length} clients were tracking when MONITOR began (CLIENT LIST flag t); their OPTIN/OPTOUT mode and BCAST prefixes are not listed, so they count as default mode or BCAST without prefix unless named with --tracking-clients`,
    );
  }
  if (before.error)
    report.notes.push(
      `CLIENT LIST could not be read (${before.error}): clients tracking before the capture are unknown`,
    );
  if (result.status === 'interrupted')
    report.notes.push('the capture was interrupted (Ctrl-C) before its duration');
  return { node: node.node, ...role, ...ended, ...times, report: { ...report, node: node.node, facts } };
}
