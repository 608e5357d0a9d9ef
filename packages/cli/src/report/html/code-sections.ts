import type { AuditReport, Finding } from '../types.js';
import { byFile, byRule, byShape, reasonSummary, byReason, shapeOf } from './breakdowns.js';
import { categoryBadge, severity } from './category-badge.js';
import { barCell, cell, dataTable } from './data-table.js';
import type { Formatter } from './format.js';
import { filterControls } from './monitor-sections.js';
import { html, withCode, type SafeHtml } from './safe-html.js';

/** A source line per finding (`file:line`), read by the CLI; absent when the file could not be read. */
export type SourceLines = ReadonlyMap<string, string>;

export const sourceKey = (file: string, line: number) => `${file}:${line}`;

/** The finding's anchor: `file:line:column`, stable across runs so a review can link to it. */
export const anchorOf = (f: Finding) => `${f.file ?? ''}:${f.line}:${f.column}`;

/** A fragment for an id that may hold any character but spaces and `#`. */
const fragment = (id: string) => `#${encodeURI(id).replace(/#/g, '%23')}`;

/** The source line with the finding's column marked: from the column to the end of the word there. */
function sourceLine(text: string, column: number): SafeHtml {
  const at = Math.max(0, Math.min(text.length, column - 1));
  const word = /^[\w$.]+/.exec(text.slice(at))?.[0] ?? text.slice(at, at + 1);
  return html`${text.slice(0, at)}<mark>${word}</mark>${text.slice(at + word.length)}`;
}

const section = (id: string, title: string, body: SafeHtml, note = '') =>
  html`<section id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${title}</h2>
    ${note ? html`<p class="section-note">${note}</p>` : ''} ${body}
  </section>`;

export function codeBreakdowns(report: AuditReport, fmt: Formatter): SafeHtml {
  const files = byFile(report.findings);
  const commands = byShape(report.findings);
  const rules = byRule(report.findings);
  const reasons = byReason(report.findings);
  const max = (groups: { lines: number }[]) => Math.max(0, ...groups.map((g) => g.lines));
  const count = (n: number, m: number, tone: string) => cell(barCell(fmt.count(n), n, m, tone), n);
  return html`${section(
      'by-file',
      'By file',
      dataTable({
        id: 'by-file-table',
        caption: 'Files with findings',
        columns: [{ label: 'File' }, { label: 'Findings', numeric: true }, { label: 'Worst', ranked: true }],
        rows: files.map((g) => [
          cell(html`<a href="${fragment(`file:${g.key}`)}"><code>${g.key}</code></a>`, g.key),
          count(g.findings, max(files), g.category),
          cell(categoryBadge(g.category), severity(g.category)),
        ]),
        empty: 'No finding.',
      }),
    )}
    <div class="columns">
      ${section(
        'by-command',
        'By command',
        dataTable({
          id: 'by-command-table',
          caption: 'Findings by command',
          columns: [
            { label: 'Command' },
            { label: 'Findings', numeric: true },
            { label: 'Category', ranked: true },
          ],
          rows: commands.map((g) => [
            cell(html`<code>${g.key}</code>`, g.key),
            count(g.findings, max(commands), g.category),
            cell(categoryBadge(g.category), severity(g.category)),
          ]),
          empty: 'No finding.',
        }),
      )}
      ${section(
        'by-rule',
        'By rule',
        dataTable({
          id: 'by-rule-table',
          caption: 'Findings by ESLint rule',
          columns: [{ label: 'Rule' }, { label: 'Findings', numeric: true }],
          rows: rules.map((g) => [
            cell(html`<code>${g.key}</code>`, g.key),
            count(g.findings, max(rules), g.category),
          ]),
          empty: 'No finding.',
        }),
      )}
    </div>
    ${section(
      'by-reason',
      'By reason',
      dataTable({
        id: 'by-reason-table',
        caption: 'Findings by reason code',
        columns: [
          { label: 'Reason' },
          { label: 'Findings', numeric: true },
          { label: 'What it means', unsorted: true },
          { label: 'What to do', unsorted: true },
        ],
        rows: reasons.map((g) => {
          const about = reasonSummary(g.key);
          return [
            cell(html`<span class="chip">${g.key}</span>`, g.key),
            count(g.findings, max(reasons), g.category),
            cell(about ? withCode(about.summary) : '', undefined, 'prose'),
            cell(about?.advice ? withCode(about.advice) : '—', undefined, 'prose'),
          ];
        }),
        empty: 'No finding.',
      }),
    )}`;
}

function findingRows(f: Finding, sources: SourceLines): SafeHtml {
  const id = anchorOf(f);
  const source = sources.get(sourceKey(f.file ?? '', f.line));
  return html`<tbody class="finding" id="${id}" data-category="${f.category}">
    <tr class="finding-head">
      <td class="where">
        <a class="anchor" href="${fragment(id)}" title="Link to this finding">${f.line}:${f.column}</a>
      </td>
      <td data-sort="${severity(f.category)}">${categoryBadge(f.category)}</td>
      <td><code class="shape">${shapeOf(f)}</code></td>
      <td class="prose">
        <p class="message">${withCode(f.message)}</p>
        <p class="reasons">
          ${f.reasons.map((r) => html`<span class="chip">${r}</span>`)} <span class="muted">${f.rule}</span>
        </p>
      </td>
    </tr>
    ${
      source !== undefined
        ? html`<tr class="finding-detail">
            <td></td>
            <td colspan="3">
              <pre
                class="source"
              ><span class="line-number">${f.line}</span>${sourceLine(source, f.column)}</pre>
            </td>
          </tr>`
        : ''
    }
  </tbody>`;
}

/** Findings grouped by file, in line order, each with its source line and an anchor of its own. */
export function codeFindingsSection(report: AuditReport, sources: SourceLines): SafeHtml {
  const files = new Map<string, Finding[]>();
  for (const f of [...report.findings].sort((a, b) => a.line - b.line || a.column - b.column)) {
    const key = f.file ?? '';
    files.set(key, [...(files.get(key) ?? []), f]);
  }
  const groups = [...files].sort(([a], [b]) => a.localeCompare(b));
  const body =
    groups.length === 0
      ? html`<p class="empty">No finding.</p>`
      : html`${filterControls('code-findings', report.findings.length, ['none', 'partial'], 'file, command, reason, text…')}
          <div id="code-findings" data-filterable data-rows="${report.findings.length}">
            ${groups.map(
              ([file, findings]) =>
                html`<section class="file-group" id="file:${file}" aria-label="${file}">
                  <h3>
                    <a href="${fragment(`file:${file}`)}"><code>${file}</code></a>
                    <span class="muted"
                      >${findings.length} ${findings.length === 1 ? 'finding' : 'findings'}</span
                    >
                  </h3>
                  <div class="table-wrap">
                    <table class="data code">
                      <caption class="visually-hidden">
                        Findings in ${file}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Line</th>
                          <th scope="col">Category</th>
                          <th scope="col">Command</th>
                          <th scope="col">What and why</th>
                        </tr>
                      </thead>
                      ${findings.map((f) => findingRows(f, sources))}
                    </table>
                  </div>
                </section>`,
            )}
          </div>`;
  return section('findings', 'Findings by file', body);
}
