import type { AuditReport } from '../types.js';
import { codeBreakdowns, codeFindingsSection, type SourceLines } from './code-sections.js';
import { displayTimeline } from './display-timeline.js';
import { formatter } from './format.js';
import { byClientSection, byReasonSection, byShapeSection, findingsSection } from './monitor-sections.js';
import { notesSection } from './notes-section.js';
import { pageAssets } from './page-assets.js';
import { pageStyle } from './page-style.js';
import { reportHeader } from './report-header.js';
import { html, trusted, type SafeHtml } from './safe-html.js';
import { timelineSection } from './timeline-section.js';

export interface HtmlOptions {
  /** Code audit: the source line of each finding, by `file:line` (see `readSourceLines`). */
  sources?: SourceLines;
  /** The locale numbers are written in before the page script re-formats them for the reader. */
  locale?: string;
  /** When the report was made (tests fix it). */
  now?: Date;
}

/** What the page script reads: only what the chart draws; every table is in the HTML. */
export interface PageData {
  timeline?: AuditReport['timeline'];
}

/**
 * The templates' indentation dropped: a line break is all the whitespace HTML needs between tags, and no
 * value the templates insert (a log line, a source line, a message) holds a line break of its own.
 */
const compact = (markup: string) => markup.replace(/\n[ \t]+/g, '\n');

/** JSON that cannot end its `<script>` element early, whatever strings it holds. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const GLOSSARY = html`<dl class="glossary">
  <dt><span class="badge badge-none">none</span></dt>
  <dd>CLIENT TRACKING remembers nothing the reply depends on: no write ever invalidates the cached copy.</dd>
  <dt><span class="badge badge-partial">partial</span></dt>
  <dd>
    The keys are remembered, but the reply also changes without a write to them (time, randomness, server
    state, undeclared keys).
  </dd>
  <dt><span class="badge badge-silent-write">silent write</span></dt>
  <dd>
    A command that changes data without sending an invalidation, so other clients' cached copies go stale.
  </dd>
  <dt><span class="badge badge-unknown">unknown</span></dt>
  <dd>
    A command of a tracking client that neither the bundled data nor a category map knows (a module command, a
    newer server's): nothing says whether tracking covers it. Give <code>--categories</code> a map from
    <code>valkey-track commands --format json</code>.
  </dd>
</dl>`;

function toc(report: AuditReport): SafeHtml {
  const links: [string, string][] =
    report.kind === 'monitor'
      ? [
          ['timeline', 'Timeline'],
          ['by-command', 'By command'],
          ['by-client', 'By client'],
          ['by-reason', 'By reason'],
          ['findings', 'Findings'],
        ]
      : [
          ['by-file', 'By file'],
          ['by-command', 'By command'],
          ['by-rule', 'By rule'],
          ['by-reason', 'By reason'],
          ['findings', 'Findings'],
        ];
  if (report.skipped.length + report.notes.length > 0) links.push(['notes', 'Notes']);
  return html`<nav class="toc" aria-label="Sections">
    ${links.map(([id, label]) => html`<a href="#${id}">${label}</a>`)}
  </nav>`;
}

function body(report: AuditReport, options: HtmlOptions): SafeHtml {
  const fmt = formatter(options.locale);
  const now = options.now ?? new Date();
  if (report.kind === 'code') {
    return html`${reportHeader(report, fmt, now)}${toc(report)}
      <main>
        ${codeBreakdowns(report, fmt)}${codeFindingsSection(report, options.sources ?? new Map())}${notesSection(report, fmt)}
      </main>`;
  }
  const t = report.totals;
  const known = t.firstSeconds !== undefined && t.lastSeconds !== undefined;
  const times = {
    precise: known && t.lastSeconds! - t.firstSeconds! < 120,
    sameDay: known && Math.floor(t.firstSeconds! / 86_400) === Math.floor(t.lastSeconds! / 86_400),
  };
  return html`${reportHeader(report, fmt, now)}${toc(report)}
    <main>
      ${timelineSection(report.timeline && displayTimeline(report.timeline), fmt)}
      ${byShapeSection(report, fmt)} ${byClientSection(report, fmt)} ${byReasonSection(report, fmt)}
      ${findingsSection(report, fmt, times)} ${notesSection(report, fmt)}
    </main>`;
}

/**
 * `--format html`: one self-contained page (uPlot, its stylesheet and the page script inlined; nothing is
 * fetched when it opens) that reads without JavaScript. Every string from the input is escaped by `html`.
 */
export function renderHtml(report: AuditReport, options: HtmlOptions = {}): string {
  const assets = pageAssets();
  const title = `valkey-track ${report.kind === 'monitor' ? 'MONITOR' : 'code'} audit: ${report.inputs.join(', ') || '.'}`;
  const data: PageData = report.timeline ? { timeline: displayTimeline(report.timeline) } : {};
  // The inlined scripts go in byte for byte, without the semicolons a formatter would add after them.
  // prettier-ignore
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="valkey-track ${report.tool.version}">
<title>${title}</title>
<style>${trusted(assets.chartStyle)}</style>
<style>${trusted(pageStyle)}</style>
</head>
<body>
${trusted(compact(body(report, options).value))}
<footer>
  ${GLOSSARY}
  <p>Made by <code>valkey-track audit${report.kind === 'monitor' ? ' --monitor' : ''} --format html</code>
    ${report.tool.version}. Charts by uPlot (MIT licence). Times are UTC.</p>
</footer>
<script type="application/json" id="vt-data">${trusted(scriptJson(data))}</script>
<script>${trusted(assets.chartScript)}</script>
<script type="module">${trusted(assets.pageScript)}</script>
</body>
</html>
`;
  return page.value;
}
