import { BoundedRecords } from './bounded-counts.js';
import { addressHash } from './monitor-line.js';

/** Per tracking client (address), for the report's "by client" breakdown (CONTRACT-timeline.md). */
export interface ClientSummary {
  address: string;
  /** Tracking mode as the audit saw it last: 'default' | 'optin' | 'optout' | 'bcast' | 'off', with
   *  '+noloop' when NOLOOP was given. Empty for the "(other clients)" row. */
  mode: string;
  prefixes: string[];
  redirect?: number;
  /** Commands this client sent while it tracked (lua lines its scripts ran included). */
  commands: number;
  /** Those whose replies it cached under CLIENT TRACKING (in OPTIN, after CLIENT CACHING yes). */
  trackedCommands: number;
  /** Uncovered reads and silent writes attributed to it. */
  findings: number;
}

/** The counts behind one `ClientSummary`, while the audit runs. */
export interface ClientStats {
  address: string;
  mode: string;
  prefixes: string[];
  redirect: number | undefined;
  commands: number;
  trackedCommands: number;
  findings: number;
  /** Dropped from the bounded table: stop counting into it. */
  dropped: boolean;
}

/** One shape for every record, kept or dropped, so the hot path sees one kind of object. */
export function newStats(
  address: string,
  mode: string,
  prefixes: string[],
  redirect: number | undefined,
  dropped: boolean,
): ClientStats {
  return { address, mode, prefixes, redirect, commands: 0, trackedCommands: 0, findings: 0, dropped };
}

/** Clients whose counts are kept exactly; past this many, a sample of this many (`BoundedRecords`). */
const TRACKED_CLIENTS = 10_000;
/** Rows in the report before "(other clients)". */
export const SUMMARY_ROWS = 200;
export const OTHER_CLIENTS = '(other clients)';

export interface SerializedClientStats {
  records: Omit<ClientStats, 'dropped'>[];
  thresholdHash: number;
  thresholdKey: string;
  totals: { commands: number; trackedCommands: number; findings: number };
}

/** Every tracking client's counts, bounded and mergeable, and their sums over all clients. */
export class ClientStatsTable {
  private readonly table = new BoundedRecords<ClientStats>(TRACKED_CLIENTS, addressHash);
  /** Sums over every tracking client, kept or dropped, so "(other clients)" is exact. */
  readonly totals = { commands: 0, trackedCommands: 0, findings: 0 };

  constructor() {
    this.table.onDrop = (dropped) => {
      for (const d of dropped) d.dropped = true;
    };
  }

  /** Whether a client of this address hash may be kept (so its address string is worth making). */
  mayKeep(hash: number): boolean {
    return this.table.mayKeep(hash);
  }

  /** The counts of a client that tracks, made when it starts; undefined when the table drops it. */
  obtain(
    address: string,
    hash: number,
    mode: string,
    prefixes: string[],
    redirect: number | undefined,
  ): ClientStats | undefined {
    const stats = this.table.obtain(address, hash, () => newStats(address, mode, prefixes, redirect, false));
    if (stats) {
      stats.mode = mode;
      stats.prefixes = prefixes;
      stats.redirect = redirect;
    }
    return stats;
  }

  toJSON(): SerializedClientStats {
    return {
      records: [...this.table.records.values()].map(({ dropped: _, ...r }) => r),
      ...this.table.threshold(),
      totals: { ...this.totals },
    };
  }

  /** Adds the counts of a later part of the log: its modes are the more recent. */
  merge(other: SerializedClientStats): void {
    this.table.lowerTo(other);
    for (const r of other.records) {
      const stats = this.obtain(r.address, addressHash(r.address), r.mode, r.prefixes, r.redirect);
      if (!stats) continue;
      stats.commands += r.commands;
      stats.trackedCommands += r.trackedCommands;
      stats.findings += r.findings;
    }
    this.totals.commands += other.totals.commands;
    this.totals.trackedCommands += other.totals.trackedCommands;
    this.totals.findings += other.totals.findings;
  }

  /** The clients with most findings first (then most commands), at most `SUMMARY_ROWS`, and the rest summed. */
  summaries(): ClientSummary[] {
    return summaryRows([...this.table.finish().values()], this.totals);
  }
}

type Counts = { commands: number; trackedCommands: number; findings: number };

/**
 * The report's rows: the clients with most findings first (then most commands, then by address), at most
 * `SUMMARY_ROWS`, and an "(other clients)" row with what `totals` (over every client) leaves.
 */
function summaryRows(
  records: readonly (Omit<ClientSummary, 'redirect'> & { redirect?: number | undefined })[],
  totals: Counts,
): ClientSummary[] {
  const all = [...records].sort(
    (a, b) =>
      b.findings - a.findings ||
      b.commands - a.commands ||
      (a.address < b.address ? -1 : a.address > b.address ? 1 : 0),
  );
  const rows: ClientSummary[] = all.slice(0, SUMMARY_ROWS).map((s) => ({
    address: s.address,
    mode: s.mode,
    prefixes: s.prefixes,
    ...(s.redirect !== undefined && !Number.isNaN(s.redirect) ? { redirect: s.redirect } : {}),
    commands: s.commands,
    trackedCommands: s.trackedCommands,
    findings: s.findings,
  }));
  const shown = (f: keyof Counts) => rows.reduce((n, r) => n + r[f], 0);
  const rest = {
    commands: totals.commands - shown('commands'),
    trackedCommands: totals.trackedCommands - shown('trackedCommands'),
    findings: totals.findings - shown('findings'),
  };
  if (rest.commands > 0 || rest.trackedCommands > 0 || rest.findings > 0) {
    rows.push({ address: OTHER_CLIENTS, mode: '', prefixes: [], ...rest });
  }
  return rows;
}

/**
 * The rows of several reports as one list (several nodes, whose addresses the caller made distinct). Exact
 * when no address is in two lists: a client past one list's top rows is in its "(other clients)" row, and
 * cannot be in the joint top rows either. Rows of one address in two lists (later parts last) add up.
 */
export function mergeClientSummaries(lists: readonly (readonly ClientSummary[])[]): ClientSummary[] {
  const records = new Map<string, ClientSummary>();
  const totals: Counts = { commands: 0, trackedCommands: 0, findings: 0 };
  for (const rows of lists) {
    for (const row of rows) {
      totals.commands += row.commands;
      totals.trackedCommands += row.trackedCommands;
      totals.findings += row.findings;
      if (row.address === OTHER_CLIENTS) continue;
      const known = records.get(row.address);
      if (!known) {
        records.set(row.address, { ...row, prefixes: [...row.prefixes] });
        continue;
      }
      // A later list is a later part: its mode is the more recent, as in `ClientStatsTable.merge`.
      Object.assign(known, {
        mode: row.mode,
        prefixes: [...row.prefixes],
        redirect: row.redirect,
        commands: known.commands + row.commands,
        trackedCommands: known.trackedCommands + row.trackedCommands,
        findings: known.findings + row.findings,
      });
    }
  }
  return summaryRows([...records.values()], totals);
}
