import type { FindingCategory } from '../types.js';
import { html, type SafeHtml } from './safe-html.js';

const TITLES: Record<string, string> = {
  none: 'none: nothing invalidates the cached reply',
  partial: 'partial: some changes send no invalidation',
  'silent-write': 'silent write: changes data without an invalidation',
  unknown: 'unknown: a command the data does not know, so nothing says whether tracking covers it',
};

/** The category as a coloured label with its meaning on hover; sortable by severity. */
export function categoryBadge(category: FindingCategory | 'silent-write'): SafeHtml {
  return html`<span class="badge badge-${category}" title="${TITLES[category]}"
    >${category === 'silent-write' ? 'silent write' : category}</span
  >`;
}

/** Sort key: the worst first when sorted descending (`unknown` is the least severe, as for `--fail-on`). */
export const severity = (category: FindingCategory, silentWrite = false): number =>
  silentWrite ? 3 : category === 'none' ? 2 : category === 'partial' ? 1 : 0;
