import { runEvidence, type EvidenceProgress } from '@valkey-track/rules-data/evidence';
import { buildCategoryMap } from '../commands/build-category-map.js';
import { readLiveServer } from '../commands/read-live-server.js';
import {
  describeTarget,
  resolveConnection,
  type ConnectionFlags,
  type ConnectionTarget,
} from '../connect/connection-options.js';
import { openClient } from '../connect/open-client.js';
import { UsageError } from '../util/usage-error.js';
import { checkVerifyTarget } from './check-verify-target.js';
import { clusterPlacement, type ClusterPlacement } from './cluster-placement.js';
import { SlotMoved } from './slot-moved.js';
import { openEvidenceConnections } from './open-evidence-connections.js';
import { sweepPrefix } from './sweep-prefix.js';
import { compareMeasurements, type VerifyReport } from './verify-report.js';
import { verifyPlan } from './verify-plan.js';
import { removeLeftovers } from './remove-leftovers.js';
import { runIdentity, type RunIdentity } from './run-identity.js';
import { liveReads } from './live-reads.js';
import { genericPlan } from './generic-plan.js';

export interface VerifyOptions extends ConnectionFlags {
  /** Run in a database that holds keys, touching only keys under the run's own prefix. */
  besideData?: boolean;
  /** Also run recipes that change server-wide state; refused unless the server holds no keys. */
  serverWide?: boolean;
  /** Also check which writes change data silently (default true). */
  writes?: boolean;
  onProgress?: (progress: EvidenceProgress) => void;
  /** Told what the run did besides measuring: removing the leftovers of an interrupted run. */
  onNotice?: (notice: string) => void;
  /** Aborting stops before the next recipe; the keys of the run are removed either way. */
  signal?: AbortSignal;
  /** Aborting drops the recipe in flight at once (its connections are closed); the keys are still removed. */
  stopNow?: AbortSignal;
  /** Where the run writes, once it is known: the server, the key prefix, and on a cluster the node and slot. */
  onTarget?: (target: VerifyTarget) => void;
}

export interface VerifyTarget {
  address: string;
  prefix: string;
  cluster?: ClusterPlacement;
}

/** Thrown when the signal aborted the run, after cleaning up. */
export class VerifyInterrupted extends Error {
  override name = 'VerifyInterrupted';
  constructor(
    readonly prefix: string,
    readonly removedKeys: number,
  ) {
    super(`interrupted; removed ${removedKeys} keys under ${prefix}, nothing else was touched`);
  }
}

/**
 * The keys of the run on the node its slot moved to: migrated there, or created there after an ASK. The node
 * may still be importing the slot, so each UNLINK goes after ASKING.
 */
async function sweepMovedSlot(
  moved: SlotMoved,
  target: ConnectionTarget,
  prefix: string,
  run: RunIdentity,
): Promise<number> {
  const other = await openClient(
    { ...target, host: moved.host, port: moved.port, db: 0 },
    run.connectionName(),
  );
  try {
    return await sweepPrefix(other, prefix, [], false, true);
  } finally {
    await other.close();
  }
}

/**
 * Measures, on a live server, whether CLIENT TRACKING behaves as declared: each read recipe of the
 * evidence engine in the default mode and in BCAST, a generic recipe for each read of the server no recipe
 * covers, and each write recipe, under a prefix of the run's own. Lists the reads nothing measured.
 */
export async function verifyServer(options: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const target = resolveConnection(options);
  const run = runIdentity();
  const control = await openClient(target, run.connectionName());
  try {
    const plan = verifyPlan({ writes: options.writes !== false });
    const allDatabases = [...plan.reads, ...plan.writes].flatMap((r) => r.otherDatabases ?? []);
    const { cluster } = await checkVerifyTarget(control, {
      besideData: Boolean(options.besideData),
      serverWide: Boolean(options.serverWide),
      // Cluster mode has database 0 only.
      beforeCountingKeys: async ({ cluster }) => {
        const leftovers = await removeLeftovers(control, cluster ? [] : allDatabases);
        for (const [leftover, count] of leftovers.keys) {
          options.onNotice?.(
            `removed ${count} keys under ${leftover} left by an interrupted verify run (database ${leftovers.databases.join(', ')})`,
          );
        }
      },
    });
    // In a cluster every key of the run carries one hash tag of this node's slots, so it stays on this node.
    const placement = cluster ? await clusterPlacement(control) : undefined;
    const prefix = placement ? `${run.prefix}${placement.hashTag}:` : run.prefix;
    const live = await readLiveServer(control, '');
    const address = describeTarget(target);
    const map = buildCategoryMap(live, address);
    const skippedHere: { id: string; reason: string }[] = [];
    if (cluster) {
      // Cluster mode has database 0 only (https://valkey.io/topics/cluster-spec/).
      const oneDatabase = <T extends { id: string; otherDatabases?: number[] }>(r: T) => {
        if (!r.otherDatabases?.length) return true;
        skippedHere.push({ id: r.id, reason: 'needs a second database, which cluster mode does not have' });
        return false;
      };
      plan.reads = plan.reads.filter(oneDatabase);
      plan.writes = plan.writes.filter(oneDatabase);
    }
    const databases = [...plan.reads, ...plan.writes].flatMap((r) => r.otherDatabases ?? []);
    options.onTarget?.({ address, prefix, ...(placement ? { cluster: placement } : {}) });

    const opened = await openEvidenceConnections(target, run);
    // A second Ctrl-C: the recipe in flight fails at once on its closed connections; the sweep below still runs.
    const dropConnections = () => void opened.close();
    options.stopNow?.addEventListener('abort', dropConnections, { once: true });
    if (options.stopNow?.aborted) dropConnections();
    // Keys are removed whatever happened; when that fails too, the first failure is the one to report.
    const cleanUp = async (failure: unknown): Promise<number> => {
      options.stopNow?.removeEventListener('abort', dropConnections);
      await opened.close();
      try {
        let removed = await sweepPrefix(control, prefix, databases, Boolean(options.serverWide));
        if (failure instanceof SlotMoved) removed += await sweepMovedSlot(failure, target, prefix, run);
        return removed;
      } catch {
        const reason = failure instanceof Error ? failure.message : String(failure ?? 'the cleanup failed');
        throw new UsageError(
          `${reason}; the keys under ${prefix} may remain: delete them with SCAN MATCH ${prefix}* and UNLINK`,
        );
      }
    };
    const reads = liveReads(live, map);
    let evidence;
    let generic: Awaited<ReturnType<typeof genericPlan>> = { recipes: [], notMeasurable: [] };
    try {
      generic = await genericPlan(opened.connections.observer, live, reads, plan.reads, prefix, target.db);
      evidence = await runEvidence(opened.connections, {
        prefix,
        database: target.db,
        allowServerWide: Boolean(options.serverWide),
        server: live.kind,
        version: live.version,
        reads: [...plan.reads, ...generic.recipes],
        writes: plan.writes,
        onProgress: (progress) => {
          if (options.signal?.aborted || options.stopNow?.aborted) {
            throw options.signal?.reason ?? new Error('aborted');
          }
          const failure = opened.connectionFailure();
          if (failure) throw failure;
          options.onProgress?.(progress);
        },
      });
    } catch (error) {
      const failure = opened.connectionFailure() ?? error;
      const removed = await cleanUp(failure);
      if (options.signal?.aborted || options.stopNow?.aborted) throw new VerifyInterrupted(prefix, removed);
      if (failure instanceof SlotMoved) {
        throw new UsageError(
          `verify stopped: ${failure.message}, a resharding or a failover is under way; it removed ${removed} keys ` +
            `under ${prefix} from ${placement?.node ?? address} and ${failure.host}:${failure.port}. Run it again when the slots are stable`,
        );
      }
      throw failure;
    }
    const failure = opened.connectionFailure();
    await cleanUp(failure);
    if (failure) throw failure;
    return {
      server: {
        kind: live.kind,
        version: live.version,
        address,
        database: target.db,
        ...(placement ? { cluster: placement } : {}),
      },
      prefix,
      ...compareMeasurements(evidence, {
        prefix,
        server: { kind: live.kind, version: live.version },
        map,
        live,
        reads,
        recipes: [...plan.reads, ...generic.recipes],
        notMeasurable: generic.notMeasurable,
      }),
      skipped: [...skippedHere, ...evidence.skipped],
      errors: evidence.errors,
      durationMs: Date.now() - started,
    };
  } finally {
    await control.close();
  }
}
