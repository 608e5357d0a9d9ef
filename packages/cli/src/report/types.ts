import type { NodeFacts } from '../fleet/node-facts.js';
import type { ClientSummary } from '../monitor/client-summary.js';
import type { Timeline } from '../monitor/timeline.js';

export type { ClientSummary, Timeline };

/**
 * One shape for every audit's findings, so the code audit and the MONITOR audit share the text, JSON and
 * SARIF renderers: a finding is located by `file` (code) or `client` (logs), and by `line` and `column`.
 */
/**
 * `unknown`: a command of a tracking client that neither the data nor a category map knows, so nothing says
 * whether tracking covers it; it is reported, never a silent note. Less severe than `partial`.
 */
export type FindingCategory = 'unknown' | 'partial' | 'none';

export interface Finding {
  /** The source file, relative to the working directory (code audit). */
  file?: string;
  /** The client address with most lines (MONITOR audit); `lua` lines count for the script's caller. */
  client?: string;
  /** 1-based; for logs, the line of the example. */
  line: number;
  column: number;
  /** The server's name for the command: `keys`, `object|idletime`. */
  command: string;
  category: FindingCategory;
  /** Reason codes of `@valkey-track/rules-data`. */
  reasons: string[];
  /** `@valkey-track/<eslint rule>` for code, `monitor/uncovered-read` or `monitor/silent-write` for logs. */
  rule: string;
  message: string;
  /** MONITOR audit: the invocation shape (`SCAN … MATCH`), the clients' tracking mode, how often, when and by whom. */
  shape?: string;
  mode?: string;
  count?: number;
  /** `count` over the commands of tracking clients (reads) or over all commands (silent writes). */
  share?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  /** The clients that sent it, most lines first (at most 1,000), and how many there were (exact up to 10,000). */
  clients?: { address: string; count: number }[];
  clientCount?: number;
  /** One line of the log as the server wrote it. */
  example?: string;
  /** A report of several nodes: how many of `count` each node saw, most first. */
  nodes?: { node: string; count: number }[];
}

/** What the run could not use, counted, with a few examples. */
export interface Skipped {
  reason: string;
  count: number;
  examples: { file?: string; line?: number; preview: string }[];
}

import type { YourLibraries } from '../clients/project/your-libraries.js';

export interface AuditReport {
  tool: { name: 'valkey-track'; version: string };
  kind: 'code' | 'monitor';
  /** The paths audited, `-` for stdin, or `live <host:port>`. */
  inputs: string[];
  findings: Finding[];
  /** Counts for people and tools: lines, commands, files, ... */
  totals: Record<string, number>;
  skipped: Skipped[];
  /** Anything else worth knowing about the run (assumptions, unknown commands). */
  notes: string[];
  /** Code audit: the client libraries the project installs and what their caches keep uncovered. */
  clientLibraries?: YourLibraries;
  /** MONITOR audit (CONTRACT-timeline.md): commands and findings per time bucket. */
  timeline?: Timeline;
  /** MONITOR audit: the tracking clients, most findings first (bounded). */
  clients?: ClientSummary[];
  /** What is known of the input beyond its name. */
  input?: { bytes?: number; server?: string };
  /** The node this report is of, when it is one of several (`audit --node`, a cluster, a fleet). */
  node?: string;
  /** What the node's stream says about its application clients, for the checks across nodes. */
  facts?: NodeFacts;
  /** A report of several nodes (a cluster, a fleet, several logs): each node's own report and capture. */
  nodes?: NodeReport[];
}

/** How a node's capture went. */
export type NodeStatus =
  'complete' | 'interrupted' | 'lost' | 'stopped' | 'refused' | 'unreachable' | 'unreadable';

/** One node of a multi-node report. */
export interface NodeReport {
  /** How the node is named, also in client addresses (`node/address`): host:port live, the file name for logs. */
  node: string;
  role?: 'primary' | 'replica';
  /**
   * `complete`: the whole log or capture; `interrupted`: stopped by Ctrl-C, still reported; `lost`: the
   * connection died at `endedAt`, what came before is reported; `stopped`: valkey-track stopped it at `endedAt`
   * because the node held too much MONITOR output it had not read yet; `refused`: the server refused MONITOR;
   * `unreachable`: no connection; `unreadable`: a log that could not be read.
   */
  status: NodeStatus;
  error?: string;
  /** ISO times of the capture (live only). */
  startedAt?: string;
  endedAt?: string;
  /** The node's own report, when anything was captured. */
  report?: AuditReport;
}

export type ReportFormat = 'text' | 'json' | 'sarif' | 'html';
export const reportFormats: readonly ReportFormat[] = ['text', 'json', 'sarif', 'html'];

/** `--fail-on`: the least severe category that fails the run (unknown < partial < none), or `never`. */
export type FailOn = FindingCategory | 'never';
export const failOnChoices: readonly FailOn[] = ['unknown', 'partial', 'none', 'never'];

/** How severe a finding is, least first: `--fail-on X` fails on X and everything after it. */
export const findingSeverity: readonly FindingCategory[] = ['unknown', 'partial', 'none'];
