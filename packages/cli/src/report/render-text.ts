import type { ChalkInstance } from 'chalk';
import type { AuditReport, Finding } from './types.js';
import { categoryColor } from '../util/category-color.js';
import { yourLibrariesLines } from '../clients/format-your-libraries.js';
import { shownClients } from './shown-clients.js';
import { printable } from '../util/printable.js';
import { wrapLine } from '../util/wrap-line.js';
import { renderNodes } from './render-nodes-text.js';

const number = (n: number) => n.toLocaleString('en-US');
const percent = (share: number) => `${(share * 100).toFixed(share < 0.001 && share > 0 ? 3 : 1)}%`;

function label(c: ChalkInstance, finding: Finding): string {
  return categoryColor(c, finding.category).bold(finding.category.padEnd(7));
}

/** Where the details of a log finding start: under its command shape. */
const DETAIL = 10;

function logFinding(c: ChalkInstance, f: Finding, width: number | undefined): string[] {
  const { shown, more } = shownClients(f);
  const clients =
    shown.map((x) => `${printable(x.address)} (${number(x.count)})`).join(', ') +
    (more > 0 ? ` and ${number(more)} more` : '');
  const head = [
    `  ${label(c, f)} ${c.bold(printable(f.shape ?? f.command))}`,
    f.mode ? c.dim(`[${f.mode}]`) : '',
    `${number(f.count ?? 0)} (${percent(f.share ?? 0)})`,
    c.dim(f.reasons.join(', ')),
  ].filter(Boolean);
  const nodes = (f.nodes ?? []).map((n) => `${n.node} (${number(n.count)})`).join(', ');
  const where = f.file ? `${f.file}:${f.line}` : `line ${f.line}`;
  const detail = ' '.repeat(DETAIL);
  return [
    wrapLine(head.join('  '), width, DETAIL),
    wrapLine(
      `${detail}${c.dim('when')}     ${f.firstTimestamp ?? ''}${f.lastTimestamp ? ` … ${f.lastTimestamp}` : ''}`,
      width,
      DETAIL + 9,
    ),
    ...(nodes ? [wrapLine(`${detail}${c.dim('nodes')}    ${nodes}`, width, DETAIL + 9)] : []),
    wrapLine(`${detail}${c.dim('clients')}  ${clients}`, width, DETAIL + 9),
    ...(f.example
      ? [
          wrapLine(
            `${detail}${c.dim(f.line > 0 ? where : 'seen in')}  ${printable(f.example)}`,
            width,
            DETAIL + 2,
          ),
        ]
      : []),
    wrapLine(`${detail}${printable(f.message)}`, width, DETAIL),
  ];
}

/** Where a code finding's command starts, after its position and category: its message wraps to here. */
const CODE_MESSAGE = 19;

function codeFinding(c: ChalkInstance, f: Finding, width: number | undefined): string {
  return wrapLine(
    `  ${c.dim(`${f.line}:${f.column}`.padEnd(8))} ${label(c, f)} ${c.bold(printable(f.command.toUpperCase().replace('|', ' ')))}  ${printable(f.message)}  ${c.dim(f.rule)}`,
    width,
    CODE_MESSAGE,
  );
}

/**
 * Text for people: findings grouped (by kind for logs, by file for code), then what was skipped, then totals.
 * With a `width`, every line wraps at it (`util/output-width.ts` decides when).
 */
export function renderText(report: AuditReport, c: ChalkInstance, width?: number): string {
  const out: string[] = [];
  if (report.kind === 'monitor') {
    const reads = report.findings.filter((f) => f.rule === 'monitor/uncovered-read');
    const writes = report.findings.filter((f) => f.rule === 'monitor/silent-write');
    const unknown = report.findings.filter((f) => f.rule === 'monitor/unknown-command');
    const acrossNodes = report.findings.filter(
      (f) => f.rule === 'monitor/tracking-on-some-nodes' || f.rule === 'monitor/redirect-to-other-node',
    );
    if (acrossNodes.length > 0) {
      out.push(c.bold('Tracking set up on some nodes only (cached replies from the others go stale)'), '');
      for (const f of acrossNodes) out.push(...logFinding(c, f, width), '');
    }
    if (reads.length > 0) {
      out.push(c.bold('Reads by tracking clients that CLIENT TRACKING does not fully cover'), '');
      for (const f of reads) out.push(...logFinding(c, f, width), '');
    }
    if (writes.length > 0) {
      out.push(c.bold('Silent writes while clients tracked (cached copies go stale)'), '');
      for (const f of writes) out.push(...logFinding(c, f, width), '');
    }
    if (unknown.length > 0) {
      out.push(c.bold('Commands of tracking clients nothing knows (coverage unknown: use --categories)'), '');
      for (const f of unknown) out.push(...logFinding(c, f, width), '');
    }
  } else {
    const byFile = new Map<string, Finding[]>();
    for (const f of report.findings) byFile.set(f.file ?? '', [...(byFile.get(f.file ?? '') ?? []), f]);
    for (const [file, findings] of byFile) {
      out.push(wrapLine(c.underline(printable(file)), width, 2));
      for (const f of findings) out.push(codeFinding(c, f, width));
      out.push('');
    }
  }
  const nodes = renderNodes(report, c);
  if (nodes.length > 0) out.push(...nodes, '');
  for (const s of report.skipped) {
    const first = s.examples[0];
    const where = first
      ? ` (first: ${printable(first.file ?? '')}${first.line !== undefined ? `${first.file ? ':' : 'line '}${first.line}` : ''} ${printable(first.preview)})`
      : '';
    out.push(wrapLine(c.yellow(`Skipped ${number(s.count)} ${s.reason}${where}`), width, 2));
  }
  if (report.clientLibraries) {
    out.push(
      wrapLine(
        c.bold('Client libraries installed here (what their own caches keep, before any code is read)'),
        width,
      ),
    );
    for (const line of yourLibrariesLines(report.clientLibraries)) out.push(wrapLine(`  ${line}`, width, 4));
    out.push('');
  }
  for (const note of report.notes) out.push(wrapLine(c.dim(`Note: ${printable(note)}`), width, 2));
  // The capture's first and last timestamps are a span, not counts.
  const { firstSeconds, lastSeconds, ...counts } = report.totals;
  const span =
    firstSeconds !== undefined && lastSeconds !== undefined
      ? `, ${new Date(firstSeconds * 1000).toISOString()} … ${new Date(lastSeconds * 1000).toISOString()}`
      : '';
  const totals = Object.entries(counts)
    .map(([k, v]) => `${number(v)} ${k.replace(/[A-Z]/g, (l) => ` ${l.toLowerCase()}`)}`)
    .join(', ');
  // A multi-node report counts its nodes among the totals; its inputs are in the table of nodes.
  out.push(
    wrapLine(
      c.dim(report.nodes ? `${totals}${span}` : `${printable(report.inputs.join(', '))}: ${totals}${span}`),
      width,
      2,
    ),
  );
  const count = (category: string) => report.findings.filter((f) => f.category === category).length;
  const unknownCount = count('unknown');
  out.push(
    report.findings.length === 0
      ? c.green('No findings.')
      : c.bold(
          `${report.findings.length} findings: ${c.red(`${count('none')} none`)}, ${c.yellow(`${count('partial')} partial`)}` +
            (unknownCount > 0 ? `, ${c.gray(`${unknownCount} unknown`)}` : ''),
        ),
  );
  return `${out.join('\n')}\n`;
}
