import { auditOptions, type MonitorLogOptions } from '../src/monitor/audit-monitor-log.js';
import { MonitorAudit } from '../src/monitor/monitor-audit.js';
import { monitorReport } from '../src/monitor/monitor-report.js';
import type { AuditReport } from '../src/report/types.js';

/** A log as `valkey-cli monitor` writes it, one millisecond a line; `lua` lines belong to the script before. */
export function logOf(lines: [address: string, ...argv: string[]][]): string {
  let micros = 0;
  return lines
    .map(([address, ...argv]) => {
      micros += 1000;
      const ts = `${1700000000 + Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
      return `${ts} [0 ${address}] ${argv.map((a) => `"${a}"`).join(' ')}\n`;
    })
    .join('');
}

/** The report of a log audited in this thread, as `audit --monitor <input>` makes it. */
export function auditLog(log: string, options: MonitorLogOptions = {}, input = 'app.log'): AuditReport {
  const a = new MonitorAudit(auditOptions(options));
  a.write(Buffer.from(log, 'latin1'));
  a.end();
  return monitorReport(a, { inputs: [input], version: 'test' });
}
