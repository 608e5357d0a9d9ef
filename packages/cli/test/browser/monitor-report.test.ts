import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chartPixels, jsonReport, launch, makeReport, open, type Opened } from './browser-helpers.js';

const LOG = 'fixtures/monitor/valkey-8.0.1.log';
const NONE = '#c62828';
const PARTIAL = '#d98c00';
const SILENT = '#7b3fb5';

let browser: Browser;
let report = '';
const expected = jsonReport(['--monitor', LOG]);

/** What the page functions read of a table row (the tests are type-checked without the DOM library). */
interface Row {
  cells: { dataset: { sort?: string }; textContent: string | null }[];
  dataset: { category?: string };
}

const visibleFindings = (page: Page) => page.locator('#findings-table tbody.finding:visible');
const column = async (page: Page, index: number) =>
  page
    .locator('#findings-table tbody.finding tr.finding-head')
    .evaluateAll(
      (rows, i) =>
        (rows as unknown as Row[]).map((r) => r.cells[i]!.dataset.sort ?? r.cells[i]!.textContent!.trim()),
      index,
    );

const shown = suite('MONITOR report in Chromium: what it shows');
let opened: Opened;
shown.before(async () => {
  browser = await launch();
  report = makeReport('valkey-capture', ['--monitor', LOG]);
  opened = await open(browser, report);
});
shown.after(async () => {
  await opened.context.close();
  await browser.close();
});

shown('the timeline is drawn: a canvas with bars of every category the capture has', async () => {
  const { page } = opened;
  await page.locator('#timeline-chart canvas').first().waitFor();
  assert.ok((await chartPixels(page, NONE)) > 100, 'none bars');
  assert.ok((await chartPixels(page, PARTIAL)) > 100, 'partial bars');
  assert.ok((await chartPixels(page, SILENT)) > 100, 'silent-write bars');
  assert.match(
    (await page.locator('#timeline-chart').getAttribute('aria-label'))!,
    /^Findings per 62\.5 ms bucket/,
  );
});

shown('one row group per finding, worst first; nothing fetched; no console error', async () => {
  const { page, errors, requests } = opened;
  assert.is(await page.locator('#findings-table tbody.finding').count(), expected.findings.length);
  const categories = await page
    .locator('#findings-table tbody.finding')
    .evaluateAll((rows) => (rows as unknown as Row[]).map((r) => r.dataset.category));
  assert.is(categories[0], 'silent-write');
  assert.equal(errors, []);
  assert.equal(requests, []);
});

shown('the tables of every breakdown have their rows', async () => {
  const { page } = opened;
  assert.is(await page.locator('#by-client-table tbody tr').count(), expected.totals.trackingClients);
  const shapes = new Set(
    expected.findings.map((f) => (f.rule === 'monitor/silent-write' ? `${f.shape} (silent write)` : f.shape)),
  );
  assert.is(await page.locator('#by-command-table tbody tr').count(), shapes.size);
  const reasons = new Set(expected.findings.flatMap((f) => (f as unknown as { reasons: string[] }).reasons));
  assert.is(await page.locator('#by-reason-table tbody tr').count(), reasons.size);
});

const sorting = suite('MONITOR report in Chromium: sorting and filtering');
let page: Page;
let context: Opened['context'];
sorting.before(async () => {
  browser = await launch();
});
sorting.before.each(async () => {
  ({ page, context } = await open(browser, report));
});
sorting.after.each(async () => context.close());
sorting.after(async () => browser.close());

sorting('a click on a header sorts by it, largest first, then smallest first', async () => {
  const lines = page.locator('#findings-table thead button', { hasText: 'Lines' });
  await lines.click();
  const down = (await column(page, 3)).map(Number);
  assert.equal(
    down,
    [...down].sort((a, b) => b - a),
  );
  assert.is(
    await page.locator('#findings-table thead th:has(button:text("Lines"))').getAttribute('aria-sort'),
    'descending',
  );
  await lines.click();
  const up = (await column(page, 3)).map(Number);
  assert.equal(
    up,
    [...up].sort((a, b) => a - b),
  );
  assert.is(
    await page.locator('#findings-table thead th:has(button:text("Lines"))').getAttribute('aria-sort'),
    'ascending',
  );
});

sorting('the keyboard sorts too: Tab reaches the header buttons, Enter and Space press them', async () => {
  const shape = page.locator('#findings-table thead button', { hasText: 'Command shape' });
  // Tab from the filter, the control before the table, lands on the first header button.
  await page.locator('#findings form input[name="text"]').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.is(await page.evaluate('document.activeElement.textContent.trim()'), 'Category');
  await shape.focus();
  await page.keyboard.press('Enter');
  const names = await column(page, 1);
  const collator = new Intl.Collator('en-US', { numeric: true, sensitivity: 'base' });
  assert.equal(names, [...names].sort(collator.compare));
  await page.keyboard.press(' ');
  assert.equal(await column(page, 1), [...names].sort(collator.compare).reverse());
});

sorting('the filter keeps the findings that hold every word typed, and says how many', async () => {
  const input = page.getByLabel('Filter');
  await input.fill('swapdb');
  assert.is(await visibleFindings(page).count(), 1);
  // Words anywhere in a finding: here a client address and a mode.
  const [client] = expected.findings.flatMap(
    (f) => (f as unknown as { clients: { address: string }[] }).clients,
  );
  await input.fill(`${client!.address} default`);
  const sent = expected.findings.filter(
    (f) =>
      (f as unknown as { clients: { address: string }[] }).clients.some(
        (c) => c.address === client!.address,
      ) && JSON.stringify(f).toLowerCase().includes('default'),
  );
  assert.ok(sent.length > 0);
  assert.is(await visibleFindings(page).count(), sent.length);
  assert.is(
    await page.locator('#findings form output').textContent(),
    `${sent.length} of ${expected.findings.length}`,
  );
  await input.fill('');
  await page.getByLabel('Category').selectOption('partial');
  const partial = expected.findings.filter((f) => f.category === 'partial').length;
  assert.is(await visibleFindings(page).count(), partial);
});

sorting('`/` jumps to the filter and Escape clears it', async () => {
  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.is(await page.evaluate('document.activeElement.name'), 'text');
  await page.keyboard.type('randomkey');
  assert.is(await visibleFindings(page).count(), 1);
  await page.keyboard.press('Escape');
  assert.is(await visibleFindings(page).count(), expected.findings.length);
});

const noScript = suite('MONITOR report in Chromium, JavaScript off');

noScript('the summary and every table read without JavaScript; only the chart is missing', async () => {
  browser = await launch();
  try {
    const { page, requests } = await open(browser, report, { javaScript: false });
    assert.match((await page.locator('.verdict').textContent())!, /Cached replies can go stale\./);
    assert.is(await page.locator('#findings-table tbody.finding:visible').count(), expected.findings.length);
    assert.is(
      await page.locator('#by-client-table tbody tr:visible').count(),
      expected.totals.trackingClients,
    );
    assert.ok(await page.locator('#peaks').isVisible(), 'busiest buckets');
    assert.ok(await page.getByText('The chart needs JavaScript').isVisible(), 'noscript');
    assert.is(await page.locator('#timeline-chart canvas').count(), 0);
    // The filter needs the script, so it is not offered.
    assert.not.ok(await page.locator('#findings form').isVisible(), 'filter');
    assert.equal(requests, []);
  } finally {
    await browser.close();
  }
});

shown.run();
sorting.run();
noScript.run();
