import type { ClientState } from './client-state.js';

/**
 * Per tracking client (address), for the report's "by client" breakdown, as CONTRACT-timeline.md defines it
 * (issue 10 owns computing this on the audit's hot path; this is the simple version the HTML report was
 * built against).
 */
export interface ClientSummary {
  address: string;
  /** Tracking mode as the audit saw it last: 'default' | 'optin' | 'optout' | 'bcast' | 'off' (+ ' noloop'). */
  mode: string;
  prefixes: string[];
  redirect?: number;
  /** Commands from this client while the audit followed it (from its first CLIENT TRACKING or MULTI). */
  commands: number;
  trackedCommands: number;
  /** Uncovered reads and silent writes attributed to it. */
  findings: number;
}

/** The address of the row that sums every client past the top ones. */
export const OTHER_CLIENTS = '(other clients)';
export const MAX_CLIENT_ROWS = 200;
/** Past this many addresses, new ones are summed into one row as they come, so memory stays bounded. */
const MAX_TALLIED = 10_000;

/** What `--tracking-clients` (or `CLIENT LIST`) said of a client the log shows no state for. */
type Assumed = Pick<ClientState, 'tracking' | 'mode' | 'prefixes'>;

interface Tally {
  state: ClientState | undefined;
  redirect: number | undefined;
  noloop: boolean;
  commands: number;
  trackedCommands: number;
  findings: number;
}

const newTally = (): Tally => ({
  state: undefined,
  redirect: undefined,
  noloop: false,
  commands: 0,
  trackedCommands: 0,
  findings: 0,
});

/** Counts, per client the audit keeps state for, its commands, tracked commands and findings. */
export class ClientTally {
  private readonly tallies = new Map<string, Tally>();
  private readonly rest = newTally();

  private of(address: string): Tally {
    let t = this.tallies.get(address);
    if (t === undefined) {
      if (this.tallies.size >= MAX_TALLIED) return this.rest;
      t = newTally();
      this.tallies.set(address, t);
    }
    return t;
  }

  /** A command line of a client with a state of its own (or, for `lua` lines, of the script's caller). */
  countCommand(address: string, state: ClientState | undefined, tracked: boolean): void {
    const t = this.of(address);
    if (state !== undefined) t.state = state;
    t.commands++;
    if (tracked) t.trackedCommands++;
  }

  countFinding(address: string): void {
    this.of(address).findings++;
  }

  /** `CLIENT TRACKING on ... [REDIRECT id] [NOLOOP]`: what the client state does not keep. */
  trackingCommand(state: ClientState, argv: readonly string[]): void {
    const t = this.of(state.address);
    t.state = state;
    if (argv[2]?.toLowerCase() !== 'on') return;
    t.redirect = undefined;
    t.noloop = false;
    for (let i = 3; i < argv.length; i++) {
      const option = argv[i]!.toLowerCase();
      if (option === 'noloop') t.noloop = true;
      else if (option === 'redirect' && /^\d+$/.test(argv[i + 1] ?? '')) t.redirect = Number(argv[++i]);
      else if (option === 'prefix') i++;
    }
  }

  /**
   * The clients that tracked at some point, most findings first (then most commands), at most
   * `MAX_CLIENT_ROWS`, and one `(other clients)` row summing the rest.
   */
  summaries(tracking: Iterable<string>, assumed: (address: string) => Assumed | undefined): ClientSummary[] {
    const rows: ClientSummary[] = [];
    for (const address of new Set(tracking)) {
      const t = this.tallies.get(address) ?? newTally();
      const state = t.state ?? assumed(address);
      const tracks = state?.tracking ?? false;
      const mode = tracks ? `${state!.mode}${t.noloop ? ' noloop' : ''}` : 'off';
      rows.push({
        address,
        mode,
        prefixes: tracks ? [...state!.prefixes] : [],
        ...(tracks && t.redirect !== undefined ? { redirect: t.redirect } : {}),
        commands: t.commands,
        trackedCommands: t.trackedCommands,
        findings: t.findings,
      });
    }
    rows.sort(
      (a, b) => b.findings - a.findings || b.commands - a.commands || a.address.localeCompare(b.address),
    );
    const top = rows.slice(0, MAX_CLIENT_ROWS);
    const others = rows.slice(MAX_CLIENT_ROWS);
    if (others.length === 0 && this.rest.commands + this.rest.findings === 0) return top;
    const sum = (k: 'commands' | 'trackedCommands' | 'findings') =>
      others.reduce((s, r) => s + r[k], this.rest[k]);
    top.push({
      address: OTHER_CLIENTS,
      mode: '',
      prefixes: [],
      commands: sum('commands'),
      trackedCommands: sum('trackedCommands'),
      findings: sum('findings'),
    });
    return top;
  }
}
