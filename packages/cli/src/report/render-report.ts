import type { AuditReport } from './types.js';

/**
 * The report in the format asked for (`text`, `json`, `sarif`, `html`). Each renderer is loaded only when asked:
 * the text one pulls in colours and wrapping (about 25 ms of loading a JSON report has no use for), SARIF the
 * plugin and typescript-eslint.
 */
export async function renderReport(report: AuditReport, format: string, width?: number): Promise<string> {
  if (format === 'json') return (await import('./render-json.js')).renderJson(report);
  if (format === 'sarif') return (await import('./render-sarif.js')).renderSarif(report);
  if (format === 'html') return (await import('./html/render-html.js')).renderHtml(report);
  const [{ renderText }, { colorsFor }] = await Promise.all([
    import('./render-text.js'),
    import('../util/color.js'),
  ]);
  return renderText(report, colorsFor(), width);
}
