import { lookup, reasonCodes, type ServerKind } from '@valkey-track/rules-data';
import {
  isBetterCase,
  namespaceFor,
  type EvidenceReport,
  type ReadMeasurement,
} from '@valkey-track/rules-data/evidence';
import type { CategoryMap } from '../commands/category-map-types.js';
import type { ClusterPlacement } from './cluster-placement.js';
import { declaredVerdict, type DeclaredVerdict } from './declared-verdict.js';

/** `better`: the recipe shows the better case an entry's note describes, where the data gives the worst case. */
export type Agreement = 'agree' | 'better' | 'disagree' | 'inconclusive';

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
  /** Distinct commands and reason codes the measured recipes exercised, and the reason codes none did. */
  coverage: { commands: string[]; reasons: string[]; reasonsNotMeasured: string[] };
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

function readRow(m: ReadMeasurement, prefix: string, server: ServerKind, map: CategoryMap): ReadRow {
  const ns = namespaceFor(prefix, m.recipe.id);
  const declared = declaredVerdict(m.recipe, m.read, ns.keyPrefix, server, map);
  const tracking = m.recipe.tracking;
  const mode = !tracking
    ? 'default'
    : tracking.mode === 'bcast'
      ? `bcast ${tracking.prefixes.length ? 'prefix' : 'no prefix'}${tracking.noloop ? ' noloop' : ''}`
      : tracking.mode === 'default'
        ? `default${tracking.noloop ? ' noloop' : ''}`
        : `${tracking.mode} caching ${tracking.caching ? 'yes' : 'no'}`;
  const agreement: Agreement =
    m.category === 'inconclusive'
      ? 'inconclusive'
      : m.category === declared.category
        ? 'agree'
        : isBetterCase(m, declared.category)
          ? 'better'
          : 'disagree';
  return {
    recipe: m.recipe.id,
    reason: m.recipe.reason,
    mode,
    read: m.read.join(' ').replaceAll(ns.keyPrefix, ''),
    declared,
    measured: m.category,
    changes: m.outcomes.map((o) => ({
      what: describeChange(o.change),
      changed: o.changed,
      invalidated: o.invalidated,
    })),
    agreement,
    ...(agreement === 'better' ? { betterBecause: m.recipe.betterCase!.why } : {}),
  };
}

/** Sets every measurement beside what is declared for it. */
export function compareMeasurements(
  evidence: EvidenceReport,
  context: { prefix: string; server: ServerKind; map: CategoryMap },
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
    coverage: { commands: [...commands].sort(), reasons: [...reasons].sort(), reasonsNotMeasured },
  };
}

export const disagreements = (report: Pick<VerifyReport, 'reads' | 'writes'>) =>
  report.reads.filter((r) => r.agreement === 'disagree').length +
  report.writes.filter((w) => w.agreement === 'disagree').length;
