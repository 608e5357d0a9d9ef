import type { ConnectionFlags } from '../connect/index.js';
import type { AuditReport } from '../report/types.js';
import { interruptSignal } from '../util/interrupt-signal.js';
import { UsageError } from '../util/usage-error.js';
import type { MonitorLogOptions } from './audit-monitor-log.js';
import type { AssumedTracking } from './tracking-clients-option.js';

/** `30s`, `2m`, `500ms`, `1h`, or plain seconds. */
export function parseDuration(text: string | number | undefined): number {
  if (text === undefined) return 30_000;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(text).trim());
  if (!match) throw new UsageError(`--duration must look like 30s, 2m, 500ms or 1h (got "${text}")`);
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's']!;
  const ms = Number(match[1]) * scale;
  if (ms <= 0) throw new UsageError('--duration must be more than zero');
  return ms;
}

/**
 * The clients that track right now, from `CLIENT LIST` flags (`t` tracking, `B` broadcast). The list shows
 * neither OPTIN/OPTOUT nor BCAST prefixes, so those clients are taken as default mode and BCAST without a
 * prefix; `--tracking-clients` can say better. A unix-socket client is listed as `/path:0` and logged by
 * MONITOR as `unix:/path`.
 */
export function trackingFromClientList(list: string): AssumedTracking[] {
  const found: AssumedTracking[] = [];
  for (const line of list.split('\n')) {
    const fields = new Map(
      line
        .trim()
        .split(' ')
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const),
    );
    const flags = fields.get('flags') ?? '';
    const addr = fields.get('addr');
    if (!addr || !flags.includes('t')) continue;
    const address = addr.startsWith('/') ? `unix:${addr.replace(/:0$/, '')}` : addr;
    found.push({ address, mode: flags.includes('B') ? 'bcast' : 'default', prefixes: [] });
  }
  return found;
}

/**
 * Captures MONITOR on the server given by `flags` for `durationMs` and audits it: every primary of a cluster
 * when the server is a cluster node (see `auditLiveNodes`, which this is for one `--url`). Ctrl-C stops the
 * capture and still reports.
 */
export async function auditLive(
  flags: ConnectionFlags,
  durationMs: number,
  options: MonitorLogOptions = {},
): Promise<AuditReport> {
  const { auditLiveNodes } = await import('../fleet/audit-live-nodes.js');
  const interrupt = interruptSignal();
  try {
    return (await auditLiveNodes([flags], { ...options, durationMs, signal: interrupt.signal })).report;
  } finally {
    interrupt.dispose();
  }
}
