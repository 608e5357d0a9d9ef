import type { ServerKind } from '@valkey-track/rules-data';
import { loadCategoryMap } from '../commands/load-category-map.js';
import { exitCodeFor } from '../report/exit-code.js';
import { renderJson } from '../report/render-json.js';
import { renderSarif } from '../report/render-sarif.js';
import { renderText } from '../report/render-text.js';
import type { FailOn, ReportFormat } from '../report/types.js';
import { colorsFor } from '../util/color.js';
import { auditCode } from './audit-code.js';
import { clientLibrariesSection } from './client-libraries-section.js';
import { skipReasons } from './skip-list.js';

export interface RunCodeAuditOptions {
  staged?: boolean;
  prefilter?: boolean;
  categories?: string;
  server?: ServerKind | undefined;
  format: ReportFormat;
  failOn: FailOn;
  progress?: boolean;
  version: string;
  /** Wrap text output at this width (`util/output-width.ts`). */
  width?: number | undefined;
}

/**
 * `valkey-track audit [paths]` without `--monitor`/`--live` (no paths: the working directory). Prints the
 * code audit, then sets the exit code: 2 when a path does not exist (after reporting the others), else 1
 * for findings at or above `--fail-on`. Unreadable and unparsable files are reported, not failed on.
 */
export async function runCodeAudit(paths: string[], options: RunCodeAuditOptions): Promise<void> {
  // A bad map is one clear line here, not an exception from inside a rule.
  if (options.categories !== undefined) loadCategoryMap(String(options.categories));
  const report = await auditCode(paths.length > 0 || options.staged ? paths : ['.'], {
    ...(options.staged ? { staged: true } : {}),
    ...(options.prefilter === false ? { prefilter: false } : {}),
    ...(options.categories !== undefined ? { categoriesFile: String(options.categories) } : {}),
    ...(options.server ? { server: options.server } : {}),
    progress: options.progress !== false,
    version: options.version,
  });
  const libraries = clientLibrariesSection(paths, process.cwd(), options.server);
  if (libraries) report.clientLibraries = libraries;
  const format = options.format;
  if (format === 'html') {
    const { renderHtml } = await import('../report/html/render-html.js');
    const { readSourceLines } = await import('../report/html/source-lines.js');
    process.stdout.write(renderHtml(report, { sources: readSourceLines(report.findings) }));
  } else {
    process.stdout.write(
      format === 'json'
        ? renderJson(report)
        : format === 'sarif'
          ? renderSarif(report)
          : renderText(report, colorsFor(), options.width),
    );
  }
  const missing = report.skipped.find((s) => s.reason === skipReasons.missing);
  if (missing) {
    const names = missing.examples.map((e) => e.file).join(', ');
    process.stderr.write(`valkey-track: no such file or directory: ${names}\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = exitCodeFor(report, options.failOn);
}
