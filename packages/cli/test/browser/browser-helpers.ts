import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
/** The project's temp dir (git-ignored): reports made for the tests, and the screenshots kept as artefacts. */
export const tmp = join(root, '.tmp/browser');
export const artefacts = join(root, '.tmp/browser-artefacts');

const CHROMIUM = process.env.VT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with nothing that reaches out on its own (updates, sync, metrics). Playwright
 * gives every launch a fresh temporary profile (it refuses a --user-data-dir of ours for that reason).
 */
export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: run \`bash scripts/install-browser.sh\` (or set VT_CHROMIUM)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs the built CLI's audit and writes its HTML to `.tmp/browser/<name>.html`; returns the path. */
export function makeReport(name: string, args: string[]): string {
  mkdirSync(tmp, { recursive: true });
  const run = spawnSync(
    process.execPath,
    [bin, 'audit', '--no-progress', '--format', 'html', '--fail-on', 'never', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  if (run.status !== 0)
    throw new Error(`valkey-track audit ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  const path = join(tmp, `${name}.html`);
  writeFileSync(path, run.stdout);
  return path;
}

/** The JSON report of the same audit, to know what the page must show. */
export function jsonReport(args: string[]) {
  const run = spawnSync(
    process.execPath,
    [bin, 'audit', '--no-progress', '--format', 'json', '--fail-on', 'never', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  return JSON.parse(run.stdout) as {
    findings: {
      category: string;
      rule: string;
      shape?: string;
      file?: string;
      line: number;
      column: number;
    }[];
    totals: Record<string, number>;
  };
}

export interface Opened {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and failed loads. */
  errors: string[];
  /** Every request for anything but the report file itself: each one is refused. */
  requests: string[];
}

/**
 * Opens a report file in a new context. Every request other than the file itself is recorded and aborted,
 * so a page that needed the network would both fail to render and fail the test.
 */
export async function open(
  browser: Browser,
  path: string,
  options: { javaScript?: boolean; colorScheme?: 'light' | 'dark'; locale?: string; width?: number } = {},
): Promise<Opened> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  const url = pathToFileURL(path).href;
  const errors: string[] = [];
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested.split('#')[0] === url) return route.continue();
    requests.push(requested);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (!requests.includes(r.url())) errors.push(`failed: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, errors, requests };
}

/** Pixels of the chart's canvas in exactly this colour (`#rrggbb`): the marks of one series. */
export async function chartPixels(page: Page, color: string): Promise<number> {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  return page.evaluate(`(() => {
    const canvas = document.querySelector('#timeline-chart canvas');
    if (!canvas) return -1;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i] === ${r} && data[i + 1] === ${g} && data[i + 2] === ${b} && data[i + 3] === 255) n++;
    return n;
  })()`);
}

/**
 * How far a PNG is from blank, decoded by the browser: the number of distinct colours and the standard
 * deviation of luminance over its pixels.
 */
export async function imageStats(
  browser: Browser,
  png: Buffer,
): Promise<{ colours: number; deviation: number }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(`(async () => {
      const image = new Image();
      image.src = 'data:image/png;base64,${png.toString('base64')}';
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set();
      let sum = 0, squares = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const y = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
        sum += y;
        squares += y * y;
        if (colours.size < 5000) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      }
      const mean = sum / n;
      return { colours: colours.size, deviation: Math.sqrt(squares / n - mean * mean) };
    })()`);
  } finally {
    await page.close();
  }
}
