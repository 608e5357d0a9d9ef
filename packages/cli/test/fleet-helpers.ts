import { MonitorAudit } from '../src/monitor/monitor-audit.js';
import { monitorReport } from '../src/monitor/monitor-report.js';
import { NodeFactsScanner } from '../src/fleet/node-facts-scanner.js';
import type { AuditReport } from '../src/report/types.js';

/** Writes MONITOR lines as the server does, each a millisecond after the last, from a start time. */
export function logWriter(startMicros = 1700000000_000000) {
  let clock = startMicros;
  return (address: string, ...argv: string[]): string => {
    clock += 1000;
    const ts = `${Math.floor(clock / 1e6)}.${String(clock % 1e6).padStart(6, '0')}`;
    return `${ts} [0 ${address}] ${argv.map((a) => `"${a}"`).join(' ')}\n`;
  };
}

/** A node's report as `audit --monitor LOG --node NAME` makes it: the engine's report plus the client facts. */
export function nodeReport(node: string, log: string): AuditReport {
  const audit = new MonitorAudit();
  const scanner = new NodeFactsScanner();
  const bytes = Buffer.from(log, 'latin1');
  audit.write(bytes);
  audit.end();
  scanner.write(bytes);
  scanner.end();
  return {
    ...monitorReport(audit, { inputs: [`${node}.log`], version: '0.0.0' }),
    node,
    facts: scanner.facts(),
  };
}

/** A JSON round trip, as a report written by one run and read by `merge` is. */
export const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
