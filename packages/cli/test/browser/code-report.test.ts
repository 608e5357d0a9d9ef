import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { jsonReport, launch, makeReport, open } from './browser-helpers.js';

const code = suite('code-audit report in Chromium');
let browser: Browser;
let report = '';
const expected = jsonReport(['fixtures/apps']);
const files = new Set(expected.findings.map((f) => f.file));

code.before(async () => {
  browser = await launch();
  report = makeReport('sample-apps', ['fixtures/apps']);
});
code.after(async () => browser.close());

code('findings grouped by file, each with its source line; the file table lists them all', async () => {
  const { page, errors, requests, context } = await open(browser, report);
  try {
    assert.is(await page.locator('.file-group').count(), files.size);
    assert.is(await page.locator('#code-findings tbody.finding').count(), expected.findings.length);
    assert.is(await page.locator('#by-file-table tbody tr').count(), files.size);
    assert.ok((await page.locator('pre.source mark').count()) >= expected.findings.length - 1);
    // No timeline for code: the page does not try to draw one.
    assert.is(await page.locator('#timeline-chart').count(), 0);
    assert.equal(errors, []);
    assert.equal(requests, []);
  } finally {
    await context.close();
  }
});

code("a finding's link opens the page at that finding", async () => {
  const f = expected.findings[expected.findings.length - 1]!;
  const id = `${f.file}:${f.line}:${f.column}`;
  const { page, context } = await open(browser, report);
  try {
    await page.locator(`a.anchor[href="#${encodeURI(id)}"]`).click();
    assert.is(await page.evaluate('decodeURIComponent(location.hash.slice(1))'), id);
    assert.is(await page.evaluate('document.querySelector(":target")?.id'), id);
    assert.ok(await page.locator(`[id="${id}"]`).isVisible());
  } finally {
    await context.close();
  }
});

code('the filter hides findings and the files left without any', async () => {
  const { page, context } = await open(browser, report);
  try {
    await page.getByLabel('Filter').fill('dbsize');
    const dbsize = expected.findings.filter(
      (f) => (f as unknown as { command: string }).command === 'dbsize',
    );
    assert.is(await page.locator('#code-findings tbody.finding:visible').count(), dbsize.length);
    assert.is(await page.locator('.file-group:visible').count(), new Set(dbsize.map((f) => f.file)).size);
    await page.getByLabel('Filter').fill('');
    await page.getByLabel('Category').selectOption('none');
    const none = expected.findings.filter((f) => f.category === 'none');
    assert.is(await page.locator('#code-findings tbody.finding:visible').count(), none.length);
  } finally {
    await context.close();
  }
});

code('sortable breakdowns: the file table sorts by findings', async () => {
  const { page, context } = await open(browser, report);
  try {
    await page.locator('#by-file-table thead button', { hasText: 'Findings' }).click();
    const counts = (await page.locator('#by-file-table tbody tr td:nth-child(2)').allTextContents()).map(
      (t) => Number(t.replace(/\D/g, '')),
    );
    assert.equal(
      counts,
      [...counts].sort((a, b) => b - a),
    );
  } finally {
    await context.close();
  }
});

code.run();
