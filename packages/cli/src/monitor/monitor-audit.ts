import { ClientRegistry } from './client-registry.js';
import {
  applyClientCaching,
  applyClientTracking,
  cachesNextRead,
  ModeRegistry,
  type ClientState,
} from './client-state.js';
import { Classifier, type ClassifierOptions } from './classifier.js';
import { CommandTable, type CommandInfo } from './command-table.js';
import type { FindingGroup } from './finding-group.js';
import { FindingRecorder } from './finding-recorder.js';
import { ClientTally, type ClientSummary } from './client-summary.js';
import { LineStream } from './line-stream.js';
import { MonitorLine, decodeArguments, unescapeArgument } from './monitor-line.js';
import { TimelineBuilder, type Timeline } from './timeline.js';
import type { AssumedTracking } from './tracking-clients-option.js';

export interface MonitorAuditOptions extends ClassifierOptions {
  /** Clients that tracked before the capture began (`--tracking-clients`, `CLIENT LIST` flags). */
  assumed?: AssumedTracking[];
  /** Lines longer than this are skipped (counted), so a file without line ends cannot exhaust memory. */
  maxLineBytes?: number;
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
  /** A tracking address that sent a connection handshake again: a new connection on a reused address. */
  addressReuses: number;
  /** `[0 lua]` lines with no client line before them to attribute them to. */
  orphanLua: number;
}

const MAX_SKIPPED_EXAMPLES = 5;
const MAX_UNKNOWN_NAMES = 1000;
const OK_LINE = /^\+?OK\r?$/;

/**
 * The MONITOR audit as a stream consumer: `write` each chunk of the log as it arrives, then `end`. It
 * follows each client's CLIENT TRACKING state, classifies the reads of tracking clients once per command
 * shape, and counts the silent writes run while clients track. Memory stays bounded by the number of
 * tracking clients and of distinct command shapes, whatever the log's size.
 */
export class MonitorAudit extends LineStream {
  readonly totals: MonitorTotals = {
    lines: 0,
    commands: 0,
    trackedCommands: 0,
    luaCommands: 0,
    malformed: 0,
    tooLong: 0,
    blank: 0,
    addressReuses: 0,
    orphanLua: 0,
  };
  readonly skipped: SkippedLine[] = [];
  /** Commands of tracking clients the bundled data does not know, by name. */
  readonly unknownCommands = new Map<string, number>();
  readonly modes = new ModeRegistry();
  /** Commands and findings per time bucket, and the first and last timestamps. */
  readonly timeline = new TimelineBuilder();

  private readonly tally = new ClientTally();
  private readonly assumed: readonly AssumedTracking[];

  private readonly line = new MonitorLine();
  private readonly table = new CommandTable();
  private readonly classifier: Classifier;
  private readonly recorder = new FindingRecorder(this.modes);
  private readonly clients: ClientRegistry;
  /** 1 for the two-byte command prefixes a stranger's line needs no lookup for (`CommandTable.quietPrefixes`). */
  private readonly quiet: Uint8Array;

  // The last client line, to which the `[0 lua]` lines of its script belong.
  private hasCaller = false;
  private callerTracked = false;
  private callerModeId = 0;
  private callerAddress: string | undefined;
  private callerBuf: Uint8Array | undefined;
  private callerStart = 0;
  private callerEnd = 0;

  constructor(options: MonitorAuditOptions = {}) {
    super(options.maxLineBytes ?? 32 * 1024 * 1024);
    this.assumed = options.assumed ?? [];
    this.classifier = new Classifier(this.modes, options);
    this.clients = new ClientRegistry(
      this.modes,
      options.assumed?.find((a) => a.address === '*'),
    );
    // A category map from a live server may know silent writes the bundled data does not.
    for (const [name, override] of options.overrides ?? []) {
      if (override.reasons.includes('silent-write')) this.table.fromFullName(name).silentWrite = true;
    }
    this.quiet = this.table.quietPrefixes();
    for (const assumed of options.assumed ?? []) if (assumed.address !== '*') this.clients.assume(assumed);
  }

  findings(): FindingGroup[] {
    return this.recorder.findings();
  }

  /** Every address that tracked at some point (or was assumed to). */
  trackingAddresses(): string[] {
    return [...this.clients.everTracking];
  }

  timelineSoFar(): Timeline | undefined {
    return this.timeline.toTimeline();
  }

  /** The tracking clients, most findings first, bounded (see `ClientTally.summaries`). */
  clientSummaries(): ClientSummary[] {
    return this.tally.summaries(this.clients.everTracking, (address) => {
      const a = this.assumed.find((x) => x.address === address) ?? this.clients.wildcard;
      return a && { tracking: true, mode: a.mode, prefixes: a.prefixes };
    });
  }

  protected onLine(buf: Buffer, start: number, end: number): void {
    const totals = this.totals;
    totals.lines++;
    const line = this.line;
    if (!line.scanHead(buf, start, end)) return this.reject(buf, start, end);

    const state = line.isLua ? undefined : this.clients.stateOf(buf, line);
    const tracked = state === undefined ? this.hasCaller && this.callerTracked : cachesNextRead(state);
    if (!tracked && this.quiet[line.cmdPrefix] === 1) return this.quietLine(buf, start, end, state);

    let info = line.cmdPlain
      ? this.table.fromBytes(buf, line.cmdStart, line.cmdEnd, line.cmdHash)
      : this.table.fromName(unescapeArgument(buf, line.cmdStart, line.cmdEnd).toString('latin1'));
    const silent = info.silentWrite && this.clients.someoneTracks;
    // Every byte is checked on the lines whose arguments the audit reads, and in chunks with bytes the
    // server never writes; the rest only need the command name and client, checked by `scanHead`.
    const used = tracked || silent || info.subcommands !== undefined || info.role !== undefined;
    if (!(used || this.strict ? line.scanArguments(buf) : line.looksComplete(buf))) {
      return this.reject(buf, start, end);
    }
    totals.commands++;

    let argv: string[] | undefined;
    if (info.subcommands) {
      argv = decodeArguments(buf, line);
      info = this.table.subcommand(info, argv[1]);
    }
    let client = state;
    let isTracked = tracked;
    let modeId = this.callerModeId;
    if (client === undefined) {
      totals.luaCommands++;
      if (!this.hasCaller) totals.orphanLua++;
    } else {
      if (info.role !== undefined) {
        client = this.control(client, info, (argv ??= decodeArguments(buf, line)), buf);
        isTracked = cachesNextRead(client);
      }
      modeId = client.modeId;
      this.setCaller(buf, client, isTracked);
      if (info.role !== 'client-caching' && !client.inMulti) client.caching = undefined;
    }
    this.timeline.at(buf, line.tsStart, line.tsEnd);
    this.timeline.countCommand(isTracked);
    if (client !== undefined && client !== this.clients.scratch)
      this.tally.countCommand(client.address, client, isTracked);
    else if (isTracked) this.tally.countCommand(this.addressOf(client, buf), undefined, true);

    if (isTracked) {
      totals.trackedCommands++;
      const verdict =
        this.classifier.cached(info, modeId) ??
        this.classifier.verdict(info, modeId, argv ?? decodeArguments(buf, line));
      if (verdict.reportable) {
        const address = this.addressOf(client, buf);
        this.recorder.record(this.recorder.readGroup(verdict), buf, line, this.lineNumber, address);
        this.timeline.countFinding(verdict.category === 'none' ? 'none' : 'partial');
        this.tally.countFinding(address);
      } else if (verdict.category === 'unknown') {
        this.timeline.countFinding('unknown');
        if (this.unknownCommands.size < MAX_UNKNOWN_NAMES)
          this.unknownCommands.set(info.name, (this.unknownCommands.get(info.name) ?? 0) + 1);
      }
    }
    if (info.silentWrite && this.clients.someoneTracks) {
      const group = this.recorder.silentWriteGroup(info);
      const address = this.addressOf(client, buf);
      this.recorder.record(group, buf, this.line, this.lineNumber, address);
      this.timeline.countFinding('silentWrites');
      this.tally.countFinding(address);
    }
  }

  /**
   * Most lines: a client that does not track runs a command that is neither a control command nor a silent
   * write (known from its first two bytes), so only its validity and its place as a script's caller matter.
   */
  private quietLine(buf: Buffer, start: number, end: number, state: ClientState | undefined): void {
    const line = this.line;
    if (!(this.strict ? line.scanArguments(buf) : line.looksComplete(buf)))
      return this.reject(buf, start, end);
    const totals = this.totals;
    totals.commands++;
    this.timeline.at(buf, line.tsStart, line.tsEnd);
    this.timeline.countCommand(false);
    if (state !== undefined && state !== this.clients.scratch)
      this.tally.countCommand(state.address, state, false);
    if (state === undefined) {
      totals.luaCommands++;
      if (!this.hasCaller) totals.orphanLua++;
      return;
    }
    this.setCaller(buf, state, false);
    if (!state.inMulti) state.caching = undefined;
  }

  private setCaller(buf: Uint8Array, client: ClientState, tracked: boolean): void {
    this.hasCaller = true;
    this.callerTracked = tracked;
    this.callerModeId = client.modeId;
    this.callerAddress = client === this.clients.scratch ? undefined : client.address;
    this.callerBuf = buf;
    this.callerStart = this.line.addrStart;
    this.callerEnd = this.line.addrEnd;
  }

  protected onChunkEnd(): void {
    this.timeline.settle();
    if (this.callerBuf === undefined) return;
    this.callerAddress ??= Buffer.from(this.callerBuf.subarray(this.callerStart, this.callerEnd)).toString(
      'latin1',
    );
    this.callerBuf = undefined;
  }

  protected onTooLong(head: Buffer): void {
    this.totals.lines++;
    this.totals.tooLong++;
    this.skip('too-long', head);
  }

  private reject(buf: Buffer, start: number, end: number): void {
    const totals = this.totals;
    if (end === start || (end - start === 1 && buf[start] === 0x0d)) totals.blank++;
    else if (end - start > 4 || !OK_LINE.test(buf.toString('latin1', start, end))) {
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

  /** Applies CLIENT TRACKING/CACHING, MULTI/EXEC and handshakes; returns the state to use for the line. */
  private control(state: ClientState, info: CommandInfo, argv: string[], buf: Buffer): ClientState {
    const wasTracking = state.tracking;
    if (state === this.clients.scratch) state = this.clients.create(this.line.addressOf(buf));
    switch (info.role) {
      case 'client-tracking':
        applyClientTracking(state, argv, this.modes);
        this.tally.trackingCommand(state, argv);
        break;
      case 'client-caching':
        applyClientCaching(state, argv);
        break;
      case 'handshake':
        if (wasTracking) {
          this.totals.addressReuses++;
          this.clients.reset(state);
        }
        break;
      case 'multi':
        state.inMulti = true;
        break;
      case 'end-multi':
        state.inMulti = false;
        break;
    }
    this.clients.settle(state, wasTracking);
    return state;
  }

  /** The client a finding line counts for: a `lua` line counts for the script's caller. */
  private addressOf(state: ClientState | undefined, buf: Buffer): string {
    if (state !== undefined) return state === this.clients.scratch ? this.line.addressOf(buf) : state.address;
    if (this.callerAddress !== undefined) return this.callerAddress;
    if (!this.hasCaller || !this.callerBuf) return 'lua';
    return Buffer.from(this.callerBuf.subarray(this.callerStart, this.callerEnd)).toString('latin1');
  }
}
