import type { CommandMetadata, ServerKind, ServerMetadata } from '../metadata/types.js';
import type { CommandEntry, EntryMetadata } from '../types.js';
import type { CuratedEntry, SilentWrite } from '../curated/curated-types.js';
import { classify } from './classify.js';
import { categoryOf, worseCategory } from './category-of.js';
import { modeNotes } from './mode-notes.js';

export interface BuildInput {
  servers: ServerMetadata[];
  reads: Record<string, CuratedEntry>;
  silentWrites: Record<string, SilentWrite>;
  /** The writer sweep's evidence for every other write, and the writes it could not run. */
  measuredWrites: { evidence: string; except: readonly string[] };
}

const entryMetadata = (m: CommandMetadata): EntryMetadata => ({
  arity: m.arity,
  flags: m.flags,
  tips: m.tips,
  aclCategories: m.aclCategories,
  keySpecFlags: m.keySpecs.map((s) => s.flags),
});

/**
 * Combines every server's captured metadata with the curated judgement into the checked-in data. Throws on any
 * command it cannot classify and on curated names no server has, so the data can never silently fall behind.
 */
export function buildEntries(input: BuildInput): CommandEntry[] {
  const names = new Set(input.servers.flatMap((s) => Object.keys(s.commands)));
  for (const name of [...Object.keys(input.reads), ...Object.keys(input.silentWrites)]) {
    if (!names.has(name))
      throw new Error(`curated entry "${name}" names a command no captured server reports`);
  }

  return [...names].sort().map((name): CommandEntry => {
    const present = input.servers.filter((s) => s.commands[name]);
    const metas = present.map((s) => s.commands[name]!);
    const primary = metas[0]!;
    const curated = input.reads[name];
    const { reasons, explanation } = classify(primary, curated);
    const write = metas.some((m) => m.flags.includes('write'));
    const silent = input.silentWrites[name];
    if (silent && !reasons.includes('silent-write')) reasons.push('silent-write');

    let category = categoryOf(reasons);
    for (const [server, per] of Object.entries(curated?.perServer ?? {})) {
      if (present.some((s) => s.server === server))
        category = worseCategory(category, categoryOf(per.reasons));
    }

    const entry: CommandEntry = {
      name,
      servers: present.map((s) => s.server),
      arity: primary.arity,
      keySpecs: primary.keySpecs,
      subcommands: primary.subcommands,
      category,
      reasons,
      explanation: silent ? silent.explanation : explanation,
      conditions: (curated?.conditions ?? []).map((c) => ({ ...c, category: categoryOf(c.reasons) })),
      modes: modeNotes(reasons),
      write,
      metadata: Object.fromEntries(
        present.map((s) => [s.server, entryMetadata(s.commands[name]!)]),
      ) as Partial<Record<ServerKind, EntryMetadata>>,
      evidence: curated?.evidence ?? (curated ? ['curated'] : ['metadata']),
    };
    if (write || silent) {
      entry.silentWrite = Boolean(silent);
      if (silent) entry.evidence = silent.evidence;
      else if (!input.measuredWrites.except.includes(name)) entry.evidence = [input.measuredWrites.evidence];
    }
    if (curated?.note) entry.note = curated.note;
    if (curated?.patternArgument) entry.patternArgument = curated.patternArgument;
    if (curated?.readsKeyspace) entry.readsKeyspace = true;
    if (curated?.perServer) {
      entry.perServer = Object.fromEntries(
        Object.entries(curated.perServer).map(([server, v]) => [
          server,
          { ...v, conditions: (v.conditions ?? []).map((c) => ({ ...c, category: categoryOf(c.reasons) })) },
        ]),
      );
    }
    if (curated?.serverDifference) entry.serverDifference = curated.serverDifference;
    return entry;
  });
}
