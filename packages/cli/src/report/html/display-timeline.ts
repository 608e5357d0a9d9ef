import { mergeTimelines } from '../../monitor/timeline.js';
import type { Timeline } from '../types.js';

/** Bars a chart can show side by side on a laptop screen and still read as bars. */
export const MAX_BARS = 240;

/**
 * The timeline with neighbouring buckets added together (width doubled as often as needed) until it has at
 * most `maxBars` buckets; bucket starts stay multiples of the width, as in the audit's own timeline (it is
 * the audit's own merge, with fewer buckets). The chart and the busiest-bucket table show this, so both
 * speak of the same buckets.
 */
export function displayTimeline(tl: Timeline, maxBars = MAX_BARS): Timeline {
  if (tl.commands.length <= maxBars) return tl;
  return mergeTimelines([tl], maxBars) ?? tl;
}
