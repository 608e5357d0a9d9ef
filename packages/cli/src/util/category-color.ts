import type { ChalkInstance } from 'chalk';

/** One colour per category, used by every human-readable report. */
export function categoryColor(c: ChalkInstance, category: string): ChalkInstance {
  if (category === 'full') return c.green;
  if (category === 'partial') return c.yellow;
  if (category === 'none') return c.red;
  return c.gray;
}
