/**
 * The report's stylesheet: system fonts, light and dark from `prefers-color-scheme`, tables that stay
 * readable on a phone (they scroll sideways) and on paper (`@media print`). Category colours match the
 * terminal report's (red none, amber partial) and are the chart's too, through the custom properties.
 */
export const pageStyle = String.raw`
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #5b6470; --line: #d8dee4; --panel: #f6f8fa; --accent: #0b5cad;
  --grid: rgba(27, 31, 36, 0.12);
  --none: #c62828; --partial: #d98c00; --silent: #7b3fb5; --unknown: #8a8f98;
  --traffic: rgba(11, 92, 173, 0.10); --traffic-line: rgba(11, 92, 173, 0.35); --share: #1b1f24;
  --none-bg: #fdecea; --partial-bg: #fff4db; --clean-bg: #e8f5e9; --clean: #2e7d32; --neutral-bg: #eef1f4;
  --mark: #ffe58f;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1216; --fg: #e6e9ed; --muted: #9aa4b1; --line: #2c333b; --panel: #171b21; --accent: #6cb2ff;
    --grid: rgba(230, 233, 237, 0.12);
    --none: #ff6b61; --partial: #f5b83d; --silent: #b98ae6; --unknown: #8a8f98;
    --traffic: rgba(108, 178, 255, 0.12); --traffic-line: rgba(108, 178, 255, 0.4); --share: #e6e9ed;
    --none-bg: #3a1614; --partial-bg: #3a2c0c; --clean-bg: #12301a; --clean: #7ccf85; --neutral-bg: #1e242b;
    --mark: #6b5a12;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0 auto; max-width: 1280px; padding: 24px 28px 64px;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
}
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
a { color: var(--accent); }
h1 { font-size: 24px; margin: 4px 0 12px; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 36px 0 6px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
.muted, .section-note, .eyebrow { color: var(--muted); }
.eyebrow { margin: 0; font-size: 12px; letter-spacing: 0.02em; }
.section-note { margin: 0 0 10px; max-width: 90ch; }
.empty { color: var(--muted); font-style: italic; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.input-name { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-weight: 600; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0 0 14px; }
.facts div { display: flex; gap: 8px; align-items: baseline; }
.facts dt { color: var(--muted); white-space: nowrap; }
.facts dd { margin: 0; }
.verdict { padding: 12px 16px; border-radius: 8px; border-left: 6px solid; margin: 0 0 14px; font-size: 15px; }
.verdict-none { background: var(--none-bg); border-color: var(--none); }
.verdict-partial { background: var(--partial-bg); border-color: var(--partial); }
.verdict-clean { background: var(--clean-bg); border-color: var(--clean); }
.verdict-neutral { background: var(--neutral-bg); border-color: var(--muted); }
.cards { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; }
.cards li { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; display: flex; flex-direction: column; }
.card-label { color: var(--muted); font-size: 12px; }
.card-value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card-note { color: var(--muted); font-size: 12px; }
nav.toc { margin: 18px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; }
.chart { margin: 8px 0 12px; }
#timeline-chart { min-height: 300px; width: 100%; }
.chart-fallback { padding: 120px 0; text-align: center; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 0 28px; }
.table-wrap { overflow-x: auto; }
table.data { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.data caption { text-align: left; color: var(--muted); font-size: 12px; padding: 0 0 4px; }
table.data th, table.data td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.data th { font-weight: 600; font-size: 12px; color: var(--muted); white-space: nowrap; background: var(--panel); }
table.data .num { text-align: right; white-space: nowrap; }
table.data td.when { white-space: nowrap; }
table.data td.prose { min-width: 28ch; max-width: 60ch; }
table.compact td, table.compact th { padding: 3px 10px; }
th button.sort { all: unset; cursor: pointer; display: inline-flex; gap: 4px; align-items: center; }
th button.sort:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; border-radius: 2px; }
th .sort-arrow::after { content: "↕"; opacity: 0.35; }
th[aria-sort="ascending"] .sort-arrow::after { content: "↑"; opacity: 1; }
th[aria-sort="descending"] .sort-arrow::after { content: "↓"; opacity: 1; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; color: #fff; }
.badge-none { background: var(--none); }
.badge-partial { background: var(--partial); color: #1b1f24; }
.badge-silent-write { background: var(--silent); }
.badge-unknown { background: var(--unknown); }
.chip { white-space: nowrap; display: inline-block; padding: 0 6px; margin: 1px 4px 1px 0; border: 1px solid var(--line); border-radius: 4px; font-size: 12px; background: var(--panel); }
.mode { font-size: 12px; }
.bar-cell { display: inline-grid; grid-template-columns: 80px auto; align-items: center; gap: 8px; justify-content: end; }
.bar { display: block; height: 8px; border-radius: 2px; background: var(--accent); justify-self: start; }
.bar.none { background: var(--none); } .bar.partial { background: var(--partial); } .bar.silent-write { background: var(--silent); } .bar.unknown { background: var(--unknown); }
tbody.finding { border-top: 2px solid var(--line); }
tbody.finding tr.finding-head td { border-bottom: 0; }
tr.finding-detail td { padding-top: 0; }
.message { margin: 2px 0 4px; max-width: 110ch; }
.reasons { margin: 0 0 4px; }
.example { margin: 0; overflow-wrap: anywhere; }
.example code { background: var(--panel); padding: 1px 4px; border-radius: 3px; }
.shape { font-weight: 600; }
a.anchor { text-decoration: none; color: var(--muted); }
a.anchor:hover, a.anchor:focus { color: var(--accent); }
tbody.finding:target { outline: 2px solid var(--accent); outline-offset: -2px; }
ul.clients { list-style: none; margin: 0; padding: 0; font-size: 12px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; margin: 8px 0 10px; padding: 8px 10px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
.filters[hidden] { display: none; }
.filters input, .filters select { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
.filters input { width: 32ch; }
.filters output { color: var(--muted); margin-left: auto; }
.file-group h3 code { font-size: 14px; }
table.data.code { table-layout: fixed; }
table.data.code th:nth-child(1) { width: 80px; }
table.data.code th:nth-child(2) { width: 100px; }
table.data.code th:nth-child(3) { width: 190px; }
pre.source { margin: 0; padding: 6px 10px; background: var(--panel); border-radius: 6px; overflow-x: auto; white-space: pre; }
pre.source .line-number { color: var(--muted); display: inline-block; min-width: 4ch; margin-right: 12px; text-align: right; user-select: none; }
pre.source mark { background: var(--mark); color: inherit; border-radius: 2px; }
.skipped ul, ul.notes { margin: 4px 0 12px; }
.preview { overflow-wrap: anywhere; }
.glossary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0 0 10px; }
.glossary dd { margin: 0; }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
.uplot { font-family: inherit; }
.uplot .u-legend { font-size: 12px; text-align: left; }
.uplot .u-legend .u-marker { border-radius: 2px; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --panel: #f4f4f4; color-scheme: light; }
  body { max-width: none; padding: 0; font-size: 11px; }
  nav.toc, .filters, a.anchor, .u-legend .u-off { display: none !important; }
  h2 { break-after: avoid; }
  tbody.finding, tr, .cards li, figure { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;
