/**
 * The report page's script, inlined into the HTML after uPlot: it re-formats numbers for the reader's locale,
 * turns table headers into sort buttons, wires the finding filters and draws the timeline with uPlot. The
 * page reads fully without it (every table is in the HTML); this only adds.
 *
 * Compiled by its own tsconfig (packages/cli/tsconfig.page.json: DOM types, no Node), read at run time from
 * dist by `page-assets.ts`.
 */
// Types only: the value is the global `uPlot` that the inlined uPlot script defines (allowUmdGlobalAccess).
import type UPlot from 'uplot';

/** What `render-html.ts` puts in `<script id="vt-data" type="application/json">` (see page-data.ts). */
interface PageData {
  timeline?: {
    start: number;
    bucketSeconds: number;
    commands: number[];
    trackedCommands: number[];
    partial: number[];
    none: number[];
    unknown: number[];
    silentWrites: number[];
  };
}

const locale = navigator.language;

function readData(): PageData {
  const text = document.getElementById('vt-data')?.textContent;
  return text ? (JSON.parse(text) as PageData) : {};
}

// ---- numbers for the reader's locale -------------------------------------------------------------------

function formatNumbers(): void {
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  for (const el of document.querySelectorAll<HTMLDataElement>('data[data-format]')) {
    const value = Number(el.value);
    if (!Number.isFinite(value)) continue;
    switch (el.dataset.format) {
      case 'count':
        el.textContent = count.format(value);
        break;
      case 'share':
        el.textContent = new Intl.NumberFormat(locale, {
          style: 'percent',
          maximumFractionDigits: value > 0 && value < 0.001 ? 3 : 1,
        }).format(value);
        break;
      case 'bytes': {
        const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
        let unit = 0;
        let scaled = value;
        while (scaled >= 1000 && unit < units.length - 1) {
          scaled /= 1000;
          unit++;
        }
        el.textContent = new Intl.NumberFormat(locale, {
          style: 'unit',
          unit: units[unit],
          unitDisplay: unit === 0 ? 'long' : 'short',
          maximumFractionDigits: unit === 0 ? 0 : 1,
        }).format(scaled);
        break;
      }
    }
  }
}

// ---- sortable tables ----------------------------------------------------------------------------------

/** The units a table sorts: one `tbody.finding` per finding (two rows each), else the rows of its body. */
function sortUnits(table: HTMLTableElement): { units: HTMLElement[]; parent: HTMLElement } {
  const groups = [...table.tBodies].filter((b) => b.classList.contains('finding'));
  if (groups.length > 0) return { units: groups, parent: table };
  const body = table.tBodies[0]!;
  return { units: [...body.rows], parent: body };
}

function sortKey(unit: HTMLElement, column: number): string {
  const row = unit instanceof HTMLTableRowElement ? unit : (unit as HTMLTableSectionElement).rows[0];
  const cell = row?.cells[column];
  return cell?.dataset.sort ?? cell?.textContent?.trim() ?? '';
}

function sortTable(table: HTMLTableElement, th: HTMLTableCellElement, column: number): void {
  const numeric = th.dataset.type === 'number';
  const current = th.getAttribute('aria-sort');
  const direction =
    current === 'descending'
      ? 'ascending'
      : current === 'ascending'
        ? 'descending'
        : numeric
          ? 'descending'
          : 'ascending';
  for (const other of table.tHead?.rows[0]?.cells ?? []) other.removeAttribute('aria-sort');
  th.setAttribute('aria-sort', direction);
  const sign = direction === 'ascending' ? 1 : -1;
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const { units, parent } = sortUnits(table);
  const keyed = units.map((unit, index) => ({ unit, index, key: sortKey(unit, column) }));
  keyed.sort((a, b) => {
    const order = numeric ? Number(a.key) - Number(b.key) : collator.compare(a.key, b.key);
    return order !== 0 ? sign * order : a.index - b.index;
  });
  for (const { unit } of keyed) parent.appendChild(unit);
}

/** Header cells become buttons (keyboard: Tab to one, Enter or Space sorts); `aria-sort` tells the order. */
function enhanceTables(): void {
  for (const table of document.querySelectorAll<HTMLTableElement>('table[data-sortable]')) {
    const cells = table.tHead?.rows[0]?.cells;
    if (!cells) continue;
    [...cells].forEach((th, column) => {
      if (th.dataset.type === 'none') return;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.append(...th.childNodes);
      const arrow = document.createElement('span');
      arrow.className = 'sort-arrow';
      arrow.setAttribute('aria-hidden', 'true');
      button.append(arrow);
      th.append(button);
      button.addEventListener('click', () => sortTable(table, th, column));
    });
  }
}

// ---- filters ------------------------------------------------------------------------------------------

function wireFilters(): void {
  const count = new Intl.NumberFormat(locale);
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-filter-for]')) {
    const target = document.getElementById(form.dataset.filterFor ?? '');
    if (!target) continue;
    form.hidden = false;
    const text = form.elements.namedItem('text') as HTMLInputElement;
    const category = form.elements.namedItem('category') as HTMLSelectElement;
    const output = form.elements.namedItem('count') as HTMLOutputElement;
    const units = [...target.querySelectorAll<HTMLElement>('tbody.finding')];
    const texts = units.map((u) => (u.textContent ?? '').toLowerCase());
    const groups = [...target.querySelectorAll<HTMLElement>('.file-group')];
    const apply = () => {
      const terms = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      units.forEach((unit, i) => {
        const visible =
          (category.value === '' || unit.dataset.category === category.value) &&
          terms.every((t) => texts[i]!.includes(t));
        unit.hidden = !visible;
        if (visible) shown++;
      });
      for (const group of groups) group.hidden = !group.querySelector('tbody.finding:not([hidden])');
      output.value = `${count.format(shown)} of ${count.format(units.length)}`;
    };
    form.addEventListener('submit', (event) => event.preventDefault());
    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    text.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && text.value !== '') {
        text.value = '';
        apply();
      }
    });
    apply();
  }
  // `/` jumps to the first filter, as on code hosts.
  document.addEventListener('keydown', (event) => {
    const active = document.activeElement;
    if (event.key !== '/' || active instanceof HTMLInputElement || active instanceof HTMLSelectElement)
      return;
    const input = document.querySelector<HTMLInputElement>('form[data-filter-for] input[name="text"]');
    if (!input) return;
    event.preventDefault();
    input.focus();
  });
}

// ---- the timeline -------------------------------------------------------------------------------------

type Timeline = NonNullable<PageData['timeline']>;

const cssColor = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** UTC tick labels: the time of day at the tick spacing's precision, and the date where it changes. */
function timeLabels(ticks: number[], step: number): string[] {
  let previousDay = '';
  return ticks.map((t) => {
    const iso = new Date(t * 1000).toISOString();
    const day = iso.slice(0, 10);
    const time = step < 1 ? iso.slice(11, 23) : step < 60 ? iso.slice(11, 19) : iso.slice(11, 16);
    const label = step >= 86_400 ? day : day !== previousDay ? `${time}\n${day}` : time;
    previousDay = day;
    return label;
  });
}

function chartOptions(tl: Timeline, width: number): { options: UPlot.Options; data: UPlot.AlignedData } {
  const n = tl.commands.length;
  const w = tl.bucketSeconds;
  // One x more than buckets, at the end of the last one, so the stepped lines reach the right edge.
  const xs = Array.from({ length: n + 1 }, (_, i) => tl.start + i * w);
  const layers = [
    { key: 'none', label: 'none: never invalidated', color: cssColor('--none') },
    { key: 'partial', label: 'partial', color: cssColor('--partial') },
    { key: 'silentWrites', label: 'silent writes', color: cssColor('--silent') },
    { key: 'unknown', label: 'unknown to the data', color: cssColor('--unknown') },
  ] as const;
  const shown = layers.filter((l) => l.key !== 'unknown' || tl.unknown.some((v) => v > 0));
  // Stacked by painting: each series is the running sum up to its layer, drawn tallest first, so every
  // later (shorter) bar covers the bottom of the one before and each layer shows as its own segment.
  let sum = new Array<number>(n).fill(0);
  const cumulative = shown.map((l) => (sum = sum.map((s, i) => s + (tl[l.key][i] ?? 0))));
  const share = xs.map((_, i) => {
    const b = Math.min(i, n - 1);
    const tracked = tl.trackedCommands[b] ?? 0;
    const uncovered = (tl.partial[b] ?? 0) + (tl.none[b] ?? 0) + (tl.unknown[b] ?? 0);
    return tracked > 0 ? (100 * uncovered) / tracked : null;
  });
  const traffic = [...tl.trackedCommands, tl.trackedCommands[n - 1] ?? 0];
  const order = shown.map((_, i) => i).reverse();
  const count = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const bars = uPlot.paths.bars!({ size: [1, Infinity], align: 1, gap: n > 200 ? 0 : 1 });
  const steps = uPlot.paths.stepped!({ align: 1 });
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const tracked = total(tl.trackedCommands);
  const overall =
    tracked > 0 ? (100 * (total(tl.partial) + total(tl.none) + total(tl.unknown))) / tracked : null;
  // Under the cursor, the bucket's own figure; elsewhere, the whole chart's.
  const raw =
    (key: (typeof layers)[number]['key']) => (_u: UPlot, _v: number, _s: number, i: number | null) =>
      count.format(i === null ? total(tl[key]) : (tl[key][i] ?? 0));
  const fg = cssColor('--fg');
  const grid = cssColor('--grid');
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const options: UPlot.Options = {
    width,
    height: 300,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    cursor: { drag: { x: true, y: false } },
    legend: { live: true },
    scales: {
      x: { time: true, range: () => [tl.start, tl.start + n * w] },
      findings: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
      traffic: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
      '%': { range: (_u, _min, max) => [0, Math.max(1, Math.min(100, (max ?? 0) * 1.2))] },
    },
    series: [
      { label: 'Time (UTC)' },
      {
        label: 'tracked commands',
        scale: 'traffic',
        stroke: cssColor('--traffic-line'),
        fill: cssColor('--traffic'),
        width: 1,
        paths: steps,
        points: { show: false },
        value: (_u, v, _s, i) => (i === null ? count.format(tracked) : v === null ? '–' : count.format(v)),
      },
      ...order.map((i) => ({
        label: shown[i]!.label,
        scale: 'findings',
        stroke: shown[i]!.color,
        fill: shown[i]!.color,
        width: 0,
        paths: bars,
        points: { show: false },
        value: raw(shown[i]!.key),
      })),
      {
        label: 'uncovered share of tracked commands',
        scale: '%',
        stroke: cssColor('--share'),
        width: 1.5,
        paths: steps,
        points: { show: n < 12, size: 6 },
        spanGaps: false,
        value: (_u, v, _s, i) => {
          const shown = i === null ? overall : v;
          return shown === null ? '–' : `${percent.format(shown)} %`;
        },
      },
    ],
    axes: [
      { ...axis, values: (_u, ticks, _i, _space, step) => timeLabels(ticks, step), space: 70 },
      {
        ...axis,
        scale: 'findings',
        label: 'findings per bucket',
        labelSize: 24,
        values: (_u, ticks) => ticks.map((t) => count.format(t)),
      },
      {
        ...axis,
        scale: '%',
        side: 1,
        label: 'uncovered share',
        labelSize: 24,
        grid: { show: false },
        values: (_u, ticks) => ticks.map((t) => `${percent.format(t)} %`),
      },
    ],
  };
  const data = [xs, traffic, ...order.map((i) => [...cumulative[i]!, null]), share] as UPlot.AlignedData;
  return { options, data };
}

function drawTimeline(tl: Timeline | undefined): void {
  const host = document.getElementById('timeline-chart');
  if (!tl || !host || tl.commands.length === 0) return;
  let chart: UPlot | undefined;
  host.replaceChildren();
  const draw = () => {
    chart?.destroy();
    const { options, data } = chartOptions(tl, Math.max(320, host.clientWidth));
    chart = new uPlot(options, data, host);
  };
  draw();
  new ResizeObserver(() => {
    if (chart && Math.abs(chart.width - host.clientWidth) > 2)
      chart.setSize({ width: Math.max(320, host.clientWidth), height: 300 });
  }).observe(host);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', draw);
  // Printed pages are narrower than most screens: draw for the page, then back.
  addEventListener('beforeprint', () => chart?.setSize({ width: 680, height: 260 }));
  addEventListener('afterprint', () =>
    chart?.setSize({ width: Math.max(320, host.clientWidth), height: 300 }),
  );
}

formatNumbers();
enhanceTables();
wireFilters();
drawTimeline(readData().timeline);
