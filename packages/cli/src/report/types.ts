import type { ClientSummary } from '../monitor/client-summary.js';
import type { Timeline } from '../monitor/timeline.js';

export type { ClientSummary, Timeline };

/**
 * One shape for every audit's findings, so the code audit and the MONITOR audit share the text, JSON and
 * SARIF renderers: a finding is located by `file` (code) or `client` (logs), and by `line` and `column`.
 */
export type FindingCategory = 'partial' | 'none';

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
  clients?: { address: string; count: number }[];
  /** One line of the log as the server wrote it. */
  example?: string;
}

/** What the run could not use, counted, with a few examples. */
export interface Skipped {
  reason: string;
  count: number;
  examples: { file?: string; line?: number; preview: string }[];
}

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
  /** MONITOR audit: commands and findings per time bucket (bounded, see monitor/timeline.ts). */
  timeline?: Timeline;
  /** MONITOR audit: per tracking client, the 200 with most findings and a row for the rest. */
  clients?: ClientSummary[];
  /** MONITOR audit: what was read. */
  input?: { bytes?: number; server?: string };
}

export type ReportFormat = 'text' | 'json' | 'sarif';
export const reportFormats: readonly ReportFormat[] = ['text', 'json', 'sarif'];

/** `--fail-on`: the least severe category that fails the run, or `never`. */
export type FailOn = FindingCategory | 'never';
export const failOnChoices: readonly FailOn[] = ['partial', 'none', 'never'];
