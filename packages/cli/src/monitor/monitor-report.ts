import type { AuditReport, Finding, Skipped } from '../report/types.js';
import { formatTimestamp, topClients, type FindingGroup } from './finding-group.js';
import type { MonitorAudit } from './monitor-audit.js';

const TOP_CLIENTS = 5;

function message(group: FindingGroup): string {
  if (group.kind === 'read') return group.explanation;
  const times = group.count === 1 ? 'once' : `${group.count.toLocaleString('en-US')} times`;
  return `\`${group.shape}\` ran ${times} while clients tracked: it can change data without sending an invalidation, so their cached copies go stale. ${group.explanation}`.trim();
}

function finding(group: FindingGroup, audit: MonitorAudit): Finding {
  const clients = topClients(group, TOP_CLIENTS);
  const base = group.kind === 'read' ? audit.totals.trackedCommands : audit.totals.commands;
  return {
    client: clients[0]?.address ?? '',
    line: group.exampleLine,
    column: 1,
    command: group.command,
    category: group.category,
    reasons: group.reasons,
    rule: group.kind === 'read' ? 'monitor/uncovered-read' : 'monitor/silent-write',
    message: message(group),
    shape: group.shape,
    ...(group.mode ? { mode: group.mode } : {}),
    count: group.count,
    share: base > 0 ? group.count / base : 0,
    firstTimestamp: formatTimestamp(group.firstSeconds, group.firstMicros),
    lastTimestamp: formatTimestamp(group.lastSeconds, group.lastMicros),
    clients,
    example: group.example,
  };
}

/** The MONITOR audit's result in the report shape every audit shares. */
export function monitorReport(
  audit: MonitorAudit,
  inputs: string[],
  version: string,
  input: AuditReport['input'] = {},
): AuditReport {
  const t = audit.totals;
  const trackingClients = audit.trackingAddresses().length;
  const skipped: Skipped[] = [];
  const examples = (reason: string) =>
    audit.skipped.filter((s) => s.reason === reason).map((s) => ({ line: s.line, preview: s.preview }));
  if (t.malformed > 0)
    skipped.push({ reason: 'malformed lines', count: t.malformed, examples: examples('malformed') });
  if (t.tooLong > 0)
    skipped.push({ reason: 'over-long lines', count: t.tooLong, examples: examples('too-long') });

  const notes: string[] = [];
  if (t.commands === 0 && t.malformed > 0) notes.push('no line is in MONITOR format: is this a MONITOR log?');
  if (t.commands > 0 && trackingClients === 0) {
    notes.push(
      'no client turned CLIENT TRACKING on during the capture; if some did before it began, name them with --tracking-clients',
    );
  }
  if (t.orphanLua > 0)
    notes.push(`${t.orphanLua} lua lines came before any client line and were not attributed`);
  if (t.addressReuses > 0) {
    notes.push(
      `${t.addressReuses} times a tracking address sent a new connection handshake (HELLO/AUTH): treated as a new connection`,
    );
  }
  if (audit.trackingAddresses().some((a) => a.startsWith('unix:'))) {
    notes.push(
      'a client on a unix socket tracked: MONITOR prints every unix-socket connection as the same address, so their commands are attributed to the tracking one',
    );
  }
  if (audit.unknownCommands.size > 0) {
    const names = [...audit.unknownCommands]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([n, c]) => `${n} (${c})`);
    notes.push(
      `commands of tracking clients the bundled data does not know (use --categories): ${names.join(', ')}`,
    );
  }
  const timeline = audit.timelineSoFar();
  const span = audit.timeline;
  return {
    tool: { name: 'valkey-track', version },
    kind: 'monitor',
    inputs,
    findings: audit.findings().map((g) => finding(g, audit)),
    totals: {
      lines: t.lines,
      commands: t.commands,
      trackedCommands: t.trackedCommands,
      luaCommands: t.luaCommands,
      trackingClients,
      malformed: t.malformed,
      tooLong: t.tooLong,
      blank: t.blank,
      ...(timeline ? { firstSeconds: span.firstSeconds, lastSeconds: span.lastSeconds } : {}),
    },
    skipped,
    notes,
    ...(timeline ? { timeline } : {}),
    clients: audit.clientSummaries(),
    input,
  };
}
