import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MonitorAudit } from '../src/monitor/monitor-audit.js';
import { monitorReport } from '../src/monitor/monitor-report.js';
import { displayTimeline } from '../src/report/html/display-timeline.js';
import { renderHtml } from '../src/report/html/render-html.js';
import { escapeHtml, html } from '../src/report/html/safe-html.js';
import type { AuditReport, Timeline } from '../src/report/types.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/monitor/${name}`, import.meta.url)));

function auditOf(log: Buffer | string): AuditReport {
  const a = new MonitorAudit();
  a.write(Buffer.isBuffer(log) ? log : Buffer.from(log, 'latin1'));
  a.end();
  return monitorReport(a, { inputs: ['capture.log'], version: '0.0.0', bytes: log.length });
}

/**
 * The page's markup without its inlined scripts and styles (uPlot's own code is not ours to check), each
 * tag on one line with single spaces (the templates are Prettier-formatted HTML).
 */
const markupOf = (page: string) =>
  page
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<([^>]*)>/g, (_, inner: string) => `<${inner.replace(/\s+/g, ' ').trim()}>`);
/** The text a reader sees, tags dropped and spaces collapsed. */
const textOf = (page: string) =>
  markupOf(page)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');

const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';

const escaping = suite('html report: everything from the input is text');

escaping('the template escapes every value unless it is already HTML', () => {
  assert.is(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.is(html`<p>${hostile}</p>`.value, `<p>${escapeHtml(hostile)}</p>`);
  assert.is(html`<p>${html`<b>${'<i>'}</b>`}</p>`.value, '<p><b>&lt;i&gt;</b></p>');
});

escaping('a log line holding <script> shows as text in the shape, example, client and key', () => {
  const key = hostile.replace(/"/g, '\\"');
  const log = [
    `1700000000.000001 [0 10.0.0.1:5000] "CLIENT" "TRACKING" "on"`,
    `1700000000.000002 [0 10.0.0.1:5000] "KEYS" "${key}"`,
    `1700000000.000003 [0 10.0.0.1:5000] "TTL" "${key}"`,
    '',
  ].join('\n');
  const report = auditOf(log);
  assert.ok(
    report.findings.some((f) => f.example?.includes('<script>')),
    'the finding carries the raw line',
  );
  report.notes.push(hostile);
  report.inputs = [`logs/${hostile}.log`];
  const page = renderHtml(report);
  const markup = markupOf(page);
  assert.not.match(markup, /<script>alert|<img src=x/);
  assert.match(markup, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  // The only script elements are the page's own three.
  assert.is(page.match(/<script\b/g)!.length, 3);
});

escaping('the chart data cannot end its script element early', () => {
  const report = auditOf(fixture('valkey-8.0.1.log'));
  (report.timeline as unknown as Record<string, unknown>).label = '</script><script>alert(1)</script>';
  const page = renderHtml(report);
  const data = /<script type="application\/json" id="vt-data">([\s\S]*?)<\/script>/.exec(page)![1]!;
  assert.not.match(data, /<\//);
  assert.ok(JSON.parse(data).timeline);
});

const page = suite('html report: one self-contained page');

page('nothing is fetched: no external script, stylesheet, image or font', () => {
  for (const name of ['valkey-8.0.1.log', 'redis-7.0.15.log']) {
    const out = renderHtml(auditOf(fixture(name)));
    assert.ok(out.startsWith('<!doctype html>'));
    assert.not.match(out, /<(script|img|iframe)[^>]+\bsrc=/i);
    assert.not.match(out, /<link\b/i);
    assert.not.match(markupOf(out), /url\(/i);
    assert.match(out, /var uPlot=function/);
  }
});

page('small: under 300 KB for an empty log and for the bundled captures', () => {
  for (const name of ['empty.log', 'valkey-8.0.1.log', 'redis-7.0.15.log', 'bad-lines.log']) {
    const size = Buffer.byteLength(renderHtml(auditOf(fixture(name))));
    assert.ok(size < 300_000, `${name}: ${size} bytes`);
  }
});

page('the header names the input, its size, lines, span and verdict', () => {
  const report = auditOf(fixture('valkey-8.0.1.log'));
  const out = markupOf(renderHtml(report, { locale: 'en-US' }));
  assert.match(
    textOf(out),
    /CLIENT TRACKING coverage of capture\.log Input capture\.log Size 2\.9 KB Lines 51/,
  );
  assert.match(out, new RegExp(`<data value="${report.totals.lines}" data-format="count">`));
  assert.match(out, /Time span<\/dt>\s*<dd>\s*<time datetime="2026-11-26T07:00:40\.342Z"/);
  assert.match(out, /class="verdict verdict-none"/);
  assert.match(out, /Cached replies can go stale\./);
});

page('commands the data does not know: their own badge, header row and verdict, the least severe', () => {
  const only = auditOf(
    [
      '1700000000.000001 [0 10.0.0.1:5000] "CLIENT" "TRACKING" "on"',
      '1700000000.000002 [0 10.0.0.1:5000] "JSON.GET" "cart:1" "$"',
      '1700000000.000003 [0 10.0.0.1:5000] "JSON.GET" "cart:2" "$"',
      '',
    ].join('\n'),
  );
  const out = markupOf(renderHtml(only, { locale: 'en-US' }));
  assert.match(out, /<tbody class="finding" id="finding-1" data-category="unknown">/);
  assert.match(out, /<span class="badge badge-unknown" title="unknown: [^"]+">unknown<\/span>/);
  assert.match(textOf(out), /Unknown commands 2 1 command/);
  assert.match(textOf(out), /Some commands of tracking clients are unknown to the data/);
  assert.match(out, /<option value="unknown">unknown<\/option>/);
  // Beside an uncovered read, the read comes first.
  const both = auditOf(
    [
      '1700000000.000001 [0 10.0.0.1:5000] "CLIENT" "TRACKING" "on"',
      '1700000000.000002 [0 10.0.0.1:5000] "JSON.GET" "cart:1" "$"',
      '1700000000.000003 [0 10.0.0.1:5000] "JSON.GET" "cart:2" "$"',
      '1700000000.000004 [0 10.0.0.1:5000] "TTL" "cart:1"',
      '',
    ].join('\n'),
  );
  const rows = markupOf(renderHtml(both)).match(/data-category="[a-z-]+"/g);
  assert.equal(rows, ['data-category="partial"', 'data-category="unknown"']);
});

page('every finding is one row group; every breakdown and the timeline are there', () => {
  const report = auditOf(fixture('valkey-8.0.1.log'));
  const out = markupOf(renderHtml(report));
  assert.is(out.match(/<tbody class="finding"/g)!.length, report.findings.length);
  for (const id of ['timeline', 'by-command', 'by-client', 'by-reason', 'findings', 'notes'])
    assert.match(out, new RegExp(`<section id="${id}"`));
  assert.is(
    out.match(/<tr>\s*<td><code>[^<]+<\/code><\/td>/g)?.length ?? 0,
    0,
    'client rows hold a sort key',
  );
  for (const c of report.clients!)
    assert.match(out, new RegExp(`<code>${c.address.replace(/[.[\]]/g, '\\$&')}</code>`));
});

page('an older JSON report (no timeline, clients or input) still reads right', () => {
  const report = auditOf(fixture('valkey-8.0.1.log'));
  delete report.timeline;
  delete report.clients;
  delete report.input;
  delete report.totals.firstSeconds;
  delete report.totals.lastSeconds;
  const out = markupOf(renderHtml(report));
  assert.match(out, /This report has no timeline/);
  assert.match(out, /the counts are the top clients each finding names/);
  assert.is(out.match(/<tbody class="finding"/g)!.length, report.findings.length);
  assert.not.match(out, /undefined|NaN/);
  assert.match(renderHtml(report), /<script type="application\/json" id="vt-data">\{\}<\/script>/);
});

page('no tracking client, and no line at all: a neutral verdict, no NaN', () => {
  const none = markupOf(renderHtml(auditOf('1700000000.000001 [0 10.0.0.1:5000] "GET" "k"\n')));
  assert.match(none, /No client used CLIENT TRACKING during the capture/);
  const empty = markupOf(renderHtml(auditOf('')));
  assert.match(empty, /No MONITOR line to audit/);
  for (const out of [none, empty]) assert.not.match(out, /NaN|undefined|Infinity/);
});

page('numbers are written for the given locale, the value kept for the page script', () => {
  const report = auditOf(fixture('valkey-8.0.1.log'));
  report.totals.commands = 1234567;
  const de = renderHtml(report, { locale: 'de-DE' });
  assert.match(de, /<data value="1234567" data-format="count">1\.234\.567<\/data>/);
  const en = renderHtml(report, { locale: 'en-US' });
  assert.match(en, /<data value="1234567" data-format="count">1,234,567<\/data>/);
});

const display = suite('html report: display buckets');

const timelineOf = (start: number, width: number, values: number[]): Timeline => ({
  start,
  bucketSeconds: width,
  commands: values,
  trackedCommands: values,
  partial: values.map((v) => v % 3),
  none: values.map((v) => v % 2),
  unknown: values.map(() => 0),
  silentWrites: values.map((v) => (v > 5 ? 1 : 0)),
});

display('a long timeline is merged to at most 240 bars, sums and alignment kept', () => {
  const values = Array.from({ length: 1000 }, (_, i) => (i * 7) % 11);
  const tl = timelineOf(16 * 101, 16, values);
  const shown = displayTimeline(tl);
  assert.ok(shown.commands.length <= 240, `${shown.commands.length}`);
  assert.is(shown.bucketSeconds, 16 * 8);
  assert.is(shown.start % shown.bucketSeconds, 0);
  assert.ok(shown.start <= tl.start);
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  for (const name of ['commands', 'partial', 'none', 'silentWrites'] as const)
    assert.is(sum(shown[name]), sum(tl[name]), name);
});

display('a short timeline is shown as it is', () => {
  const tl = timelineOf(100, 1, [1, 2, 3]);
  assert.is(displayTimeline(tl), tl);
});

escaping.run();
page.run();
display.run();
