import { colorsFor } from '../util/color.js';
import { renderJson } from './render-json.js';
import { renderText } from './render-text.js';
import type { AuditReport } from './types.js';

/** The report in the format asked for (`text`, `json`, `sarif`, `html`). */
export async function renderReport(report: AuditReport, format: string, width?: number): Promise<string> {
  if (format === 'json') return renderJson(report);
  // SARIF names the code rules from the plugin, which pulls in typescript-eslint: load it only when asked.
  if (format === 'sarif') return (await import('./render-sarif.js')).renderSarif(report);
  if (format === 'html') return (await import('./html/render-html.js')).renderHtml(report);
  return renderText(report, colorsFor(), width);
}
