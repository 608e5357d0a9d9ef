import { ClientRegistry } from './client-registry.js';
import {
  applyClientCaching,
  addressOf,
  applyClientTracking,
  CACHING_NONE,
  cachesNextRead,
  modeLabel,
  ModeRegistry,
  type ClientState,
} from './client-state.js';
import { ClientStatsTable, newStats, type ClientStats } from './client-summary.js';
import { classify, verdictOf, type ClassifierOptions, type Verdict } from './classifier.js';
import { fieldTtlEffects, versionScope, type VersionScope } from '@valkey-track/rules-data/core';
import { CommandTable, FIELD_TTL_SETS, lengthBit, planOf, type CommandInfo } from './command-table.js';
import { coverageCode } from './coverage.js';
import { FieldTtlKeys } from './field-ttl-keys.js';
import { FindingRecorder } from './finding-recorder.js';
import type { FindingGroup } from './finding-group.js';
import { rebuild, itemsOf, type ItemSet } from './invocation-plan.js';
import { COVERAGE_CODES, MAX_COVERAGE_SETS, type Layout } from './layout-table.js';
import { LineStream } from './line-stream.js';
import { losslessText } from './lossless-text.js';
import {
  ArgumentScanner,
  closingQuote,
  decodeArguments,
  equalsLowerCase,
  isPlain,
  MonitorLine,
  unescapeArgument,
} from './monitor-line.js';
import { PendingFindings } from './pending-findings.js';
import { foundByPrepass, type RangeWatch } from './range-watch.js';
import { COMMANDS, SILENT_WRITES, TimelineBuilder, TRACKED } from './timeline.js';
import type { AssumedTracking } from './tracking-clients-option.js';

export interface MonitorAuditOptions extends ClassifierOptions {
  /** Clients that tracked before the capture began (`--tracking-clients`, `CLIENT LIST` flags). */
  assumed?: AssumedTracking[];
  /** Lines longer than this are skipped (counted); by default every line is read, long ones compacted. */
  maxLineBytes?: number;
  /** Clients holding state at once before the idlest are forgotten (`ClientRegistry`). */
  maxClients?: number;
}

export interface SkippedLine {
  line: number;
  reason: 'malformed' | 'too-long';
  /** The start of the line, printable. */
  preview: string;
}

export interface MonitorTotals {
  lines: number;
  /** Lines in the server's format. */
  commands: number;
  /** Commands of clients whose reads were cached under CLIENT TRACKING when they ran. */
  trackedCommands: number;
  luaCommands: number;
  malformed: number;
  tooLong: number;
  blank: number;
  /** Connections that turned tracking on (a reused address counts again), and clients assumed to track. */
  trackingConnections: number;
  /** A tracking address sent HELLO in database 0: a new connection on a reused address. */
  addressReuses: number;
  /** `[0 lua]` lines with no client line before them to attribute them to. */
  orphanLua: number;
  /** Lines read as printed with raw quotes (Valkey 8.1.0–8.1.1), as far as a verdict read them. */
  unescapedLines: number;
  /** The first and the last line's timestamps, as seconds and microseconds (0 when no line was read). */
  firstSeconds: number;
  firstMicros: number;
  lastSeconds: number;
  lastMicros: number;
}

const MAX_SKIPPED_EXAMPLES = 5;
/** MONITOR's reply (`+OK` on a raw connection), after a byte order mark when an editor saved the file. */
const OK_LINE = /^(?:\xef\xbb\xbf)?\+?OK\r?$/;
const FNV_PRIME = 16777619;
const YES = Buffer.from('yes');
const NO = Buffer.from('no');

export const emptyTotals = (): MonitorTotals => ({
  lines: 0,
  commands: 0,
  trackedCommands: 0,
  luaCommands: 0,
  malformed: 0,
  tooLong: 0,
  blank: 0,
  trackingConnections: 0,
  addressReuses: 0,
  orphanLua: 0,
  unescapedLines: 0,
  firstSeconds: 0,
  firstMicros: 0,
  lastSeconds: 0,
  lastMicros: 0,
});

/** The counts a stats record gets when the table dropped its client: counted into, never reported. */
const DROPPED: ClientStats = newStats('', '', [], undefined, true);

/**
 * The MONITOR audit as a stream consumer: `write` each chunk of the log as it arrives, then `end`. It
 * follows each client's CLIENT TRACKING state, classifies the reads of tracking clients once per way of
 * invoking each command (`InvocationPlan`), and counts the silent writes run while clients track. Memory
 * stays bounded whatever the log: by the clients tracking at once (capped), the distinct layouts of the
 * commands (capped), and fixed-size samples of clients per finding and per report.
 */
export class MonitorAudit extends LineStream {
  readonly totals = emptyTotals();
  readonly skipped: SkippedLine[] = [];
  /** The keys whose hash fields have TTLs, from the writes of every client so far. */
  readonly fieldTtls = new FieldTtlKeys();
  /** The captured server versions the verdicts are the worst case of (`server` and `version`). */
  readonly versions: VersionScope;
  readonly modes = new ModeRegistry();
  readonly registry: ClientRegistry;
  readonly timeline = new TimelineBuilder();
  readonly clientStats = new ClientStatsTable();
  /** `clientStats.totals`, one property away. */
  private readonly summaryTotals = this.clientStats.totals;
  readonly recorder = new FindingRecorder(this.modes);
  /** Tracking clients' findings, counted per client until their groups need them (`PendingFindings`). */
  private readonly pendingFindings = new PendingFindings();
  /** A client on a unix socket tracked (MONITOR prints every unix-socket connection alike). */
  unixTracked = false;
  /** When false (a worker's warm-up before its range), lines only move client state. */
  recording = true;
  /** Set in a worker: what the range assumed about the state it started from. */
  watch: RangeWatch | undefined;
  /** A CLIENT TRACKING line spelled so that the parallel audit's search for them would miss it. */
  missedTracking = false;

  private readonly line = new MonitorLine();
  private readonly args = new ArgumentScanner();
  private readonly table: CommandTable;
  private readonly options: ClassifierOptions;
  /**
   * The commands a stranger's line needs a lookup for, by prefix and length (`CommandTable.loudLengths`):
   * `loudBlind` while no key has field TTLs, `loudFieldTtls` (the writes that end them looked at too) after.
   */
  private loud: Uint32Array;
  private readonly loudBlind: Uint32Array;
  private readonly loudFieldTtls: Uint32Array;
  private readonly strangerTracked: boolean;
  private layoutKey = new Int32Array(64);
  private commandSeries: Float64Array;
  private trackedSeries: Float64Array;

  // The last client line, to which the `[0 lua]` lines of its script belong. For a client with state,
  // the state says the rest; for a stranger, its address is kept as offsets until the chunk ends.
  hasCaller = false;
  callerTracked = false;
  callerState: ClientState | undefined;
  private callerAddress: string | undefined;
  private callerBuf: Uint8Array | undefined;
  private callerStart = 0;
  private callerEnd = 0;
  private strangerCallerHash = 0;

  constructor(options: MonitorAuditOptions = {}) {
    super(options.maxLineBytes);
    this.options = {
      ...(options.server ? { server: options.server } : {}),
      ...(options.version ? { version: options.version } : {}),
      ...(options.overrides ? { overrides: options.overrides } : {}),
    };
    const wildcard = options.assumed?.find((a) => a.address === '*');
    this.registry = new ClientRegistry(this.modes, wildcard, options.maxClients);
    this.registry.onEvict = (s) => {
      this.pendingFindings.flushState(s);
      if (this.callerState === s) this.callerState = undefined;
    };
    this.versions = versionScope(this.options);
    this.table = new CommandTable(this.options, options.overrides);
    this.loudBlind = this.table.loudLengths(false);
    this.loudFieldTtls = this.table.loudLengths(true);
    this.loud = this.loudBlind;
    this.strangerTracked = wildcard !== undefined && cachesNextRead(this.registry.create(''));
    this.commandSeries = this.timeline.series(COMMANDS);
    this.trackedSeries = this.timeline.series(TRACKED);
    for (const assumed of options.assumed ?? []) if (assumed.address !== '*') this.assume(assumed);
  }

  /** A client known to track before the capture began. */
  private assume(a: AssumedTracking): void {
    const s = this.registry.create(a.address);
    s.tracking = true;
    s.mode = a.mode;
    s.prefixes = a.prefixes;
    s.modeId = this.modes.id(a.mode, a.prefixes);
    s.assumed = true;
    this.totals.trackingConnections++;
    if (a.address.startsWith('unix:')) this.unixTracked = true;
    this.registry.settle(s, false, false);
  }

  findings(): FindingGroup[] {
    this.flushPending();
    return this.recorder.findings();
  }

  protected onLine(buf: Buffer, start: number, end: number): void {
    if (!this.recording) return this.warmLine(buf, start, end);
    const totals = this.totals;
    totals.lines++;
    const line = this.line;
    if (!line.scanHead(buf, start, end) || (this.mayBeNonAscii && !line.isAsciiLine(buf))) {
      return this.reject(buf, start, end);
    }
    totals.commands++;
    this.stamp(line);
    const b = this.timeline.bucket(line);
    this.commandSeries[b]!++;
    const watch = this.watch;

    let state: ClientState | undefined;
    let tracked: boolean;
    let modeId: number;
    if (line.isLua) {
      totals.luaCommands++;
      if (!this.hasCaller) totals.orphanLua++;
      if (watch !== undefined) watch.luaLine();
      state = this.callerState;
      tracked = this.hasCaller && this.callerTracked;
      modeId = this.callerModeId;
    } else {
      state = this.registry.lookup(buf, line);
      if (state !== undefined) {
        state.lastTouch = this.lineNumber;
        if (watch !== undefined && state.touchMark !== watch.mark) watch.touch(state);
        tracked = cachesNextRead(state);
      } else {
        if (watch !== undefined) watch.stranger(line.addrHash);
        tracked = this.strangerTracked;
      }
      if (watch !== undefined) watch.clientLine();
      if (!tracked && (this.loud[line.cmdPrefix]! & lengthBit(line.cmdEnd - line.cmdStart)) === 0) {
        this.setCaller(buf, state, false);
        if (state !== undefined) {
          if (state.tracking) this.countCommand(state, false);
          if (!state.inMulti) state.caching = CACHING_NONE;
        }
        return;
      }
      modeId = state !== undefined ? state.modeId : this.registry.strangerModeId;
    }

    let info = line.cmdPlain
      ? this.table.fromBytes(buf, line.cmdStart, line.cmdEnd, line.cmdHash)
      : this.table.fromName(unescapeArgument(buf, line.cmdStart, line.cmdEnd).toString('utf8'));
    const args = this.args;
    args.reset(line);
    if (info.subcommands !== undefined && args.scanTo(buf, 2) === 2) {
      const s = args.starts[1]!;
      const e = args.ends[1]!;
      info = isPlain(buf, s, e)
        ? this.table.subcommand(info, buf, s, e)
        : this.table.subcommand(info, buf, s, e, unescapeArgument(buf, s, e).toString('utf8'));
    }
    if (!line.isLua) {
      if (info.role !== undefined) {
        state = this.control(state, info, buf);
        // CLIENT CACHING is no read itself: it says whether the next one is cached.
        tracked =
          info.role !== 'client-caching' &&
          (state !== undefined ? cachesNextRead(state) : this.strangerTracked);
        modeId = state !== undefined ? state.modeId : this.registry.strangerModeId;
      }
      this.setCaller(buf, state, tracked);
      if (state !== undefined && !info.keepsCaching && !state.inMulti) state.caching = CACHING_NONE;
    }
    if (state !== undefined && state.tracking) this.countCommand(state, tracked);
    if (tracked) {
      totals.trackedCommands++;
      this.trackedSeries[b]!++;
      const verdict = this.verdict(info, buf, modeId);
      if (verdict.reportable) {
        // No closure here: one capturing `info` would make every line allocate a context for it.
        const group = verdict.group ?? this.readGroup(verdict, buf, info, modeId);
        this.recordFinding(group, buf, state, b, verdict.series);
      }
    }
    if (info.silentWrite && watch !== undefined) watch.silentWrite(this.registry.trackingNow);
    if (info.silentWrite && this.registry.someoneTracks) {
      const group = (info.silentGroup ??= this.recorder.silentWriteGroup(info));
      this.recordFinding(group, buf, state, b, SILENT_WRITES);
    }
    if (info.fieldTtl !== 0) this.fieldTtlLine(info, buf);
    if (args.unescaped) totals.unescapedLines++;
  }

  /**
   * A write that can give or end hash field TTLs, from any client: moves `fieldTtls` on. While no key has
   * them, only the writes that give them are read.
   */
  private fieldTtlLine(info: CommandInfo, buf: Uint8Array): void {
    const keys = this.fieldTtls;
    if ((info.fieldTtl & FIELD_TTL_SETS) === 0 && keys.blind) return;
    this.args.scanAll(buf);
    const effects = fieldTtlEffects(decodeArguments(buf, this.args));
    if (effects.flushes) keys.flush();
    for (const key of effects.clears) keys.clear(key);
    for (const c of effects.carries) keys.carry(c.from, c.to, c.moves, c.replaces, this.lineNumber);
    for (const key of effects.sets) keys.set(key, this.lineNumber);
    this.loud = keys.blind ? this.loudBlind : this.loudFieldTtls;
  }

  /** After `fieldTtls` was given a state from elsewhere (a worker's start, a range absorbed). */
  fieldTtlsChanged(): void {
    this.loud = this.fieldTtls.blind ? this.loudBlind : this.loudFieldTtls;
  }

  /** Keeps the first and the last timestamp. */
  private stamp(line: MonitorLine): void {
    const t = this.totals;
    if (t.commands === 1) {
      t.firstSeconds = line.seconds;
      t.firstMicros = line.micros;
    }
    t.lastSeconds = line.seconds;
    t.lastMicros = line.micros;
  }

  /** A tracking client's stats record, made on its first line. */
  private statsOf(state: ClientState): ClientStats {
    let stats = state.stats;
    if (stats === undefined) {
      // The address becomes a string only for a client the bounded table keeps.
      stats = this.clientStats.mayKeep(state.hash)
        ? (this.clientStats.obtain(
            addressOf(state),
            state.hash,
            modeLabel(state),
            state.prefixes,
            state.redirect,
          ) ?? DROPPED)
        : DROPPED;
      state.stats = stats;
    }
    return stats;
  }

  /** A line from a client that tracks: its stats, made on its first line. */
  private countCommand(state: ClientState, tracked: boolean): void {
    const stats = state.stats ?? this.statsOf(state);
    const totals = this.summaryTotals;
    stats.commands++;
    totals.commands++;
    if (tracked) {
      stats.trackedCommands++;
      totals.trackedCommands++;
    }
  }

  private recordFinding(
    group: FindingGroup,
    buf: Uint8Array,
    state: ClientState | undefined,
    bucket: number,
    series: number,
  ): void {
    const line = this.line;
    this.recorder.count(group, buf, line, this.lineNumber);
    this.timeline.add(series, bucket);
    if (state !== undefined) {
      if (state.tracking && state.stats !== undefined) {
        state.stats.findings++;
        this.summaryTotals.findings++;
      }
      this.pendingFindings.add(state, group);
    } else if (group.dropped) {
      return;
    } else if (line.isLua) {
      group.clients.add(this.callerAddressString(), this.callerHash);
    } else {
      group.clients.add(line.addressOf(buf), line.addrHash);
    }
  }

  /** Adds the findings counted per client to their groups (before reading the groups). */
  flushPending(): void {
    this.pendingFindings.flushAll();
  }

  /** The script caller's address (`lua` before any client line). */
  callerAddressString(): string {
    if (!this.hasCaller) return 'lua';
    if (this.callerState !== undefined) return addressOf(this.callerState);
    this.callerAddress ??= Buffer.from(this.callerBuf!.subarray(this.callerStart, this.callerEnd)).toString(
      'latin1',
    );
    return this.callerAddress;
  }

  get callerHash(): number {
    return this.callerState !== undefined ? this.callerState.hash : this.strangerCallerHash;
  }

  /** The mode the script caller's reads are cached in. */
  get callerModeId(): number {
    return this.callerState !== undefined ? this.callerState.modeId : this.registry.strangerModeId;
  }

  /** The verdict on this line's invocation in a mode, from the cache or from `categorize` once. */
  private verdict(info: CommandInfo, buf: Uint8Array, modeId: number): Verdict {
    const known = info.arityVerdicts[modeId];
    if (known !== undefined && (info.arity === 0 || this.rightArity(info.arity, buf))) return known;
    const plan = info.plan ?? planOf(info);
    const mode = this.modes.modes[modeId]!;
    const coverage = mode.bcastPrefixes && plan.coverage;
    const args = this.args;
    let layout: Layout;
    if (plan.arity === 0) {
      layout = info.simpleLayouts[0];
    } else if (plan.simple && (!coverage || plan.staticItems !== undefined)) {
      const right = this.rightArity(plan.arity, buf);
      if (right && plan.arity < 0 && (coverage || plan.fieldTtl) && args.count < plan.staticItemsEnd)
        args.scanTo(buf, plan.staticItemsEnd);
      layout = info.simpleLayouts[right ? 0 : 1];
      if (right && coverage) layout.items ??= plan.staticItems;
      else if (!right) return this.cached(layout, modeId, 0, 0, info, buf);
    } else {
      const found = this.layoutOf(info, buf);
      if (found === undefined)
        return this.fresh(info, buf, modeId, this.shapeOf(info, buf), this.keyHasFieldTtl());
      layout = found;
    }
    let code = 0;
    if (coverage) {
      if (layout.items === undefined) layout.items = this.itemsOf(info, layout);
      if (layout.items === null) {
        // Keys the layout cannot place (a token recurring past its spellings): classify this line itself.
        return this.fresh(info, buf, modeId, layout.shape, this.keyHasFieldTtl());
      }
      code = coverageCode(layout.items, buf, args, mode);
    }
    // A hash read is partial when a key it reads has fields with TTLs (on the servers with field expiry).
    let fieldTtl = 0;
    if (plan.fieldTtl && !this.fieldTtls.blind) {
      const items = plan.simple ? plan.staticItems! : (layout.items ??= this.itemsOf(info, layout));
      if (items === null) return this.fresh(info, buf, modeId, layout.shape, this.keyHasFieldTtl());
      fieldTtl = this.readsFieldTtlKey(items, buf) ? 1 : 0;
    }
    const verdict = this.cached(layout, modeId, code, fieldTtl, info, buf);
    // Nothing but the arity decided it: the next line of this command in this mode needs only that checked.
    if (layout === info.simpleLayouts[0] && !coverage && !plan.fieldTtl) {
      info.arity = plan.arity;
      info.arityVerdicts[modeId] = verdict;
    }
    return verdict;
  }

  /** Whether the line has the words an arity asks for (2: one argument; -2: at least one), as far as it reads. */
  private rightArity(arity: number, buf: Uint8Array): boolean {
    const args = this.args;
    if (arity === 2) {
      // The most common arity (GET, TTL, HGETALL, INCR): one argument that ends the line.
      const line = this.line;
      const open = line.cmdEnd + 1;
      const close = closingQuote(buf, open + 2, line.lineEnd);
      const right = buf[open] === 0x20 && buf[open + 1] === 0x22 && close === line.lineEnd - 1;
      if (right) {
        args.starts[1] = open + 2;
        args.ends[1] = close;
        args.count = 2;
        args.complete = true;
        return true;
      }
      // A second argument, or none: the wrong arity. Any other quote is one printed raw (`ArgumentScanner`).
      if (close < 0 || (buf[close + 1] === 0x20 && buf[close + 2] === 0x22)) return false;
    }
    if (arity > 0) {
      const count = args.scanTo(buf, arity + 1);
      return count === arity && args.complete && !args.broken;
    }
    return args.hasAtLeast(buf, -arity);
  }

  /** Whether a key at the items' positions of this line has hash fields with TTLs. */
  private readsFieldTtlKey(items: ItemSet[], buf: Uint8Array): boolean {
    const args = this.args;
    for (const set of items) {
      for (const k of set.keys) {
        if (k >= args.count) continue;
        const start = args.starts[k]!;
        const end = args.ends[k]!;
        const key = isPlain(buf, start, end)
          ? Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8')
          : losslessText(unescapeArgument(buf, start, end));
        if (this.fieldTtls.has(key)) return true;
      }
    }
    return false;
  }

  /** `categorize`'s `hashFieldTtl` for a line classified on its own: the keys that have field TTLs now. */
  private keyHasFieldTtl(): ((key: string) => boolean) | undefined {
    const keys = this.fieldTtls;
    return keys.blind ? undefined : (key) => keys.has(key);
  }

  private cached(
    layout: Layout,
    modeId: number,
    code: number,
    fieldTtl: number,
    info: CommandInfo,
    buf: Uint8Array,
  ): Verdict {
    const slot = ((modeId * COVERAGE_CODES + code) << 1) | fieldTtl;
    let v = layout.verdicts[slot];
    if (v === undefined) {
      v = this.fresh(info, buf, modeId, layout.shape, fieldTtl === 1);
      layout.verdicts[slot] = v;
    }
    return v;
  }

  /** Decodes the line once and asks `categorize`. */
  private fresh(
    info: CommandInfo,
    buf: Uint8Array,
    modeId: number,
    shape: string,
    hashFieldTtl: boolean | ((key: string) => boolean) | undefined,
  ): Verdict {
    this.args.scanAll(buf);
    return verdictOf(
      decodeArguments(buf, this.args),
      modeId,
      shape,
      this.modes,
      hashFieldTtl === undefined ? this.options : { ...this.options, hashFieldTtl },
      info.name,
    );
  }

  private readGroup(verdict: Verdict, buf: Uint8Array, info: CommandInfo, modeId: number): FindingGroup {
    return this.recorder.readGroup(verdict, () => this.explain(buf, info, modeId));
  }

  /** What `categorize` says of this line, for a new finding's message. */
  private explain(buf: Uint8Array, info: CommandInfo, modeId: number): string {
    this.args.scanAll(buf);
    const hashFieldTtl = this.keyHasFieldTtl();
    const options = hashFieldTtl ? { ...this.options, hashFieldTtl } : this.options;
    return classify(decodeArguments(buf, this.args), modeId, this.modes, options, info.name).explanation;
  }

  /** The layout of this line's invocation (`InvocationPlan`), interned; undefined when the table is full. */
  private layoutOf(info: CommandInfo, buf: Uint8Array): Layout | undefined {
    const plan = planOf(info);
    const args = this.args;
    const count = args.scanAll(buf);
    let key = this.layoutKey;
    if (key.length < 4 + 2 * count + plan.keynumPositions.length) {
      key = this.layoutKey = new Int32Array(2 * (4 + 2 * count + plan.keynumPositions.length));
    }
    let n = 0;
    let h = 0x811c9dc5 | 0;
    key[n++] = count;
    key[n++] = args.broken ? 1 : 0;
    h = Math.imul(h ^ count, FNV_PRIME);
    h = Math.imul(h ^ key[1]!, FNV_PRIME);
    if (plan.tokens.length > 0) {
      for (let k = plan.argStart; k < count; k++) {
        const t = this.tokenAt(plan.tokens, plan.maxTokenLength, buf, args.starts[k]!, args.ends[k]!);
        if (t === 0) continue;
        key[n++] = k;
        key[n++] = t;
        h = Math.imul(Math.imul(h ^ k, FNV_PRIME) ^ t, FNV_PRIME);
      }
    }
    key[n++] = -1;
    for (const position of plan.keynumPositions) {
      const v = position < count ? keyCount(buf, args.starts[position]!, args.ends[position]!, count) : -2;
      key[n++] = v;
      h = Math.imul(h ^ v, FNV_PRIME);
    }
    h &= 0x3fffffff;
    const found = info.layouts.find(key, n, h);
    if (found !== undefined) return found;
    const tokens: number[] = [];
    let i = 2;
    for (; key[i] !== -1; i += 2) tokens.push(key[i]!, key[i + 1]!);
    const layout: Layout = {
      argc: count,
      tokens,
      keynums: Array.from(key.subarray(i + 1, n)),
      broken: args.broken,
      shape: shapeName(info, tokens),
      items: undefined,
      verdicts: [],
    };
    return info.layouts.add(key, n, h, layout) ? layout : undefined;
  }

  private shapeOf(info: CommandInfo, buf: Uint8Array): string {
    const plan = planOf(info);
    const args = this.args;
    const tokens: number[] = [];
    for (let k = plan.argStart; k < args.count; k++) {
      const t = this.tokenAt(plan.tokens, plan.maxTokenLength, buf, args.starts[k]!, args.ends[k]!);
      if (t > 0) tokens.push(k, t);
    }
    return shapeName(info, tokens);
  }

  /** The id (1-based) of the token the argument is, in any case, or 0. */
  private tokenAt(
    tokens: Uint8Array[],
    maxLength: number,
    buf: Uint8Array,
    start: number,
    end: number,
  ): number {
    const length = end - start;
    if (length === 0) return 0;
    if (length > maxLength) {
      // An escaped argument can be longer raw than the token it decodes to.
      if (length > 4 * maxLength || isPlain(buf, start, end)) return 0;
    }
    if (!isPlain(buf, start, end)) {
      const decoded = unescapeArgument(buf, start, end);
      for (let t = 0; t < tokens.length; t++)
        if (equalsLowerCase(tokens[t]!, decoded, 0, decoded.length)) return t + 1;
      return 0;
    }
    for (let t = 0; t < tokens.length; t++) if (equalsLowerCase(tokens[t]!, buf, start, end)) return t + 1;
    return 0;
  }

  /** Where a layout's keys and patterns are, per server variant (null when they cannot be placed). */
  private itemsOf(info: CommandInfo, layout: Layout) {
    const tokenAt = new Map<number, number>();
    for (let i = 0; i < layout.tokens.length; i += 2) tokenAt.set(layout.tokens[i]!, layout.tokens[i + 1]!);
    const rebuilt = rebuild(
      planOf(info),
      info.name,
      layout.argc,
      (i) => tokenAt.get(i) ?? 0,
      (i) => layout.keynums[planOf(info).keynumPositions.indexOf(i)] ?? -1,
    );
    if (!rebuilt) return null;
    const sets = itemsOf(planOf(info), rebuilt);
    // A coverage code has room for two variants' sets (COVERAGE_CODES): past that, classify line by line.
    if (sets.length > MAX_COVERAGE_SETS) return null;
    return sets.some((s) => s.keys.includes(-1) || s.patterns.includes(-1)) ? null : sets;
  }

  /** Applies CLIENT TRACKING/CACHING, MULTI/EXEC, RESET, HELLO and QUIT; returns the state to use for the line. */
  private control(state: ClientState | undefined, info: CommandInfo, buf: Buffer): ClientState | undefined {
    const line = this.line;
    const registry = this.registry;
    const wasStored = state !== undefined;
    // A stranger that says HELLO, QUIT, RESET, EXEC or CLIENT CACHING stays one: make it no state.
    if (
      !wasStored &&
      registry.wildcard === undefined &&
      info.role !== 'client-tracking' &&
      info.role !== 'multi'
    )
      return undefined;
    const s = state ?? registry.createFromLine(buf, line);
    // A state made in a worker's range is the range's own doing, not an assumption about its start.
    if (!wasStored && this.watch !== undefined) s.touchMark = this.watch.mark;
    const wasTracking = s.tracking;
    const recording = this.recording;
    // A change of mode is the client's to report, even when this is its first line here.
    if (recording && wasTracking && s.stats === undefined) this.statsOf(s);
    switch (info.role) {
      case 'client-tracking': {
        this.args.scanAll(buf);
        if (!foundByPrepass(buf, this.args)) this.missedTracking = true;
        const started = applyClientTracking(s, decodeArguments(buf, this.args), this.modes);
        if (started && recording) this.totals.trackingConnections++;
        if (s.tracking && ClientRegistry.isUnix(s) && recording) this.unixTracked = true;
        break;
      }
      case 'client-caching': {
        const args = this.args;
        if (args.scanTo(buf, 3) === 3) {
          const yes = argumentIs(YES, buf, args.starts[2]!, args.ends[2]!);
          if (yes || argumentIs(NO, buf, args.starts[2]!, args.ends[2]!)) applyClientCaching(s, yes);
        }
        break;
      }
      case 'multi':
        s.inMulti = true;
        break;
      case 'end-multi':
        s.inMulti = false;
        break;
      case 'reset':
        registry.reset(s);
        s.tracking = false;
        s.assumed = false;
        break;
      case 'hello':
        if (wasTracking && line.db === 0) {
          if (recording) this.totals.addressReuses++;
          registry.reset(s);
        }
        break;
      case 'quit':
        registry.reset(s);
        break;
    }
    // A client whose tracking changed has a record to say so, even when this is its first line here: a worker's
    // range starts with no records, and a client that QUIT under `--tracking-clients '*'` is released as a
    // stranger right after, so the merged record would keep the mode before the change.
    const stats = recording && (s.tracking || wasTracking) ? (s.stats ?? this.statsOf(s)) : undefined;
    if (stats !== undefined && stats !== DROPPED) {
      stats.mode = modeLabel(s);
      if (s.tracking) {
        stats.prefixes = s.prefixes;
        stats.redirect = s.redirect;
      }
    }
    registry.settle(s, wasTracking, wasStored);
    if (!registry.isStranger(s)) return s;
    if (!wasStored) registry.release(s);
    return undefined;
  }

  /** Makes `address` the script caller, as a range audited elsewhere left it. */
  restoreCaller(address: string, hash: number, tracked: boolean, state: ClientState | undefined): void {
    this.hasCaller = true;
    this.callerTracked = tracked;
    this.callerState = state;
    this.callerAddress = address;
    this.strangerCallerHash = hash;
    this.callerBuf = Buffer.from(address, 'latin1');
    this.callerStart = 0;
    this.callerEnd = this.callerBuf.length;
  }

  private setCaller(buf: Uint8Array, state: ClientState | undefined, tracked: boolean): void {
    this.hasCaller = true;
    this.callerTracked = tracked;
    this.callerState = state;
    if (state === undefined) {
      const line = this.line;
      this.callerAddress = undefined;
      this.strangerCallerHash = line.addrHash;
      this.callerBuf = buf;
      this.callerStart = line.addrStart;
      this.callerEnd = line.addrEnd;
    }
  }

  /** A line before a worker's range: only client state and the script caller move. */
  private warmLine(buf: Buffer, start: number, end: number): void {
    const line = this.line;
    if (!line.scanHead(buf, start, end) || (this.mayBeNonAscii && !line.isAsciiLine(buf))) return;
    let info = line.cmdPlain
      ? this.table.fromBytes(buf, line.cmdStart, line.cmdEnd, line.cmdHash)
      : this.table.fromName(unescapeArgument(buf, line.cmdStart, line.cmdEnd).toString('utf8'));
    this.args.reset(line);
    if (info.subcommands !== undefined && this.args.scanTo(buf, 2) === 2) {
      const s = this.args.starts[1]!;
      const e = this.args.ends[1]!;
      info = isPlain(buf, s, e)
        ? this.table.subcommand(info, buf, s, e)
        : this.table.subcommand(info, buf, s, e, unescapeArgument(buf, s, e).toString('utf8'));
    }
    if (line.isLua) {
      // A script's writes give and end field TTLs as a client's do.
      if (info.fieldTtl !== 0) this.fieldTtlLine(info, buf);
      return;
    }
    let state = this.registry.lookup(buf, line);
    if (state !== undefined) state.lastTouch = this.lineNumber;
    let tracked = state !== undefined ? cachesNextRead(state) : this.strangerTracked;
    if (info.role !== undefined) {
      state = this.control(state, info, buf);
      tracked =
        info.role !== 'client-caching' &&
        (state !== undefined ? cachesNextRead(state) : this.strangerTracked);
    }
    this.setCaller(buf, state, tracked);
    if (state !== undefined && !info.keepsCaching && !state.inMulti) state.caching = CACHING_NONE;
    if (info.fieldTtl !== 0) this.fieldTtlLine(info, buf);
  }

  protected onChunkEnd(): void {
    // The reader reuses the chunk's memory: keep a stranger caller's address as a string.
    if (this.callerState !== undefined || this.callerBuf === undefined || this.callerAddress !== undefined)
      return;
    this.callerAddress = Buffer.from(this.callerBuf.subarray(this.callerStart, this.callerEnd)).toString(
      'latin1',
    );
    this.callerBuf = Buffer.from(this.callerAddress, 'latin1');
    this.callerStart = 0;
    this.callerEnd = this.callerBuf.length;
  }

  protected onTooLong(head: Buffer): void {
    if (!this.recording) return;
    this.totals.lines++;
    this.totals.tooLong++;
    this.skip('too-long', head);
  }

  private reject(buf: Buffer, start: number, end: number): void {
    const totals = this.totals;
    if (end === start || (end - start === 1 && buf[start] === 0x0d)) totals.blank++;
    else if (end - start > 7 || !OK_LINE.test(buf.toString('latin1', start, end))) {
      totals.malformed++;
      this.skip('malformed', buf.subarray(start, end));
    }
  }

  private skip(reason: SkippedLine['reason'], bytes: Uint8Array): void {
    if (this.skipped.length >= MAX_SKIPPED_EXAMPLES) return;
    const preview = Buffer.from(bytes.subarray(0, 80))
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '?');
    this.skipped.push({ line: this.lineNumber, reason, preview });
  }
}

/** Whether the argument `buf[start, end)` is `lower` in any ASCII case, escapes decoded. */
function argumentIs(lower: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (isPlain(buf, start, end)) return equalsLowerCase(lower, buf, start, end);
  const decoded = unescapeArgument(buf, start, end);
  return equalsLowerCase(lower, decoded, 0, decoded.length);
}

/** The value `categorize` takes a key-count argument for (`Number`), as a small integer; -1 when invalid. */
function keyCount(buf: Uint8Array, start: number, end: number, argc: number): number {
  let v = 0;
  if (end > start && end - start <= 9) {
    let i = start;
    for (; i < end; i++) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === end) return Math.min(v, argc);
  }
  const n = Number(unescapeArgument(buf, start, end).toString('utf8'));
  // Counts past the arguments there are find the same keys (extract-keys.ts stops at the last argument).
  return Number.isInteger(n) && n >= 0 ? Math.min(n, argc) : -1;
}

/** `SORT_RO … BY … GET`: the name and the tokens a shape shows, in order of first appearance. */
function shapeName(info: CommandInfo, tokens: number[]): string {
  const name = info.name.toUpperCase().replace('|', ' ');
  const seen: string[] = [];
  for (let i = 1; i < tokens.length; i += 2) {
    const id = tokens[i]!;
    if (!planOf(info).displayToken[id - 1]) continue;
    const word = planOf(info).tokenWords[id - 1]!;
    if (!seen.includes(word)) seen.push(word);
  }
  return seen.length > 0 ? `${name} … ${seen.join(' … ')}` : name;
}
