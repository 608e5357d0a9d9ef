import type { Timeline } from '../report/types.js';

const SERIES = ['commands', 'trackedCommands', 'partial', 'none', 'unknown', 'silentWrites'] as const;
/** CONTRACT-timeline.md: at most 1,024 buckets; past that the width doubles. */
const MAX_BUCKETS = 1024;

/**
 * Adds timelines together, exactly: the result takes the coarsest bucket width (doubling it further while
 * the joint span needs more than 1,024 buckets). Widths are powers of two and every start is a multiple of
 * its width, so each finer bucket falls inside exactly one coarser one and nothing is split or estimated.
 */
export function mergeTimelines(timelines: readonly Timeline[]): Timeline | undefined {
  const present = timelines.filter((t) => t.commands.length > 0);
  if (present.length === 0) return timelines[0];
  let width = Math.max(...present.map((t) => t.bucketSeconds));
  const from = Math.min(...present.map((t) => t.start));
  const to = Math.max(...present.map((t) => t.start + t.commands.length * t.bucketSeconds));
  let start = Math.floor(from / width) * width;
  while (Math.ceil((to - start) / width) > MAX_BUCKETS) {
    width *= 2;
    start = Math.floor(from / width) * width;
  }
  const length = Math.ceil((to - start) / width);
  const merged: Timeline = {
    start,
    bucketSeconds: width,
    commands: new Array<number>(length).fill(0),
    trackedCommands: new Array<number>(length).fill(0),
    partial: new Array<number>(length).fill(0),
    none: new Array<number>(length).fill(0),
    unknown: new Array<number>(length).fill(0),
    silentWrites: new Array<number>(length).fill(0),
  };
  for (const t of present) {
    for (let i = 0; i < t.commands.length; i++) {
      const at = Math.floor((t.start + i * t.bucketSeconds - start) / width);
      for (const series of SERIES) merged[series][at]! += t[series][i] ?? 0;
    }
  }
  return merged;
}
