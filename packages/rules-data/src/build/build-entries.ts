import type { CommandMetadata, ServerMetadata } from '../metadata/types.js';
import type { ArgumentCondition, CommandEntry, EntryMetadata, VersionVerdict } from '../types.js';
import type { CuratedCondition, CuratedEntry, SilentWrite } from '../curated/curated-types.js';
import { classify, classifyFromMetadata } from './classify.js';
import { categoryOf, worseCategory } from './category-of.js';
import { modeNotes } from './mode-notes.js';
import { versionLabel } from '../versions/version-label.js';
import { labelMatches } from '../versions/version-selector.js';
import { versionRange } from '../versions/version-range.js';

export interface BuildInput {
  /** Every captured server version, in `dataVersions` order: Valkey's oldest first, then Redis's. */
  servers: ServerMetadata[];
  reads: Record<string, CuratedEntry>;
  silentWrites: Record<string, SilentWrite>;
  /** Writes that give hash fields a TTL: always (empty list) or with one of the tokens. */
  fieldTtlWrites: Record<string, string[]>;
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

/** Curated conditions with their category, and their selectors resolved to the versions that have the command. */
const withCategories = (
  conditions: readonly CuratedCondition[] = [],
  present: readonly string[] = [],
): ArgumentCondition[] =>
  conditions.map(({ servers, ...c }) => ({
    ...c,
    category: categoryOf(c.reasons),
    ...(servers ? { versions: present.filter((l) => servers.some((s) => labelMatches(s, l))) } : {}),
  }));

/** Each curated selector's versions among those that have the command; a version goes to the first selector. */
function perVersionVerdicts(curated: CuratedEntry | undefined, present: readonly string[]): VersionVerdict[] {
  const taken = new Set<string>();
  const verdicts: VersionVerdict[] = [];
  for (const [appliesTo, verdict] of Object.entries(curated?.perVersion ?? {})) {
    const versions = present.filter((label) => !taken.has(label) && labelMatches(appliesTo, label));
    if (versions.length === 0) continue;
    for (const label of versions) taken.add(label);
    verdicts.push({
      appliesTo,
      versions,
      reasons: verdict.reasons,
      explanation: verdict.explanation,
      conditions: withCategories(verdict.conditions, versions),
    });
  }
  return verdicts;
}

/**
 * Combines every captured server version's metadata with the curated judgement into the checked-in data.
 * Throws on any command it cannot classify and on curated names no server has, so the data can never
 * silently fall behind a new server version.
 */
export function buildEntries(input: BuildInput): CommandEntry[] {
  const labels = input.servers.map((s) => versionLabel(s.server, s.version));
  const names = new Set(input.servers.flatMap((s) => Object.keys(s.commands)));
  for (const name of [
    ...Object.keys(input.reads),
    ...Object.keys(input.silentWrites),
    ...Object.keys(input.fieldTtlWrites),
  ]) {
    if (!names.has(name))
      throw new Error(`curated entry "${name}" names a command no captured server reports`);
  }

  return [...names].sort().map((name): CommandEntry => {
    const present = input.servers.filter((s) => s.commands[name]);
    const presentLabels = present.map((s) => versionLabel(s.server, s.version));
    // The newest Valkey's metadata where Valkey has the command, else the newest Redis's.
    const newest = (server: string) => present.filter((s) => s.server === server).at(-1);
    const primaryServer = newest('valkey') ?? newest('redis')!;
    const primary = primaryServer.commands[name]!;
    const curated = input.reads[name];
    // Every version's metadata must classify: a command readonly on one version only still needs curating.
    if (!curated) for (const s of present) classifyFromMetadata(s.commands[name]!);
    const { reasons, explanation } = classify(primary, curated);
    const write = present.some((s) => s.commands[name]!.flags.includes('write'));
    const silent = input.silentWrites[name];
    if (silent && !reasons.includes('silent-write')) reasons.push('silent-write');

    const perVersion = perVersionVerdicts(curated, presentLabels);
    const covered = new Set(perVersion.flatMap((v) => v.versions));
    let category = categoryOf(reasons);
    if (perVersion.length > 0 && presentLabels.every((l) => covered.has(l))) {
      category = categoryOf(perVersion[0]!.reasons);
    }
    for (const verdict of perVersion) category = worseCategory(category, categoryOf(verdict.reasons));

    const metadata: CommandEntry['metadata'] = {};
    const versionMetadata: Record<string, EntryMetadata> = {};
    for (const server of ['valkey', 'redis'] as const) {
      const latest = newest(server);
      if (!latest) continue;
      const shown = entryMetadata(latest.commands[name]!);
      metadata[server] = shown;
      for (const s of present.filter((p) => p.server === server && p !== latest)) {
        const older = entryMetadata(s.commands[name]!);
        if (JSON.stringify(older) !== JSON.stringify(shown))
          versionMetadata[versionLabel(s.server, s.version)] = older;
      }
    }

    const entry: CommandEntry = {
      name,
      servers: [...new Set(present.map((s) => s.server))],
      versions: presentLabels,
      versionRange: versionRange(presentLabels, labels),
      arity: primary.arity,
      keySpecs: primary.keySpecs,
      subcommands: [...new Set(present.flatMap((s) => s.commands[name]!.subcommands))].sort(),
      category,
      reasons,
      explanation: silent ? silent.explanation : explanation,
      conditions: withCategories(curated?.conditions, presentLabels),
      modes: modeNotes(reasons, curated?.noloop),
      write,
      metadata,
      evidence: curated?.evidence ?? (curated ? ['curated'] : ['metadata']),
    };
    if (Object.keys(versionMetadata).length > 0) entry.versionMetadata = versionMetadata;
    if (write || silent) {
      entry.silentWrite = Boolean(silent);
      if (silent) entry.evidence = silent.evidence;
      else if (!input.measuredWrites.except.includes(name)) entry.evidence = [input.measuredWrites.evidence];
    }
    const fieldTtl = input.fieldTtlWrites[name];
    if (fieldTtl) entry.setsFieldTtl = { anyToken: fieldTtl };
    if (curated?.note) entry.note = curated.note;
    if (curated?.patternArgument) entry.patternArgument = curated.patternArgument;
    if (curated?.readsKeyspace) entry.readsKeyspace = true;
    if (perVersion.length > 0) entry.perVersion = perVersion;
    if (curated?.serverDifference) entry.serverDifference = curated.serverDifference;
    return entry;
  });
}
