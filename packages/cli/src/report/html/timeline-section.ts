import type { Timeline } from '../types.js';
import type { Formatter } from './format.js';
import { html, type SafeHtml } from './safe-html.js';

const finding = (tl: Timeline, i: number) =>
  (tl.partial[i] ?? 0) + (tl.none[i] ?? 0) + (tl.unknown[i] ?? 0) + (tl.silentWrites[i] ?? 0);

function widthText(seconds: number, fmt: Formatter): string {
  return seconds < 1 ? `${fmt.duration(seconds)}` : `${fmt.countText(seconds)} s`;
}

/** The busiest buckets by findings, for the summary and for readers without JavaScript. */
function peaks(tl: Timeline, fmt: Formatter): SafeHtml {
  const order = tl.commands
    .map((_, i) => i)
    .filter((i) => finding(tl, i) > 0)
    .sort((a, b) => finding(tl, b) - finding(tl, a) || a - b)
    .slice(0, 5);
  if (order.length === 0) return html``;
  return html`<div class="table-wrap">
    <table class="data compact" id="peaks">
      <caption>
        Busiest ${order.length === 1 ? 'bucket' : `${order.length} buckets`} by findings
      </caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col" class="num">Findings</th>
          <th scope="col" class="num">none</th>
          <th scope="col" class="num">partial</th>
          <th scope="col" class="num">Silent writes</th>
          <th scope="col" class="num">Tracked commands</th>
        </tr>
      </thead>
      <tbody>
        ${order.map(
          (i) =>
            html`<tr>
              <td>${fmt.time(tl.start + i * tl.bucketSeconds, tl.bucketSeconds < 1)}</td>
              <td class="num">${fmt.count(finding(tl, i))}</td>
              <td class="num">${fmt.count(tl.none[i] ?? 0)}</td>
              <td class="num">${fmt.count(tl.partial[i] ?? 0)}</td>
              <td class="num">${fmt.count(tl.silentWrites[i] ?? 0)}</td>
              <td class="num">${fmt.count(tl.trackedCommands[i] ?? 0)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/**
 * The timeline: a uPlot chart the page script draws from the report's data (stacked findings per bucket,
 * the uncovered share of tracked commands, tracked commands as a faint backdrop), and the busiest buckets
 * as a table that needs no script.
 */
export function timelineSection(tl: Timeline | undefined, fmt: Formatter): SafeHtml {
  if (!tl || tl.commands.length === 0) {
    return html`<section id="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <p class="empty">
        This report has no timeline (no MONITOR line, or a report from an older valkey-track).
      </p>
    </section>`;
  }
  const total = tl.commands.reduce((s, _, i) => s + finding(tl, i), 0);
  const width = widthText(tl.bucketSeconds, fmt);
  const label = `Findings per ${width} bucket from ${new Date(tl.start * 1000).toISOString()}, ${tl.commands.length} buckets, ${fmt.countText(total)} findings in all`;
  return html`<section id="timeline" aria-labelledby="timeline-title">
    <h2 id="timeline-title">Timeline</h2>
    <p class="section-note">
      Findings per bucket of ${width} (UTC), stacked by category; the line is the share of tracked commands
      that were uncovered reads; the faint backdrop is the commands of tracking clients.
    </p>
    <figure class="chart">
      <div id="timeline-chart" role="img" aria-label="${label}">
        <p class="empty chart-fallback">
          The chart needs JavaScript; the tables below hold the same findings.
        </p>
      </div>
    </figure>
    ${peaks(tl, fmt)}
  </section>`;
}
