import { reasonCodes } from '@valkey-track/rules-data';
import {
  findingSeverity,
  type AuditReport,
  type ClientSummary,
  type Finding,
  type FindingCategory,
} from '../types.js';

/** The number of log lines a finding stands for: its `count` in a MONITOR report, 1 in a code audit. */
export const linesOf = (f: Finding): number => f.count ?? 1;

export const isSilentWrite = (f: Finding): boolean => f.rule === 'monitor/silent-write';

const worse = (a: FindingCategory, b: FindingCategory) =>
  findingSeverity.indexOf(a) >= findingSeverity.indexOf(b) ? a : b;

export interface Group {
  key: string;
  category: FindingCategory;
  /** Log lines (MONITOR) or findings (code). */
  lines: number;
  findings: number;
  /** Distinct other values seen in the group: modes, reasons, commands. */
  modes: string[];
  reasons: string[];
  silentWrite: boolean;
}

function groupBy(findings: readonly Finding[], keysOf: (f: Finding) => string[]): Group[] {
  const groups = new Map<string, Group & { modeSet: Set<string>; reasonSet: Set<string> }>();
  for (const f of findings) {
    for (const key of keysOf(f)) {
      let g = groups.get(key);
      if (!g) {
        g = {
          key,
          category: f.category,
          lines: 0,
          findings: 0,
          modes: [],
          reasons: [],
          silentWrite: isSilentWrite(f),
          modeSet: new Set(),
          reasonSet: new Set(),
        };
        groups.set(key, g);
      }
      g.category = worse(g.category, f.category);
      g.lines += linesOf(f);
      g.findings++;
      if (f.mode) g.modeSet.add(f.mode);
      for (const r of f.reasons) g.reasonSet.add(r);
    }
  }
  return [...groups.values()]
    .map(({ modeSet, reasonSet, ...g }) => ({ ...g, modes: [...modeSet], reasons: [...reasonSet] }))
    .sort((a, b) => b.lines - a.lines || a.key.localeCompare(b.key));
}

/** The name people know a finding by: its shape in a log (`SCAN … MATCH`), its command in code (`KEYS`). */
export function shapeOf(f: Finding): string {
  if (f.shape) return f.shape;
  return f.command ? f.command.toUpperCase().replace('|', ' ') : '(cache set-up)';
}

/** Per command shape, across tracking modes; silent writes apart from reads of the same command. */
export const byShape = (findings: readonly Finding[]): Group[] =>
  groupBy(findings, (f) => [isSilentWrite(f) ? `${shapeOf(f)} (silent write)` : shapeOf(f)]);

/** Per reason code: a finding with two reasons counts for both. */
export const byReason = (findings: readonly Finding[]): Group[] =>
  groupBy(findings, (f) => (f.reasons.length > 0 ? f.reasons : ['(none given)']));

export const byRule = (findings: readonly Finding[]): Group[] => groupBy(findings, (f) => [f.rule]);

export const byFile = (findings: readonly Finding[]): Group[] =>
  groupBy(findings, (f) => [f.file ?? '']).sort((a, b) => a.key.localeCompare(b.key));

export function reasonSummary(code: string): { summary: string; advice: string } | undefined {
  return reasonCodes.find((r) => r.code === code);
}

/**
 * The "by client" rows: the audit's per-client summary when the report has one; otherwise (an older JSON
 * report) the clients each finding lists, which undercounts clients past a finding's first thousand.
 */
export function clientRows(report: AuditReport): { rows: ClientSummary[]; fromFindings: boolean } {
  if (report.clients) return { rows: report.clients, fromFindings: false };
  const byAddress = new Map<string, ClientSummary>();
  for (const f of report.findings) {
    for (const c of f.clients ?? []) {
      const row = byAddress.get(c.address) ?? {
        address: c.address,
        mode: '',
        prefixes: [],
        commands: 0,
        trackedCommands: 0,
        findings: 0,
      };
      row.findings += c.count;
      if (!isSilentWrite(f) && f.mode && !row.mode) row.mode = f.mode;
      byAddress.set(c.address, row);
    }
  }
  return {
    rows: [...byAddress.values()].sort(
      (a, b) => b.findings - a.findings || a.address.localeCompare(b.address),
    ),
    fromFindings: true,
  };
}

export interface Totals {
  readLines: number;
  /** Lines of commands the data does not know, and how many such commands (apart from reads). */
  unknownLines: number;
  unknowns: number;
  writeLines: number;
  noneLines: number;
  partialLines: number;
  reads: number;
  writes: number;
}

export function totalsOf(findings: readonly Finding[]): Totals {
  const t: Totals = {
    readLines: 0,
    unknownLines: 0,
    unknowns: 0,
    writeLines: 0,
    noneLines: 0,
    partialLines: 0,
    reads: 0,
    writes: 0,
  };
  for (const f of findings) {
    const n = linesOf(f);
    if (f.category === 'unknown') {
      t.unknownLines += n;
      t.unknowns++;
    } else if (isSilentWrite(f)) {
      t.writeLines += n;
      t.writes++;
    } else {
      t.readLines += n;
      t.reads++;
      if (f.category === 'none') t.noneLines += n;
      else t.partialLines += n;
    }
  }
  return t;
}
