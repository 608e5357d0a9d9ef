import type { AuditReport, Finding } from '../types.js';
import { shownClients } from '../shown-clients.js';
import {
  byReason,
  byShape,
  clientRows,
  isSilentWrite,
  linesOf,
  reasonSummary,
  shapeOf,
} from './breakdowns.js';
import { categoryBadge, severity } from './category-badge.js';
import { barCell, cell, cells, dataTable, headerRow, type Column } from './data-table.js';
import type { Formatter } from './format.js';
import { html, withCode, type SafeHtml } from './safe-html.js';
import { OTHER_CLIENTS } from '../../monitor/client-summary.js';

const section = (id: string, title: string, note: SafeHtml | string, body: SafeHtml) =>
  html`<section id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${title}</h2>
    ${note ? html`<p class="section-note">${note}</p>` : ''} ${body}
  </section>`;

export function byShapeSection(report: AuditReport, fmt: Formatter): SafeHtml {
  const groups = byShape(report.findings);
  const tracked = report.totals.trackedCommands ?? 0;
  const all = report.totals.commands ?? 0;
  const max = Math.max(0, ...groups.map((g) => g.lines));
  return section(
    'by-command',
    'By command shape',
    'Every mode the shape was read in; reads count against the commands of tracking clients, silent writes against all commands.',
    dataTable({
      id: 'by-command-table',
      caption: 'Findings by command shape',
      columns: [
        { label: 'Command shape' },
        { label: 'Category', ranked: true },
        { label: 'Lines', numeric: true },
        { label: 'Share', numeric: true },
        { label: 'Modes' },
        { label: 'Reasons' },
      ],
      rows: groups.map((g) => {
        const base = g.silentWrite ? all : tracked;
        return [
          cell(html`<code>${g.key}</code>`),
          cell(
            categoryBadge(g.silentWrite ? 'silent-write' : g.category),
            severity(g.category, g.silentWrite),
          ),
          cell(
            barCell(fmt.count(g.lines), g.lines, max, g.silentWrite ? 'silent-write' : g.category),
            g.lines,
          ),
          cell(fmt.share(base > 0 ? g.lines / base : 0), base > 0 ? g.lines / base : 0),
          cell(g.modes.join(', ') || '—'),
          cell(g.reasons.map((r) => html`<span class="chip">${r}</span>`)),
        ];
      }),
      empty: 'No finding.',
    }),
  );
}

export function byClientSection(report: AuditReport, fmt: Formatter): SafeHtml {
  const { rows, fromFindings } = clientRows(report);
  const max = Math.max(0, ...rows.map((r) => r.findings));
  const columns: Column[] = fromFindings
    ? [{ label: 'Client' }, { label: 'Mode' }, { label: 'Finding lines', numeric: true }]
    : [
        { label: 'Client' },
        { label: 'Mode' },
        { label: 'Prefixes' },
        { label: 'Redirect', numeric: true },
        { label: 'Commands', numeric: true },
        { label: 'Tracked', numeric: true },
        { label: 'Finding lines', numeric: true },
        { label: 'Of its tracked', numeric: true },
      ];
  const table = dataTable({
    id: 'by-client-table',
    caption: 'Tracking clients by findings',
    columns,
    rows: rows.map((r) => {
      const address =
        r.address === OTHER_CLIENTS ? html`<em>${r.address}</em>` : html`<code>${r.address}</code>`;
      const findings = cell(barCell(fmt.count(r.findings), r.findings, max, 'none'), r.findings);
      if (fromFindings) return [cell(address, r.address), cell(r.mode || '—'), findings];
      const share = r.trackedCommands > 0 ? r.findings / r.trackedCommands : 0;
      return [
        cell(address, r.address),
        cell(
          r.mode ? html`<span class="mode mode-${r.mode.split(/[ +]/)[0]}">${r.mode}</span>` : '—',
          r.mode,
        ),
        cell(r.prefixes.length > 0 ? r.prefixes.map((p) => html`<code class="chip">${p}</code>`) : '—'),
        cell(r.redirect !== undefined ? fmt.count(r.redirect) : '—', r.redirect ?? -1),
        cell(fmt.count(r.commands), r.commands),
        cell(fmt.count(r.trackedCommands), r.trackedCommands),
        findings,
        cell(fmt.share(share), share),
      ];
    }),
    empty: 'No client tracked during the capture.',
  });
  const note = fromFindings
    ? html`This report carries no per-client summary: the counts are the top clients each finding names.`
    : html`Every client that turned CLIENT TRACKING on (or was named with <code>--tracking-clients</code>),
        its mode as last seen, and the uncovered reads and silent writes it sent.`;
  return section('by-client', 'By client', note, table);
}

export function byReasonSection(report: AuditReport, fmt: Formatter): SafeHtml {
  const groups = byReason(report.findings);
  const max = Math.max(0, ...groups.map((g) => g.lines));
  return section(
    'by-reason',
    'By reason',
    'Why tracking misses these reads, and what to do about it (a finding with two reasons counts for both).',
    dataTable({
      id: 'by-reason-table',
      caption: 'Findings by reason code',
      columns: [
        { label: 'Reason' },
        { label: 'Lines', numeric: true },
        { label: 'Shapes', numeric: true },
        { label: 'What it means', unsorted: true },
        { label: 'What to do', unsorted: true },
      ],
      rows: groups.map((g) => {
        const about = reasonSummary(g.key);
        return [
          cell(html`<span class="chip">${g.key}</span>`, g.key),
          cell(barCell(fmt.count(g.lines), g.lines, max, g.category), g.lines),
          cell(fmt.count(g.findings), g.findings),
          cell(about ? withCode(about.summary) : '', undefined, 'prose'),
          cell(about?.advice ? withCode(about.advice) : '—', undefined, 'prose'),
        ];
      }),
      empty: 'No finding.',
    }),
  );
}

const FINDING_COLUMNS: Column[] = [
  { label: 'Category', ranked: true },
  { label: 'Command shape' },
  { label: 'Mode' },
  { label: 'Lines', numeric: true },
  { label: 'Share', numeric: true },
  { label: 'First seen', ranked: true },
  { label: 'Last seen', ranked: true },
  { label: 'Clients', unsorted: true },
];

const seconds = (timestamp: string | undefined) => (timestamp ? Number(timestamp) : undefined);

export interface TimeStyle {
  /** Milliseconds shown: the capture is short. */
  precise: boolean;
  /** Time of day only: the capture lies within one UTC day (the header gives the date). */
  sameDay: boolean;
}

function findingGroup(f: Finding, index: number, fmt: Formatter, times: TimeStyle): SafeHtml {
  const when = (s: number) => (times.sameDay ? fmt.clock(s, times.precise) : fmt.time(s, times.precise));
  const silent = isSilentWrite(f);
  const first = seconds(f.firstTimestamp);
  const last = seconds(f.lastTimestamp);
  const { shown, more } = shownClients(f);
  const clients = shown.map(
    (c) => html`<li><code>${c.address}</code> <span class="muted">${fmt.count(c.count)}</span></li>`,
  );
  if (more > 0) clients.push(html`<li class="muted">and ${fmt.count(more)} more</li>`);
  const row = cells(
    [
      cell(categoryBadge(silent ? 'silent-write' : f.category), severity(f.category, silent)),
      cell(
        html`<a class="anchor" href="#finding-${index + 1}" aria-label="Link to this finding">#</a>
          <code class="shape">${shapeOf(f)}</code>`,
        shapeOf(f),
      ),
      cell(f.mode || (silent ? 'any client' : '—'), f.mode ?? ''),
      cell(fmt.count(linesOf(f)), linesOf(f)),
      cell(fmt.share(f.share ?? 0), f.share ?? 0),
      cell(first !== undefined ? when(first) : '—', first ?? 0, 'when'),
      cell(last !== undefined ? when(last) : '—', last ?? 0, 'when'),
      cell(
        clients.length > 0
          ? html`<ul class="clients">
              ${clients}
            </ul>`
          : '—',
      ),
    ],
    FINDING_COLUMNS,
  );
  return html`<tbody
    class="finding"
    id="finding-${index + 1}"
    data-category="${silent ? 'silent-write' : f.category}"
  >
    <tr class="finding-head">
      ${row}
    </tr>
    <tr class="finding-detail">
      <td colspan="${FINDING_COLUMNS.length}">
        <p class="message">${withCode(f.message)}</p>
        <p class="reasons">
          ${f.reasons.map((r) => html`<span class="chip">${r}</span>`)} <span class="muted">${f.rule}</span>
        </p>
        ${f.example ? html`<p class="example"><span class="muted">Line ${fmt.count(f.line)}:</span> <code>${f.example}</code></p>` : ''}
      </td>
    </tr>
  </tbody>`;
}

/** Every finding, worst first: a sortable, filterable table whose second row per finding explains it. */
export function findingsSection(report: AuditReport, fmt: Formatter, times: TimeStyle): SafeHtml {
  const findings = [...report.findings].sort(
    (a, b) =>
      severity(b.category, isSilentWrite(b)) - severity(a.category, isSilentWrite(a)) ||
      linesOf(b) - linesOf(a),
  );
  const body =
    findings.length === 0
      ? html`<p class="empty">No finding.</p>`
      : html`${filterControls('findings-table', findings.length)}
          <div class="table-wrap">
            <table
              id="findings-table"
              class="data findings"
              data-sortable
              data-filterable
              data-rows="${findings.length}"
            >
              <caption>
                Every finding, with an example line from the log and what to do
              </caption>
              <thead>
                ${headerRow(FINDING_COLUMNS)}
              </thead>
              ${findings.map((f, i) => findingGroup(f, i, fmt, times))}
            </table>
          </div>`;
  return section('findings', 'Findings', '', body);
}

/** A labelled text filter and a category choice; the page script wires them up (hidden without it). */
export function filterControls(
  tableId: string,
  count: number,
  categories: readonly string[] = ['none', 'partial', 'silent-write', 'unknown'],
  placeholder = 'command, client, reason, text…',
): SafeHtml {
  return html`<form class="filters" data-filter-for="${tableId}" hidden role="search">
    <label>Filter <input type="search" name="text" placeholder="${placeholder}" autocomplete="off" /></label>
    <label
      >Category
      <select name="category">
        <option value="">all</option>
        ${categories.map((c) => html`<option value="${c}">${c.replace('-', ' ')}</option>`)}
      </select></label
    >
    <output name="count" aria-live="polite">${count} of ${count}</output>
  </form>`;
}
