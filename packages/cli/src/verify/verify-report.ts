import { lookup, reasonCodes, type ServerKind } from '@valkey-track/rules-data';
import {
  commandOf,
  isBetterCase,
  namespaceFor,
  type EvidenceReport,
  type ReadMeasurement,
} from '@valkey-track/rules-data/evidence';
import type { CategoryMap } from '../commands/category-map-types.js';
import type { ClusterPlacement } from './cluster-placement.js';
import { declaredVerdict, type DeclaredVerdict } from './declared-verdict.js';
import type { NotMeasurable } from './generic-plan.js';
import type { LiveServer } from '../commands/read-live-server.js';

/**
 * `better`: measured better than declared, which is the worst realistic case. `measured`: nothing was
 * declared (a command the data does not know, inferred `unknown`), so the measurement is the only verdict.
 */
export type Agreement = 'agree' | 'better' | 'disagree' | 'inconclusive' | 'measured';

export interface ReadRow {
  recipe: string;
  reason: string;
  mode: string;
  read: string;
  declared: DeclaredVerdict;
  measured: string;
  /** Per change: whether the reply changed and whether an invalidation arrived. */
  changes: { what: string; changed: boolean; invalidated: boolean }[];
  agreement: Agreement;
  /** For `better`: why the recipe's case is better than the declared worst case. */
  betterBecause?: string;
  /** The recipe was written from the command's metadata, not curated. */
  generic?: boolean;
}

export interface WriteRow {
  recipe: string;
  command: string;
  declaredSilent: boolean;
  measuredSilent: boolean;
  silentKeys: string[];
  agreement: Agreement;
}

export interface VerifyReport {
  server: {
    kind: ServerKind;
    version: string;
    address: string;
    database: number;
    /** On a cluster: the node the run wrote to, and the hash tag and slot of every key it made. */
    cluster?: ClusterPlacement;
  };
  prefix: string;
  reads: ReadRow[];
  writes: WriteRow[];
  skipped: { id: string; reason: string }[];
  errors: { id: string; message: string }[];
  /**
   * Distinct commands and reason codes the measured recipes exercised, the reason codes none did, and the
   * server's reads no recipe measured conclusively, each with why.
   */
  coverage: {
    commands: string[];
    reasons: string[];
    reasonsNotMeasured: string[];
    readsNotMeasured: NotMeasurable[];
  };
  durationMs: number;
}

const describeChange = (m: ReadMeasurement['outcomes'][number]['change']): string => {
  switch (m.kind) {
    case 'command':
      return `${m.by === 'tracking' ? 'own ' : ''}${m.argv.join(' ')}`;
    case 'wait':
      return `wait ${m.ms} ms`;
    case 'repeat':
      return `repeat ×${m.attempts}`;
    case 'subscribe':
      return `another client subscribes to ${m.channel}`;
    case 'evict':
      return `evict (${m.policy})`;
  }
};

const modeOf = (m: ReadMeasurement): string => {
  const tracking = m.recipe.tracking;
  if (!tracking) return 'default';
  if (tracking.mode === 'bcast')
    return `bcast ${tracking.prefixes.length ? 'prefix' : 'no prefix'}${tracking.noloop ? ' noloop' : ''}`;
  if (tracking.mode === 'default') return `default${tracking.noloop ? ' noloop' : ''}`;
  return `${tracking.mode} caching ${tracking.caching ? 'yes' : 'no'}`;
};

function agreementOf(m: ReadMeasurement, declared: DeclaredVerdict): Agreement {
  if (m.category === 'inconclusive') return 'inconclusive';
  if (declared.category === 'unknown') return 'measured';
  if (m.category === declared.category) return 'agree';
  return isBetterCase(m, declared.category) ? 'better' : 'disagree';
}

function readRow(
  m: ReadMeasurement,
  prefix: string,
  server: { kind: ServerKind; version: string },
  map: CategoryMap,
): ReadRow {
  const ns = namespaceFor(prefix, m.recipe.id);
  const declared = declaredVerdict(m.recipe, m.read, ns.keyPrefix, server, map);
  const agreement = agreementOf(m, declared);
  return {
    recipe: m.recipe.id,
    reason: m.recipe.reason,
    mode: modeOf(m),
    read: m.read.join(' ').replaceAll(ns.keyPrefix, ''),
    declared,
    measured: m.category,
    changes: m.outcomes.map((o) => ({
      what: describeChange(o.change),
      changed: o.changed,
      invalidated: o.invalidated,
    })),
    agreement,
    ...(agreement === 'better'
      ? {
          betterBecause:
            m.recipe.betterCase?.why ??
            lookup(commandOf(m.read))?.note ??
            'the declared category is the worst case',
        }
      : {}),
    ...(m.recipe.id.startsWith('generic-') ? { generic: true } : {}),
  };
}

/** Why a read went unmeasured: a server-wide recipe was skipped, a recipe was inconclusive, or none exists. */
function readsNotMeasured(
  live: LiveServer,
  reads: readonly string[],
  rows: readonly ReadRow[],
  evidence: EvidenceReport,
  allRecipes: readonly { id: string; read: readonly string[] }[],
  notMeasurable: readonly NotMeasurable[],
): NotMeasurable[] {
  const measured = new Set(rows.filter((r) => r.measured !== 'inconclusive').map((r) => r.declared.command));
  const cluster = (command: string) => live.metadata.commands[command]?.group === 'cluster';
  const skipped = new Map(evidence.skipped.map((s) => [s.id, s.reason]));
  return reads
    .filter((name) => !measured.has(name))
    .map((command) => {
      const given = notMeasurable.find((n) => n.command === command);
      if (cluster(command))
        return { command, why: 'it runs in cluster mode only, and verify runs on a standalone server' };
      if (given) return given;
      const recipes = allRecipes.filter((r) => commandOf(r.read) === command);
      const reasons = [...new Set(recipes.map((r) => skipped.get(r.id)).filter(Boolean))];
      if (reasons.includes('changes server-wide state'))
        return { command, why: 'its recipes change server-wide state: --server-wide runs them' };
      if (rows.some((r) => r.declared.command === command))
        return { command, why: 'its recipes were inconclusive: no change altered the reply' };
      if (reasons.length > 0) return { command, why: `its recipes were skipped: ${reasons.join('; ')}` };
      return { command, why: 'no recipe measures it' };
    });
}

/** Sets every measurement beside what is declared for it, and lists the reads nothing measured. */
export function compareMeasurements(
  evidence: EvidenceReport,
  context: {
    prefix: string;
    server: { kind: ServerKind; version: string };
    map: CategoryMap;
    live: LiveServer;
    reads: readonly string[];
    recipes: readonly { id: string; read: readonly string[] }[];
    notMeasurable: readonly NotMeasurable[];
  },
): Pick<VerifyReport, 'reads' | 'writes' | 'coverage'> {
  const reads = evidence.reads.map((m) => readRow(m, context.prefix, context.server, context.map));
  // `silentWrite` says a command *can* change data without an invalidation: one silent form is enough to
  // bear it out (XGROUP CREATE is silent, XGROUP CREATE ... MKSTREAM creates the key and invalidates it).
  const silentCommands = new Set(evidence.writes.filter((m) => m.silentWrite).map((m) => m.recipe.command));
  const writes = evidence.writes.map((m): WriteRow => {
    const declaredSilent = lookup(m.recipe.command)?.silentWrite === true;
    return {
      recipe: m.recipe.id,
      command: m.recipe.command,
      declaredSilent,
      measuredSilent: m.silentWrite,
      silentKeys: m.silentKeys,
      agreement: declaredSilent === silentCommands.has(m.recipe.command) ? 'agree' : 'disagree',
    };
  });
  const commands = new Set([...reads.map((r) => r.declared.command), ...writes.map((w) => w.command)]);
  const reasons = new Set([
    ...reads.map((r) => r.reason),
    ...(writes.some((w) => w.measuredSilent) ? ['silent-write'] : []),
    ...(writes.length > 0 ? ['write'] : []),
  ]);
  const reasonsNotMeasured = reasonCodes.map((r) => r.code as string).filter((code) => !reasons.has(code));
  return {
    reads,
    writes,
    coverage: {
      commands: [...commands].sort(),
      reasons: [...reasons].sort(),
      reasonsNotMeasured,
      readsNotMeasured: readsNotMeasured(
        context.live,
        context.reads,
        reads,
        evidence,
        context.recipes,
        context.notMeasurable,
      ),
    },
  };
}

export const disagreements = (report: Pick<VerifyReport, 'reads' | 'writes'>) =>
  report.reads.filter((r) => r.agreement === 'disagree').length +
  report.writes.filter((w) => w.agreement === 'disagree').length;
