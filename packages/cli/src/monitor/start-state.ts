import type { SerializedFieldTtlKeys } from './field-ttl-keys.js';
import type { MonitorAudit } from './monitor-audit.js';
import { applyAssumption, assumptionOf, type Assumption } from './range-watch.js';

/** The client state an audit of a range starts from: true (the audit of everything before) or guessed. */
export interface StartState {
  states: (Assumption & { lastTouch: number })[];
  /** The script caller, for `[0 lua]` lines that open the range. */
  caller: { address: string; hash: number; tracked: boolean } | undefined;
  /** The line number the range starts after: `lastTouch` values are relative to it. */
  lineOffset: number;
  /** The keys whose hash fields have TTLs (none when left out). */
  fieldTtl?: SerializedFieldTtlKeys;
}

/** The state an audit is in now, to start another audit (in a worker) from. */
export function snapshot(audit: MonitorAudit): StartState {
  const states = [...audit.registry.states()].map((s) => ({ ...assumptionOf(s), lastTouch: s.lastTouch }));
  return {
    states,
    caller: audit.hasCaller
      ? { address: audit.callerAddressString(), hash: audit.callerHash, tracked: audit.callerTracked }
      : undefined,
    lineOffset: audit.lineNumber,
    fieldTtl: audit.fieldTtls.toJSON(),
  };
}

/** Gives an audit (in a worker) the client state it starts from; its own lines count from 0. */
export function install(audit: MonitorAudit, start: StartState): void {
  const registry = audit.registry;
  for (const a of start.states) {
    const s = registry.create(a.address);
    applyAssumption(s, a, audit.modes);
    s.lastTouch = a.lastTouch - start.lineOffset;
    if (registry.isStranger(s)) continue;
    registry.insert(s);
    if (s.tracking) registry.trackingNow++;
  }
  registry.created = 0;
  if (start.fieldTtl) {
    audit.fieldTtls.install(start.fieldTtl);
    audit.fieldTtlsChanged();
  }
  if (start.caller) {
    const c = start.caller;
    audit.restoreCaller(c.address, c.hash, c.tracked, registry.get(c.address));
  }
}
