import { categorize, type Category, type ServerKind } from '@valkey-track/rules-data/core';
import type { ModeRegistry } from './client-state.js';
import type { FindingGroup } from './finding-group.js';
import { NONE, PARTIAL, UNKNOWN } from './timeline.js';

/** The verdict on one layout of a command in one tracking mode (and BCAST coverage), shared by its lines. */
export interface Verdict {
  category: Category | 'unknown';
  reasons: string[];
  /** The entry's name: `get`, `object|idletime`. */
  command: string;
  /** The name with the argument tokens that decided the verdict: `SCAN … MATCH`, `SORT_RO … BY`. */
  shape: string;
  modeId: number;
  /**
   * The audit reports it: a read CLIENT TRACKING does not fully cover, or a command that neither the data nor
   * the category map knows (`unknown`: nothing says whether tracking covers it).
   */
  reportable: boolean;
  /** The timeline series its lines count in: PARTIAL, NONE or UNKNOWN (-1: not reported). */
  series: number;
  /** Filled by the audit: the finding group of a reportable verdict. */
  group: FindingGroup | undefined;
}

/** A category map's verdict for a command, overriding the bundled one (`--categories FILE`). */
export interface CategoryOverride {
  category: Category;
  reasons: string[];
  explanation?: string;
}

/** Reasons that make a command no read at all: its reply is not something a client caches. */
const NOT_A_READ = new Set(['write', 'admin', 'pubsub']);

export interface ClassifierOptions {
  server?: ServerKind;
  /** The server's version (`9.1`): verdicts are that version's; without it, the worst case of every version. */
  version?: string;
  /** For one line: whether its keys' hash fields carry TTLs (`FieldTtlKeys`). */
  hashFieldTtl?: boolean | ((key: string) => boolean);
  overrides?: ReadonlyMap<string, CategoryOverride>;
}

/** `categorize` on one invocation in one mode, with a category map's override applied. */
export function classify(
  argv: readonly string[],
  modeId: number,
  modes: ModeRegistry,
  options: ClassifierOptions,
  fallbackName: string,
): { category: Category | 'unknown'; reasons: string[]; explanation: string; command: string } {
  const { mode, prefixes } = modes.modes[modeId]!;
  const result = categorize(argv, {
    mode,
    prefixes,
    ...(options.server ? { server: options.server } : {}),
    ...(options.version ? { version: options.version } : {}),
    ...(options.hashFieldTtl !== undefined ? { hashFieldTtl: options.hashFieldTtl } : {}),
  });
  const command = result.command ?? fallbackName;
  let { category, reasons, explanation } = result;
  const override = mode === 'default' ? options.overrides?.get(command) : undefined;
  if (override) {
    ({ category, reasons } = override);
    explanation = override.explanation ?? explanation;
  }
  return { category, reasons, explanation, command };
}

/** The verdict `classify` gives, as the audit caches it. */
export function verdictOf(
  argv: readonly string[],
  modeId: number,
  shape: string,
  modes: ModeRegistry,
  options: ClassifierOptions,
  fallbackName: string,
): Verdict {
  const { category, reasons, command } = classify(argv, modeId, modes, options, fallbackName);
  const uncovered =
    (category === 'partial' || category === 'none') && !reasons.some((r) => NOT_A_READ.has(r));
  return {
    category,
    reasons,
    command,
    shape,
    modeId,
    reportable: uncovered || category === 'unknown',
    series: category === 'unknown' ? UNKNOWN : !uncovered ? -1 : category === 'partial' ? PARTIAL : NONE,
    group: undefined,
  };
}
