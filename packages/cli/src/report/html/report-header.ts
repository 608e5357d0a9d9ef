import type { AuditReport } from '../types.js';
import { totalsOf, type Totals } from './breakdowns.js';
import type { Formatter } from './format.js';
import { html, type SafeHtml } from './safe-html.js';

export interface Verdict {
  tone: 'none' | 'partial' | 'clean' | 'neutral';
  headline: string;
  detail: SafeHtml;
}

/** The one-sentence answer at the top: can cached replies go stale, and how much of the traffic is it. */
export function verdictOf(
  report: AuditReport,
  fmt: Formatter,
  totals: Totals = totalsOf(report.findings),
): Verdict {
  const t = report.totals;
  if (report.kind === 'code') {
    const none = report.findings.filter((f) => f.category === 'none').length;
    const partial = report.findings.length - none;
    if (report.findings.length === 0)
      return {
        tone: 'clean',
        headline: 'No cached read outside what CLIENT TRACKING covers',
        detail: html`${fmt.count(t.linted ?? t.files ?? 0)} files checked.`,
      };
    return {
      tone: none > 0 ? 'none' : 'partial',
      headline: none > 0 ? 'Cached replies can stay stale' : 'Some cached replies are only partly covered',
      detail: html`${fmt.count(report.findings.length)} findings in
      ${fmt.count(new Set(report.findings.map((f) => f.file)).size)} files: ${fmt.count(none)} never
      invalidated (none), ${fmt.count(partial)} partly covered (partial).`,
    };
  }
  const tracked = t.trackedCommands ?? 0;
  if ((t.commands ?? 0) === 0)
    return {
      tone: 'neutral',
      headline: 'No MONITOR line to audit',
      detail: html`The input holds no command.`,
    };
  if ((t.trackingClients ?? 0) === 0)
    return {
      tone: 'neutral',
      headline: 'No client used CLIENT TRACKING during the capture',
      detail: html`Nothing to check. If clients turned tracking on before the capture began, name them with
        <code>--tracking-clients</code>.`,
    };
  const writes =
    totals.writeLines > 0
      ? html` ${fmt.count(totals.writeLines)} silent writes ran while clients tracked.`
      : html``;
  const unknown =
    totals.unknownLines > 0
      ? html` ${fmt.count(totals.unknownLines)} commands of tracking clients are unknown to the data.`
      : html``;
  if (totals.readLines === 0 && totals.writeLines === 0 && totals.unknownLines > 0)
    return {
      tone: 'partial',
      headline: 'Some commands of tracking clients are unknown to the data',
      detail: html`${fmt.count(totals.unknownLines)} commands of ${fmt.count(totals.unknowns)}
        ${totals.unknowns === 1 ? 'kind' : 'kinds'}: nothing says whether CLIENT TRACKING covers them (a
        category map from <code>valkey-track commands --format json</code> does, with
        <code>--categories</code>).`,
    };
  if (totals.readLines === 0 && totals.writeLines === 0)
    return {
      tone: 'clean',
      headline: 'Every read of the tracking clients is covered',
      detail: html`${fmt.count(tracked)} commands of ${fmt.count(t.trackingClients ?? 0)} tracking clients
      checked.`,
    };
  const share = tracked > 0 ? totals.readLines / tracked : 0;
  return {
    tone: totals.noneLines > 0 || totals.writeLines > 0 ? 'none' : 'partial',
    headline:
      totals.noneLines > 0 || totals.writeLines > 0
        ? 'Cached replies can go stale'
        : 'Some cached reads are only partly covered',
    detail: html`${fmt.count(totals.readLines)} reads of tracking clients (${fmt.share(share)} of their
    commands) are not fully covered: ${fmt.count(totals.noneLines)} never invalidated,
    ${fmt.count(totals.partialLines)} partly.${writes}${unknown}`,
  };
}

function span(report: AuditReport): { first: number; last: number } | undefined {
  const t = report.totals;
  if (t.firstSeconds !== undefined && t.lastSeconds !== undefined)
    return { first: t.firstSeconds, last: t.lastSeconds };
  const tl = report.timeline;
  if (!tl || tl.commands.length === 0) return undefined;
  return { first: tl.start, last: tl.start + tl.commands.length * tl.bucketSeconds };
}

/** Input, totals and verdict: what someone reading an incident review looks at first. */
export function reportHeader(report: AuditReport, fmt: Formatter, generatedAt: Date): SafeHtml {
  const t = report.totals;
  const totals = totalsOf(report.findings);
  const verdict = verdictOf(report, fmt, totals);
  const kind = report.kind === 'monitor' ? 'MONITOR audit' : 'Code audit';
  const inputs = report.inputs.length > 0 ? report.inputs : ['.'];
  const s = span(report);
  const facts: [string, unknown][] =
    report.kind === 'monitor'
      ? [
          ['Input', html`<code>${inputs.join(', ')}</code>`],
          ['Size', report.input?.bytes !== undefined ? fmt.bytes(report.input.bytes) : undefined],
          ['Lines', t.lines !== undefined ? fmt.count(t.lines) : undefined],
          [
            'Time span',
            s
              ? html`${fmt.time(s.first, s.last - s.first < 120)} →
                  ${fmt.time(s.last, s.last - s.first < 120)}
                  <span class="muted">(${fmt.duration(s.last - s.first)})</span>`
              : undefined,
          ],
          [
            'Server',
            report.input?.server ?? html`<span class="muted">not known (a log file does not say)</span>`,
          ],
        ]
      : [
          ['Paths', html`<code>${inputs.join(', ')}</code>`],
          ['Files', t.files !== undefined ? fmt.count(t.files) : undefined],
          ['Linted', t.linted !== undefined ? fmt.count(t.linted) : undefined],
          [
            'Skipped by the pre-filter',
            t.skippedByPrefilter !== undefined ? fmt.count(t.skippedByPrefilter) : undefined,
          ],
        ];
  const cards: [string, SafeHtml, SafeHtml?][] =
    report.kind === 'monitor'
      ? [
          ['Commands', fmt.count(t.commands ?? 0)],
          [
            'Tracked commands',
            fmt.count(t.trackedCommands ?? 0),
            t.commands ? html`${fmt.share((t.trackedCommands ?? 0) / t.commands)} of all` : undefined,
          ],
          ['Tracking clients', fmt.count(t.trackingClients ?? 0)],
          [
            'Uncovered reads',
            fmt.count(totals.readLines),
            html`${fmt.count(totals.reads)} ${totals.reads === 1 ? 'command shape' : 'command shapes'}`,
          ],
          [
            'Silent writes',
            fmt.count(totals.writeLines),
            html`${fmt.count(totals.writes)} ${totals.writes === 1 ? 'command' : 'commands'}`,
          ],
          ...(totals.unknownLines > 0
            ? [
                [
                  'Unknown commands',
                  fmt.count(totals.unknownLines),
                  html`${fmt.count(totals.unknowns)} ${totals.unknowns === 1 ? 'command' : 'commands'}`,
                ] as [string, SafeHtml, SafeHtml],
              ]
            : []),
          ['Skipped lines', fmt.count((t.malformed ?? 0) + (t.tooLong ?? 0)), html`malformed or over-long`],
        ]
      : [
          ['Findings', fmt.count(report.findings.length)],
          [
            'none',
            fmt.count(report.findings.filter((f) => f.category === 'none').length),
            html`never invalidated`,
          ],
          [
            'partial',
            fmt.count(report.findings.filter((f) => f.category === 'partial').length),
            html`partly covered`,
          ],
          ['Files with findings', fmt.count(new Set(report.findings.map((f) => f.file)).size)],
        ];
  return html`<header class="report-header">
    <p class="eyebrow">
      valkey-track ${report.tool.version} · ${kind} · made ${fmt.time(generatedAt.getTime() / 1000)}
    </p>
    <h1>
      ${report.kind === 'monitor' ? 'CLIENT TRACKING coverage of ' : 'Cached reads in '}<span
        class="input-name"
        >${inputs.join(', ')}</span
      >
    </h1>
    <dl class="facts">
      ${facts
        .filter(([, v]) => v !== undefined)
        .map(
          ([k, v]) =>
            html`<div>
              <dt>${k}</dt>
              <dd>${v as SafeHtml}</dd>
            </div>`,
        )}
    </dl>
    <div class="verdict verdict-${verdict.tone}" role="status">
      <strong>${verdict.headline}.</strong> ${verdict.detail}
    </div>
    <ul class="cards">
      ${cards.map(
        ([label, value, note]) =>
          html`<li>
            <span class="card-label">${label}</span
            ><span class="card-value">${value}</span
            >${note ? html`<span class="card-note">${note}</span>` : ''}
          </li>`,
      )}
    </ul>
  </header>`;
}
