import { html, type HtmlValue, type SafeHtml } from './safe-html.js';

export interface Column {
  label: string;
  /** Sorted as numbers (right-aligned, largest first on the first click); otherwise as text. */
  numeric?: boolean;
  /** No sort button (a column of prose). */
  unsorted?: boolean;
  /** Sorted by a number in `data-sort` (a severity), worst first on the first click, but aligned as text. */
  ranked?: boolean;
}

export interface Cell {
  html: HtmlValue;
  /** The value the column sorts by, when the text is not it (a count formatted `1,234`, a category). */
  sort?: string | number;
  className?: string;
}

export const cell = (content: HtmlValue, sort?: string | number, className?: string): Cell => ({
  html: content,
  ...(sort !== undefined ? { sort } : {}),
  ...(className ? { className } : {}),
});

export function headerRow(columns: readonly Column[]): SafeHtml {
  return html`<tr>
    ${columns.map(
      (c) =>
        html`<th
          scope="col"
          class="${c.numeric ? 'num' : ''}"
          data-type="${c.unsorted ? 'none' : c.numeric || c.ranked ? 'number' : 'text'}"
        >
          ${c.label}
        </th>`,
    )}
  </tr>`;
}

export function cells(row: readonly Cell[], columns: readonly Column[]): SafeHtml {
  return html`${row.map(
    (c, i) =>
      html`<td
        class="${[columns[i]?.numeric ? 'num' : '', c.className ?? ''].join(' ').trim()}"
        ${c.sort !== undefined ? html` data-sort="${c.sort}"` : ''}
      >
        ${c.html}
      </td>`,
  )}`;
}

/**
 * A table that reads without JavaScript; the page script turns its headers into sort buttons
 * (`data-sortable`). `data-rows` holds the row count the page's live "showing N of M" text starts from.
 */
export function dataTable(options: {
  id: string;
  caption: HtmlValue;
  columns: readonly Column[];
  rows: readonly (readonly Cell[])[];
  empty?: string;
}): SafeHtml {
  const { id, caption, columns, rows } = options;
  if (rows.length === 0 && options.empty) return html`<p class="empty">${options.empty}</p>`;
  return html`<div class="table-wrap">
    <table id="${id}" class="data" data-sortable data-rows="${rows.length}">
      <caption>
        ${caption}
      </caption>
      <thead>
        ${headerRow(columns)}
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              ${cells(row, columns)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** A bar inside a cell, its length the value's share of the column's largest (readable in print and without JS). */
export function barCell(content: HtmlValue, value: number, max: number, tone = ''): SafeHtml {
  const width = max > 0 ? Math.max(1, Math.round((value / max) * 100)) : 0;
  return html`<span class="bar-cell"
    ><span class="bar ${tone}" style="width:${width}%"></span><span class="bar-value">${content}</span></span
  >`;
}
