import type { FindingCategory } from '../types.js';
import { html, type SafeHtml } from './safe-html.js';

const TITLES: Record<string, string> = {
  none: 'none: nothing invalidates the cached reply',
  partial: 'partial: some changes send no invalidation',
  'silent-write': 'silent write: changes data without an invalidation',
};

/** The category as a coloured label with its meaning on hover; sortable by severity. */
export function categoryBadge(category: FindingCategory | 'silent-write'): SafeHtml {
  return html`<span class="badge badge-${category}" title="${TITLES[category]}"
    >${category === 'silent-write' ? 'silent write' : category}</span
  >`;
}

/** Sort key: the worst first when sorted descending. */
export const severity = (category: FindingCategory, silentWrite = false): number =>
  silentWrite ? 3 : category === 'none' ? 2 : 1;
