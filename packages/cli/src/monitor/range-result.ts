import type { SerializedClientStats } from './client-summary.js';
import {
  absorbFieldTtls,
  fieldTtlMismatch,
  fieldTtlRange,
  FieldTtlWatch,
  type FieldTtlRange,
} from './field-ttl-keys.js';
import type { SerializedGroup } from './finding-group.js';
import type { SerializedUnknownSample } from './finding-recorder.js';
import type { MonitorAudit, MonitorTotals, SkippedLine } from './monitor-audit.js';
import { addressOf } from './client-state.js';
import {
  applyAssumption,
  assumptionOf,
  bloomHas,
  sameAssumption,
  type Assumption,
  type CallerAssumption,
  type RangeWatch,
} from './range-watch.js';
import type { SerializedTimeline } from './timeline.js';

/** A client's state when a range ended (or `stranger: true`: it holds none), and its last line. */
export interface EndState extends Assumption {
  stranger: boolean;
  /** Line of the range it last sent, from 1. */
  lastTouch: number;
}

/** What a worker sends back: its range's counts, the state it ended in, and what it assumed at the start. */
export interface RangeResult {
  /** Lines in the range. */
  lines: number;
  totals: MonitorTotals;
  skipped: SkippedLine[];
  unknownSample: SerializedUnknownSample;
  fieldTtl: FieldTtlRange;
  timeline: SerializedTimeline;
  clientStats: SerializedClientStats;
  groups: SerializedGroup[];
  unixTracked: boolean;
  missedTracking: boolean;
  /** The worker's registry outgrew its cap: redo the range in order. */
  overflow: boolean;
  /** `ends` is the worker's whole client state at the end (an exact range), not what changed. */
  full: boolean;
  evictions: number;
  evictedTracking: number;
  /** States the range added (for the merge's cap check). */
  created: number;
  ends: EndState[];
  /** The script caller at the end, when the range had a client line. */
  caller: (CallerAssumption & { hash: number; modeName: string; prefixes: string[] }) | undefined;
  assumptions: Assumption[];
  strangers: Uint8Array;
  leadingLua: number;
  startCaller: CallerAssumption;
  startTracking: number;
  silentLow: number;
  silentHigh: number;
}

function callerOf(audit: MonitorAudit): CallerAssumption {
  return {
    hasCaller: audit.hasCaller,
    tracked: audit.hasCaller && audit.callerTracked,
    mode: audit.modes.describe(audit.callerModeId),
    address: audit.callerAddressString(),
  };
}

/** Starts a worker's range after its warm-up: from here on, assumptions about the start are recorded. */
export function beginRange(audit: MonitorAudit, watch: RangeWatch): void {
  audit.recording = true;
  audit.watch = watch;
  audit.lineNumber = 0;
  audit.registry.created = 0;
  watch.startTracking = audit.registry.trackingNow;
  // The warm-up's overflow is part of the guess, not a line of the range.
  audit.fieldTtls.overflowLine = 0;
  audit.fieldTtls.watch = new FieldTtlWatch(audit.fieldTtls);
  watch.caller = callerOf(audit);
  if (audit.callerState !== undefined) watch.touch(audit.callerState);
}

/**
 * The result of a worker's range, to send to the main thread: for an exact range, the whole client state
 * it ended with; for a guessed one, the states of the clients it saw.
 */
export function rangeResult(
  audit: MonitorAudit,
  watch: RangeWatch,
  full: boolean,
  last: boolean,
): RangeResult {
  audit.flushPending();
  const ends = new Map<string, EndState>();
  if (!full && !last) {
    for (const a of watch.assumptions) {
      const s = audit.registry.get(a.address);
      ends.set(
        a.address,
        s ? { ...assumptionOf(s), stranger: false, lastTouch: s.lastTouch } : stranger(a, audit),
      );
    }
  }
  for (const s of last ? [] : audit.registry.states()) {
    if (full || s.touchMark === watch.mark)
      ends.set(addressOf(s), { ...assumptionOf(s), stranger: false, lastTouch: s.lastTouch });
  }
  const sawClientLine = watch.sawClientLine;
  return {
    lines: audit.lineNumber,
    totals: { ...audit.totals },
    skipped: audit.skipped,
    unknownSample: audit.recorder.unknownSample(),
    fieldTtl: fieldTtlRange(audit.fieldTtls, audit.fieldTtls.watch!),
    timeline: audit.timeline.toJSON(),
    clientStats: audit.clientStats.toJSON(),
    groups: audit.recorder.toJSON(),
    unixTracked: audit.unixTracked,
    missedTracking: audit.missedTracking,
    overflow: audit.registry.overflowed,
    full,
    evictions: audit.registry.evictions,
    evictedTracking: audit.registry.evictedTracking,
    created: audit.registry.created,
    ends: [...ends.values()],
    caller: sawClientLine
      ? {
          ...callerOf(audit),
          hash: audit.callerHash,
          modeName: audit.modes.modes[audit.callerModeId]!.mode,
          prefixes: audit.modes.modes[audit.callerModeId]!.prefixes,
        }
      : undefined,
    assumptions: watch.assumptions,
    strangers: watch.strangers,
    leadingLua: watch.leadingLua,
    startCaller: watch.caller!,
    startTracking: watch.startTracking,
    silentLow: watch.silentLow,
    silentHigh: watch.silentHigh,
  };
}

function stranger(a: Assumption, audit: MonitorAudit): EndState {
  const s = audit.registry.create(a.address);
  return { ...assumptionOf(s), stranger: true, lastTouch: 0 };
}

/**
 * Why a worker's range cannot be taken as it is, given the true state it started from (the audit of
 * everything before it, `audit`), or undefined when every assumption it made holds.
 */
export function mismatch(audit: MonitorAudit, result: RangeResult): string | undefined {
  if (result.overflow) return 'more clients held state than the worker keeps';
  const fieldTtls = result.full ? undefined : fieldTtlMismatch(audit.fieldTtls, result.fieldTtl);
  if (fieldTtls !== undefined) return fieldTtls;
  if (audit.registry.size + result.created > audit.registry.maxClients) return 'the registry would evict';
  const registry = audit.registry;
  const seen = new Set<string>();
  for (const a of result.assumptions) {
    seen.add(a.address);
    const truth = assumptionOf(registry.get(a.address) ?? registry.create(a.address));
    if (!sameAssumption(a, truth)) return `client ${a.address} was not as assumed`;
  }
  for (const s of registry.states()) {
    if (!seen.has(addressOf(s)) && bloomHas(result.strangers, s.hash))
      return `client ${addressOf(s)} may have been taken for a stranger`;
  }
  if (result.leadingLua > 0) {
    const truth = callerOf(audit);
    const a = result.startCaller;
    if (
      a.hasCaller !== truth.hasCaller ||
      a.tracked !== truth.tracked ||
      a.mode !== truth.mode ||
      a.address !== truth.address
    )
      return 'the script caller was not as assumed';
  }
  if (registry.wildcard === undefined && result.silentLow <= result.silentHigh) {
    const assumed = result.startTracking;
    const actual = registry.trackingNow;
    const low = -Math.max(assumed, actual);
    const high = -Math.min(assumed, actual);
    // A silent write counts when tracking clients > 0: the two counts decide differently for d in (low, high].
    if (assumed !== actual && result.silentHigh > low && result.silentLow <= high)
      return 'silent writes depend on clients tracking before the range';
  }
  return undefined;
}

/** Adds a verified range's counts to the audit of everything before it, and moves its client state on. */
export function absorb(audit: MonitorAudit, result: RangeResult): void {
  const offset = audit.lineNumber;
  const t = audit.totals;
  const r = result.totals;
  if (r.commands > 0) {
    if (t.commands === 0) {
      t.firstSeconds = r.firstSeconds;
      t.firstMicros = r.firstMicros;
    }
    t.lastSeconds = r.lastSeconds;
    t.lastMicros = r.lastMicros;
  }
  for (const k of [
    'lines',
    'commands',
    'trackedCommands',
    'luaCommands',
    'malformed',
    'tooLong',
    'blank',
    'trackingConnections',
    'addressReuses',
    'orphanLua',
    'unescapedLines',
  ] as const) {
    t[k] += r[k];
  }
  for (const s of result.skipped)
    if (audit.skipped.length < 5) audit.skipped.push({ ...s, line: s.line + offset });
  audit.timeline.merge(result.timeline);
  audit.clientStats.merge(result.clientStats);
  audit.recorder.merge(result.groups, offset, result.unknownSample);
  absorbFieldTtls(audit.fieldTtls, result.fieldTtl, result.full, offset);
  audit.fieldTtlsChanged();
  audit.unixTracked ||= result.unixTracked;
  audit.missedTracking ||= result.missedTracking;

  const registry = audit.registry;
  registry.evictions += result.evictions;
  registry.evictedTracking += result.evictedTracking;
  if (result.full) for (const s of [...registry.states()]) registry.remove(s);
  for (const end of result.ends) {
    const held = registry.get(end.address);
    if (end.stranger) {
      if (held) registry.remove(held);
      continue;
    }
    const s = held ?? registry.create(end.address);
    applyAssumption(s, end, audit.modes);
    s.lastTouch = end.lastTouch + offset;
    s.stats = undefined;
    if (!held) registry.insert(s);
  }
  let tracking = 0;
  for (const s of registry.states()) if (s.tracking) tracking++;
  registry.trackingNow = tracking;
  if (result.caller) {
    const c = result.caller;
    audit.restoreCaller(c.address, c.hash, c.tracked, registry.get(c.address));
    if (!c.hasCaller) audit.hasCaller = false;
  }
  audit.lineNumber += result.lines;
}
