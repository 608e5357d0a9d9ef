import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '../../util/usage-error.js';

export interface PageAssets {
  /** uPlot's browser build and stylesheet, from the installed `uplot` package. */
  chartScript: string;
  chartStyle: string;
  /** This report's page script, compiled from `page/report-page.ts` (tsconfig.page.json). */
  pageScript: string;
}

let cached: PageAssets | undefined;

/** Text that can sit inside `<script>`/`<style>`: no closing tag of either can end the element early. */
const inlineable = (text: string) => text.replace(/<\/(script|style)/gi, '<\\/$1');

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(
      `the HTML report needs ${what} at ${path}: reinstall valkey-track (or run the build)`,
    );
  }
}

/**
 * Read at run time from the installed packages rather than generated into a source file at build time:
 * the report inlines exactly the uPlot version the lockfile installed, with no generated file to keep in
 * step, and `tsc -b` stays the only build step. Read once per process.
 */
export function pageAssets(): PageAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const uplot = dirname(require.resolve('uplot/package.json'));
  // Resolved through the package's own name, so it is found from dist/ and from src/ (tests run the source).
  const cli = dirname(require.resolve('valkey-track/package.json'));
  cached = {
    chartScript: inlineable(read(join(uplot, 'dist/uPlot.iife.min.js'), "uPlot's script")),
    chartStyle: inlineable(read(join(uplot, 'dist/uPlot.min.css'), "uPlot's stylesheet")),
    pageScript: inlineable(read(join(cli, 'dist/report/html/page/report-page.js'), 'its page script')),
  };
  return cached;
}
