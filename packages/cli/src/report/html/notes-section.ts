import type { AuditReport } from '../types.js';
import type { Formatter } from './format.js';
import { html, type SafeHtml } from './safe-html.js';

/** What the run skipped (counted, with examples) and what it assumed. */
export function notesSection(report: AuditReport, fmt: Formatter): SafeHtml {
  if (report.skipped.length === 0 && report.notes.length === 0) return html``;
  return html`<section id="notes" aria-labelledby="notes-title">
    <h2 id="notes-title">Skipped input and notes</h2>
    ${report.skipped.map(
      (s) =>
        html`<div class="skipped">
          <p><strong>Skipped ${fmt.count(s.count)} ${s.reason}</strong></p>
          ${
            s.examples.length > 0
              ? html`<ul>
                  ${s.examples.map(
                    (e) =>
                      html`<li>
                        ${e.file ? html`<code>${e.file}</code>` : ''}${e.line !== undefined ? html` <span class="muted">line ${e.line}</span>` : ''}
                        <code class="preview">${e.preview}</code>
                      </li>`,
                  )}
                </ul>`
              : ''
          }
        </div>`,
    )}
    ${
      report.notes.length > 0
        ? html`<ul class="notes">
            ${report.notes.map((n) => html`<li>${n}</li>`)}
          </ul>`
        : ''
    }
  </section>`;
}
