/**
 * HTML built by a tagged template that escapes every interpolated value unless it is already `SafeHtml`, so
 * text from a log or a source file (which can hold `<script>`) can only ever land in the page as text.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML: safe in element content and in quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function toHtml(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(toHtml).join('');
  return escapeHtml(String(value));
}

/** `html\`<td>${text}</td>\``: every value escaped, arrays joined, `SafeHtml` kept, nullish and booleans dropped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += toHtml(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup made here, not from input (a stylesheet, a script read from a package). */
export const trusted = (markup: string): SafeHtml => new SafeHtml(markup);

/** Message text with `code` in backticks, as the rules write it: escaped, backticks as <code>. */
export function withCode(text: string): SafeHtml {
  return new SafeHtml(
    text
      .split('`')
      .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
      .join(''),
  );
}
