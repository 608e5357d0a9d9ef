import { categorize, prefixCovers, type Category, type ServerKind } from '@valkey-track/rules-data';
import type { CommandInfo } from './command-table.js';
import type { ModeRegistry } from './client-state.js';

/** The verdict on one command shape in one tracking mode, computed once and shared by every line of that shape. */
export interface Verdict {
  category: Category | 'unknown';
  reasons: string[];
  explanation: string;
  /** The entry's name: `get`, `object|idletime`. */
  command: string;
  /** The name with the argument tokens that decided the verdict: `SCAN … MATCH`, `SORT_RO … BY`. */
  shape: string;
  modeId: number;
  /** A read CLIENT TRACKING does not fully cover: the audit reports it. */
  reportable: boolean;
  /** Filled by the audit: where the lines of this verdict are counted. */
  slot: number;
}

/** A category map's verdict for a command, overriding the bundled one (`--categories FILE`). */
export interface CategoryOverride {
  category: Category;
  reasons: string[];
  explanation?: string;
}

/** Reasons that make a command no read at all: its reply is not something a client caches. */
const NOT_A_READ = new Set(['write', 'admin', 'pubsub']);

/** Past this many argument shapes for one command, new shapes are classified but not cached. */
const MAX_SHAPES = 4096;

export interface ClassifierOptions {
  server?: ServerKind;
  overrides?: ReadonlyMap<string, CategoryOverride>;
}

/**
 * Calls `categorize` once per (tracking mode, command shape) rather than once per line. Two invocations
 * share a shape when they agree on the command, the argument count, the argument tokens the data's
 * conditions look at, and, under BCAST with prefixes, on which arguments those prefixes cover.
 */
export class Classifier {
  constructor(
    private readonly modes: ModeRegistry,
    private readonly options: ClassifierOptions = {},
  ) {}

  /** The verdict without decoding the line, when the arguments cannot change it and it is known. */
  cached(info: CommandInfo, modeId: number): Verdict | undefined {
    if (info.argumentsMatter) return undefined;
    const m = this.modes.modes[modeId]!;
    return m.mode === 'bcast' && m.prefixes.length > 0 ? undefined : info.byMode[modeId];
  }

  verdict(info: CommandInfo, modeId: number, argv: readonly string[]): Verdict {
    const m = this.modes.modes[modeId]!;
    if (!info.argumentsMatter && !(m.mode === 'bcast' && m.prefixes.length > 0)) {
      let v = info.byMode[modeId];
      if (!v) {
        v = this.compute(info, modeId, argv, info.name.toUpperCase().replace('|', ' '));
        info.byMode[modeId] = v;
      }
      return v;
    }
    const key = this.shapeKey(info, modeId, argv);
    let v = info.byShape.get(key);
    if (!v) {
      v = this.compute(info, modeId, argv, this.shapeName(info, argv));
      if (info.byShape.size < MAX_SHAPES) info.byShape.set(key, v);
    }
    return v;
  }

  private compute(info: CommandInfo, modeId: number, argv: readonly string[], shape: string): Verdict {
    const { mode, prefixes } = this.modes.modes[modeId]!;
    const result = categorize(argv, {
      mode,
      prefixes,
      ...(this.options.server ? { server: this.options.server } : {}),
    });
    const command = result.command ?? info.name;
    let { category, reasons, explanation } = result;
    const override = mode === 'default' ? this.options.overrides?.get(command) : undefined;
    if (override) {
      ({ category, reasons } = override);
      explanation = override.explanation ?? explanation;
    }
    const reportable =
      (category === 'partial' || category === 'none') && !reasons.some((r) => NOT_A_READ.has(r));
    return { category, reasons, explanation, command, shape, modeId, reportable, slot: -1 };
  }

  private shapeKey(info: CommandInfo, modeId: number, argv: readonly string[]): string {
    const { mode, prefixes } = this.modes.modes[modeId]!;
    const bcast = mode === 'bcast' && prefixes.length > 0;
    let key = `${modeId}`;
    for (let i = 1; i < argv.length; i++) {
      const arg = argv[i]!;
      const upper = arg.length <= 16 ? arg.toUpperCase() : '';
      if (info.tokens.has(upper)) key += `\u0001=${upper}`;
      else if (!bcast) key += '\u0001';
      else {
        // Keywords that find keys (XREAD ... STREAMS) stay verbatim; keys and patterns become their coverage.
        const word = /^[A-Za-z_]{1,16}$/.test(arg) ? upper : '';
        key += `\u0001${prefixCovers(prefixes, arg, false) ? 'k' : ''}${prefixCovers(prefixes, arg, true) ? 'p' : ''}${word}`;
      }
    }
    return key;
  }

  private shapeName(info: CommandInfo, argv: readonly string[]): string {
    const name = info.name.toUpperCase().replace('|', ' ');
    const seen: string[] = [];
    for (let i = 1; i < argv.length; i++) {
      const upper = argv[i]!.length <= 16 ? argv[i]!.toUpperCase() : '';
      if (info.tokens.has(upper) && !seen.includes(upper)) seen.push(upper);
    }
    return seen.length > 0 ? `${name} … ${seen.join(' … ')}` : name;
  }
}
