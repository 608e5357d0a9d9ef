import type { AuditReport } from './types.js';

/** `--format json`: the report as is, for tools. */
export const renderJson = (report: AuditReport): string => `${JSON.stringify(report, null, 2)}\n`;
