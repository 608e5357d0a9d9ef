import type { AuditReport, Finding, Skipped } from '../report/types.js';
import { formatTimestamp, LISTED_CLIENTS, topClients, type FindingGroup } from './finding-group.js';
import { MAX_FIELD_TTL_KEYS } from './field-ttl-keys.js';
import { MAX_UNKNOWN_COMMANDS } from './finding-recorder.js';
import type { MonitorAudit } from './monitor-audit.js';

const RULES: Record<FindingGroup['kind'], string> = {
  read: 'monitor/uncovered-read',
  'silent-write': 'monitor/silent-write',
  unknown: 'monitor/unknown-command',
};

function message(group: FindingGroup): string {
  if (group.kind !== 'silent-write') return group.explanation;
  const times = group.count === 1 ? 'once' : `${group.count.toLocaleString('en-US')} times`;
  return `\`${group.shape}\` ran ${times} while clients tracked: it can change data without sending an invalidation, so their cached copies go stale. ${group.explanation}`.trim();
}

function finding(group: FindingGroup, audit: MonitorAudit): Finding {
  const clients = topClients(group, LISTED_CLIENTS);
  const base = group.kind === 'silent-write' ? audit.totals.commands : audit.totals.trackedCommands;
  return {
    client: clients[0]?.address ?? '',
    line: group.exampleLine,
    column: 1,
    command: group.command,
    category: group.category,
    reasons: group.reasons,
    rule: RULES[group.kind],
    message: message(group),
    shape: group.shape,
    ...(group.mode ? { mode: group.mode } : {}),
    count: group.count,
    share: base > 0 ? group.count / base : 0,
    firstTimestamp: formatTimestamp(group.firstSeconds, group.firstMicros),
    lastTimestamp: formatTimestamp(group.lastSeconds, group.lastMicros),
    clients,
    clientCount: group.clients.size,
    example: group.example,
  };
}

export interface ReportContext {
  inputs: string[];
  version: string;
  /** Bytes read (of the file, or decompressed). */
  bytes?: number;
  /** `valkey 8.0.1` when known (--live). */
  server?: string;
}

/** The MONITOR audit's result in the report shape every audit shares. */
export function monitorReport(audit: MonitorAudit, context: ReportContext): AuditReport {
  const t = audit.totals;
  const skipped: Skipped[] = [];
  const examples = (reason: string) =>
    audit.skipped.filter((s) => s.reason === reason).map((s) => ({ line: s.line, preview: s.preview }));
  if (t.malformed > 0)
    skipped.push({ reason: 'malformed lines', count: t.malformed, examples: examples('malformed') });
  if (t.tooLong > 0)
    skipped.push({ reason: 'over-long lines', count: t.tooLong, examples: examples('too-long') });

  const notes: string[] = [];
  if (!audit.versions.matched) {
    notes.push(
      `the server's version is not one the data has: verdicts are the worst case of ${audit.versions.labels.join(', ')}`,
    );
  }
  if (t.commands === 0 && t.malformed > 0) notes.push('no line is in MONITOR format: is this a MONITOR log?');
  if (t.commands > 0 && t.trackingConnections === 0) {
    notes.push(
      'no client turned CLIENT TRACKING on during the capture; if some did before it began, name them with --tracking-clients',
    );
  }
  if (t.orphanLua > 0)
    notes.push(`${t.orphanLua} lua lines came before any client line and were not attributed`);
  if (t.addressReuses > 0) {
    notes.push(
      `${t.addressReuses} times a tracking address sent HELLO in database 0, which a client library sends only to start a connection: taken as a new connection on a reused port`,
    );
  }
  if (t.unescapedLines > 0) {
    notes.push(
      `${t.unescapedLines.toLocaleString('en-US')} lines show quotes the server did not escape, as Valkey 8.1.0 and 8.1.1 print them (valkey-io/valkey#2035): their arguments were split where \`" "\` separates two, which misreads an argument that itself holds \`" "\``,
    );
  }
  if (audit.registry.evictions > 0) {
    notes.push(
      `more than ${audit.registry.maxClients.toLocaleString('en-US')} clients held tracking state at once, so the ${audit.registry.evictions.toLocaleString('en-US')} idlest were forgotten (${audit.registry.evictedTracking.toLocaleString('en-US')} of them tracking): their later commands count as untracked`,
    );
  }
  if (audit.unixTracked) {
    notes.push(
      'a client on a unix socket tracked: MONITOR prints every unix-socket connection as the same address, so their commands are attributed to the tracking one',
    );
  }
  const findings = audit.findings().map((g) => finding(g, audit));
  if (audit.recorder.droppedUnknownLines > 0) {
    notes.push(
      `${audit.recorder.droppedUnknownLines.toLocaleString('en-US')} lines of commands the data does not know are left out: only ${MAX_UNKNOWN_COMMANDS.toLocaleString('en-US')} such commands are listed (a fixed sample of them)`,
    );
  }
  const fieldTtls = audit.fieldTtls;
  if (fieldTtls.overflowLine > 0) {
    notes.push(
      `more than ${MAX_FIELD_TTL_KEYS.toLocaleString('en-US')} keys had hash fields with TTLs at once (line ${fieldTtls.overflowLine.toLocaleString('en-US')}): past that the audit cannot tell which keys have them, so from there on every hash read of a tracking client counts as a read of fields with TTLs (partial on servers with field expiry), until a FLUSHALL`,
    );
  }
  const timeline = audit.timeline.finish();
  return {
    tool: { name: 'valkey-track', version: context.version },
    kind: 'monitor',
    inputs: context.inputs,
    findings,
    totals: {
      lines: t.lines,
      commands: t.commands,
      trackedCommands: t.trackedCommands,
      luaCommands: t.luaCommands,
      trackingClients: t.trackingConnections,
      malformed: t.malformed,
      tooLong: t.tooLong,
      blank: t.blank,
      ...(t.commands > 0
        ? {
            firstSeconds: Number(formatTimestamp(t.firstSeconds, t.firstMicros)),
            lastSeconds: Number(formatTimestamp(t.lastSeconds, t.lastMicros)),
          }
        : {}),
    },
    skipped,
    notes,
    ...(timeline ? { timeline } : {}),
    clients: audit.clientStats.summaries(),
    input: {
      ...(context.bytes !== undefined ? { bytes: context.bytes } : {}),
      ...(context.server ? { server: context.server } : {}),
    },
  };
}
