import type { Timeline } from '../types.js';

const SERIES = ['commands', 'trackedCommands', 'partial', 'none', 'unknown', 'silentWrites'] as const;

/** Bars a chart can show side by side on a laptop screen and still read as bars. */
export const MAX_BARS = 240;

/**
 * The timeline with neighbouring buckets added together (width doubled as often as needed) until it has at
 * most `maxBars` buckets; bucket starts stay multiples of the width, as in the audit's own timeline. The
 * chart and the busiest-bucket table show this, so both speak of the same buckets.
 */
export function displayTimeline(tl: Timeline, maxBars = MAX_BARS): Timeline {
  let factor = 1;
  const first = Math.round(tl.start / tl.bucketSeconds);
  const span = (f: number) => Math.floor((first + tl.commands.length - 1) / f) - Math.floor(first / f) + 1;
  while (span(factor) > maxBars) factor *= 2;
  if (factor === 1) return tl;
  const start = Math.floor(first / factor);
  const length = span(factor);
  const merged = Object.fromEntries(
    SERIES.map((name) => {
      const values = new Array<number>(length).fill(0);
      (tl[name] ?? []).forEach((v, i) => {
        values[Math.floor((first + i) / factor) - start]! += v;
      });
      return [name, values];
    }),
  ) as Record<(typeof SERIES)[number], number[]>;
  return { start: start * factor * tl.bucketSeconds, bucketSeconds: tl.bucketSeconds * factor, ...merged };
}
