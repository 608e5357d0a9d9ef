// Programmatic API: every CLI command is one call into these.
export { explain } from './explain/explain.js';
export { UsageError } from './util/usage-error.js';
export { readCategoryMap, buildCategoryMap, loadCategoryMap, readLiveServer } from './commands/index.js';
export type { CategoryMap, CategoryMapEntry, CategorySource, Drift, LiveServer } from './commands/index.js';
export { resolveConnection, describeTarget, openClient } from './connect/index.js';
export type { ConnectionFlags, ConnectionTarget, LiveClient } from './connect/index.js';
export { verifyServer, VerifyInterrupted, type VerifyOptions } from './verify/verify-server.js';
export type { VerifyReport, ReadRow, WriteRow } from './verify/verify-report.js';
export { auditMonitorLog, type MonitorLogOptions } from './monitor/audit-monitor-log.js';
export { auditLive, parseDuration } from './monitor/live-capture.js';
export { auditMonitorLogs, type MonitorLogsOptions } from './fleet/audit-monitor-logs.js';
export { auditLiveNodes, type LiveNodesOptions } from './fleet/audit-live-nodes.js';
export { asNodeReports, mergeNodeReports } from './fleet/merge-reports.js';
export { crossNodeFindings } from './fleet/cross-node-findings.js';
export { discoverCluster, type ClusterNode } from './fleet/discover-cluster.js';
export type { NodeFacts, ClientFacts, RedirectFacts } from './fleet/node-facts.js';
export { MonitorAudit, type MonitorAuditOptions, type MonitorTotals } from './monitor/monitor-audit.js';
export { monitorReport } from './monitor/monitor-report.js';
export { parseTrackingClients, type AssumedTracking } from './monitor/tracking-clients-option.js';
export { renderText } from './report/render-text.js';
export { renderJson } from './report/render-json.js';
export { renderSarif } from './report/render-sarif.js';
export { renderHtml, type HtmlOptions } from './report/html/render-html.js';
export { readSourceLines } from './report/html/source-lines.js';
export { exitCodeFor } from './report/exit-code.js';
export type {
  AuditReport,
  ClientSummary,
  Finding,
  Skipped,
  FailOn,
  ReportFormat,
  NodeReport,
  NodeStatus,
  Timeline,
} from './report/types.js';
export { auditCode, type CodeAuditOptions } from './code-audit/audit-code.js';
export { codeAuditConfig } from './code-audit/code-audit-config.js';
export { yourLibraries, type YourLibraries, type YourPackage } from './clients/project/your-libraries.js';
export { findInstalledPackages, type ProjectPackages } from './clients/project/find-installed-packages.js';
export { liveServerView } from './clients/live-server-view.js';
