import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  artefacts,
  chartPixels,
  imageStats,
  launch,
  makeReport,
  open,
  root,
  tmp,
} from './browser-helpers.js';

const demo = suite('the demo report (three hours with an incident) in Chromium');
let browser: Browser;
let report = '';

demo.before(async () => {
  mkdirSync(tmp, { recursive: true });
  const log = join(tmp, 'incident.log');
  const made = spawnSync(process.execPath, [join(root, 'fixtures/monitor/generate-incident-log.mjs'), log]);
  assert.is(made.status, 0, String(made.stderr));
  report = makeReport('demo', ['--monitor', log]);
  browser = await launch();
});
demo.after(async () => browser.close());

demo('screenshots in light and dark are kept under .tmp/ and are not blank', async () => {
  mkdirSync(artefacts, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    const { page, context, errors, requests } = await open(browser, report, { colorScheme });
    try {
      await page.locator('#timeline-chart canvas').first().waitFor();
      const top = await page.screenshot();
      const full = await page.screenshot({ fullPage: true });
      writeFileSync(join(artefacts, `demo-report-${colorScheme}.png`), top);
      writeFileSync(join(artefacts, `demo-report-${colorScheme}-full.png`), full);
      for (const shot of [top, full]) {
        const stats = await imageStats(browser, shot);
        assert.ok(stats.colours > 200, `${colorScheme}: ${stats.colours} colours`);
        assert.ok(stats.deviation > 15, `${colorScheme}: luminance deviation ${stats.deviation}`);
      }
      const background = await page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
      assert.is(background, colorScheme === 'dark' ? 'rgb(15, 18, 22)' : 'rgb(255, 255, 255)');
      // The chart takes the scheme's colours too.
      assert.ok((await chartPixels(page, colorScheme === 'dark' ? '#ff6b61' : '#c62828')) > 100);
      assert.equal(errors, []);
      assert.equal(requests, []);
    } finally {
      await context.close();
    }
  }
});

demo(
  "the timeline shows the incident: uncovered 'none' reads only between the release and the hotfix",
  async () => {
    const { page, context } = await open(browser, report);
    try {
      const data = JSON.parse((await page.locator('#vt-data').textContent())!);
      const tl = data.timeline as { start: number; bucketSeconds: number; none: number[] };
      assert.ok(tl.none.length <= 240);
      const release = Date.parse('2026-03-12T10:12:00Z') / 1000;
      const hotfix = Date.parse('2026-03-12T11:05:00Z') / 1000;
      const at = (t: number) => Math.floor((t - tl.start) / tl.bucketSeconds);
      const before = tl.none.slice(0, at(release)).reduce((a, b) => a + b, 0);
      const during = tl.none.slice(at(release) + 1, at(hotfix)).reduce((a, b) => a + b, 0);
      assert.is(before, 0);
      assert.ok(during > 500, `${during}`);
      // The busiest bucket lies in the incident.
      const peak = await page.locator('#peaks tbody tr:first-child time').getAttribute('datetime');
      const peakTime = Date.parse(peak!) / 1000;
      assert.ok(peakTime >= release - tl.bucketSeconds && peakTime < hotfix, peak!);
    } finally {
      await context.close();
    }
  },
);

demo("numbers follow the reader's locale", async () => {
  for (const [locale, pattern] of [
    ['de-DE', /^\d{1,3}(\.\d{3})+$/],
    ['en-US', /^\d{1,3}(,\d{3})+$/],
    ['fr-FR', /^\d{1,3}(\u202f\d{3})+$/],
  ] as const) {
    const { page, context } = await open(browser, report, { locale });
    try {
      const commands = (await page.locator('.cards li').first().locator('.card-value').textContent())!;
      assert.match(commands, pattern, `${locale}: ${commands}`);
    } finally {
      await context.close();
    }
  }
});

demo('printable: controls hidden, the chart kept, and a PDF of some pages', async () => {
  const { page, context } = await open(browser, report);
  try {
    await page.emulateMedia({ media: 'print' });
    assert.not.ok(await page.locator('nav.toc').isVisible());
    assert.not.ok(await page.locator('#findings form').isVisible());
    assert.ok(await page.locator('#timeline-chart canvas').first().isVisible());
    const pdf = await page.pdf({ format: 'A4' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0;
    assert.ok(pages >= 2 && pages < 40, `${pages} pages`);
    writeFileSync(join(artefacts, 'demo-report.pdf'), pdf);
  } finally {
    await context.close();
  }
});

demo.run();
