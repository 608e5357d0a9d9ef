import { html, type SafeHtml } from './safe-html.js';

/**
 * Numbers, shares, sizes and times as HTML the page script can re-format for the reader's locale: the value
 * is in `<data value>`, the text is formatted for the locale the report was made in (the reader sees that
 * without JavaScript, and in print).
 */
export interface Formatter {
  count(n: number): SafeHtml;
  share(fraction: number): SafeHtml;
  bytes(n: number): SafeHtml;
  /** Unix seconds as UTC date and time (milliseconds when the span is short). */
  time(seconds: number, precise?: boolean): SafeHtml;
  /** Unix seconds as a UTC time of day, the date in its title (for tables of one day's capture). */
  clock(seconds: number, precise?: boolean): SafeHtml;
  duration(seconds: number): string;
  /** Plain text versions, for attributes and sentences. */
  countText(n: number): string;
  shareText(fraction: number): string;
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

export function formatter(locale?: string): Formatter {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const shareText = (fraction: number) =>
    new Intl.NumberFormat(locale, {
      style: 'percent',
      maximumFractionDigits: fraction > 0 && fraction < 0.001 ? 3 : 1,
    }).format(fraction);
  const countText = (n: number) => integer.format(n);
  return {
    count: (n) => html`<data value="${n}" data-format="count">${countText(n)}</data>`,
    share: (fraction) => html`<data value="${fraction}" data-format="share">${shareText(fraction)}</data>`,
    bytes(n) {
      let unit = 0;
      let value = n;
      while (value >= 1000 && unit < UNITS.length - 1) {
        value /= 1000;
        unit++;
      }
      const text = unit === 0 ? `${integer.format(n)} bytes` : `${decimal.format(value)} ${UNITS[unit]}`;
      return html`<data value="${n}" data-format="bytes">${text}</data>`;
    },
    time(seconds, precise = false) {
      const iso = new Date(seconds * 1000).toISOString();
      const text = `${iso.slice(0, 10)} ${precise ? iso.slice(11, 23) : iso.slice(11, 19)} UTC`;
      return html`<time datetime="${iso}">${text}</time>`;
    },
    clock(seconds, precise = false) {
      const iso = new Date(seconds * 1000).toISOString();
      return html`<time datetime="${iso}" title="${iso}"
        >${precise ? iso.slice(11, 23) : iso.slice(11, 19)}</time
      >`;
    },
    duration(seconds) {
      if (seconds < 1) return `${decimal.format(seconds * 1000)} ms`;
      if (seconds < 120) return `${decimal.format(seconds)} s`;
      const parts: string[] = [];
      let rest = Math.round(seconds);
      for (const [size, unit] of [
        [86_400, 'd'],
        [3600, 'h'],
        [60, 'min'],
        [1, 's'],
      ] as const) {
        if (rest >= size) {
          parts.push(`${Math.floor(rest / size)} ${unit}`);
          rest %= size;
        }
        if (parts.length === 2) break;
      }
      return parts.join(' ');
    },
    countText,
    shareText,
  };
}
