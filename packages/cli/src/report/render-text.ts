import type { ChalkInstance } from 'chalk';
import type { AuditReport, Finding } from './types.js';
import { categoryColor } from '../util/category-color.js';

const number = (n: number) => n.toLocaleString('en-US');
const percent = (share: number) => `${(share * 100).toFixed(share < 0.001 && share > 0 ? 3 : 1)}%`;

function label(c: ChalkInstance, finding: Finding): string {
  return categoryColor(c, finding.category).bold(finding.category.padEnd(7));
}

function logFinding(c: ChalkInstance, f: Finding): string[] {
  const clients = (f.clients ?? []).map((x) => `${x.address} (${number(x.count)})`).join(', ');
  const head = [
    `  ${label(c, f)} ${c.bold(f.shape ?? f.command)}`,
    f.mode ? c.dim(`[${f.mode}]`) : '',
    `${number(f.count ?? 0)} (${percent(f.share ?? 0)})`,
    c.dim(f.reasons.join(', ')),
  ].filter(Boolean);
  return [
    head.join('  '),
    `          ${c.dim('when')}     ${f.firstTimestamp} … ${f.lastTimestamp}`,
    `          ${c.dim('clients')}  ${clients}`,
    `          ${c.dim(`line ${f.line}`)}  ${f.example ?? ''}`,
    `          ${f.message}`,
  ];
}

function codeFinding(c: ChalkInstance, f: Finding): string {
  return `  ${c.dim(`${f.line}:${f.column}`.padEnd(8))} ${label(c, f)} ${c.bold(f.command.toUpperCase().replace('|', ' '))}  ${f.message}  ${c.dim(f.rule)}`;
}

/** Text for people: findings grouped (by kind for logs, by file for code), then what was skipped, then totals. */
export function renderText(report: AuditReport, c: ChalkInstance): string {
  const out: string[] = [];
  if (report.kind === 'monitor') {
    const reads = report.findings.filter((f) => f.rule === 'monitor/uncovered-read');
    const writes = report.findings.filter((f) => f.rule === 'monitor/silent-write');
    if (reads.length > 0) {
      out.push(c.bold('Reads by tracking clients that CLIENT TRACKING does not fully cover'), '');
      for (const f of reads) out.push(...logFinding(c, f), '');
    }
    if (writes.length > 0) {
      out.push(c.bold('Silent writes while clients tracked (cached copies go stale)'), '');
      for (const f of writes) out.push(...logFinding(c, f), '');
    }
  } else {
    const byFile = new Map<string, Finding[]>();
    for (const f of report.findings) byFile.set(f.file ?? '', [...(byFile.get(f.file ?? '') ?? []), f]);
    for (const [file, findings] of byFile) {
      out.push(c.underline(file));
      for (const f of findings) out.push(codeFinding(c, f));
      out.push('');
    }
  }
  for (const s of report.skipped) {
    const first = s.examples[0];
    const where = first
      ? ` (first: ${first.file ?? ''}${first.line !== undefined ? `${first.file ? ':' : 'line '}${first.line}` : ''} ${first.preview})`
      : '';
    out.push(c.yellow(`Skipped ${number(s.count)} ${s.reason}${where}`));
  }
  for (const note of report.notes) out.push(c.dim(`Note: ${note}`));
  const { firstSeconds, lastSeconds, ...counts } = report.totals;
  const totals = Object.entries(counts)
    .map(([k, v]) => `${number(v)} ${k.replace(/[A-Z]/g, (l) => ` ${l.toLowerCase()}`)}`)
    .join(', ');
  const span =
    firstSeconds !== undefined && lastSeconds !== undefined
      ? `, from ${new Date(firstSeconds * 1000).toISOString()} to ${new Date(lastSeconds * 1000).toISOString()}`
      : '';
  out.push(c.dim(`${report.inputs.join(', ')}: ${totals}${span}`));
  const none = report.findings.filter((f) => f.category === 'none').length;
  const partial = report.findings.length - none;
  out.push(
    report.findings.length === 0
      ? c.green('No findings.')
      : c.bold(
          `${report.findings.length} findings: ${c.red(`${none} none`)}, ${c.yellow(`${partial} partial`)}`,
        ),
  );
  return `${out.join('\n')}\n`;
}
