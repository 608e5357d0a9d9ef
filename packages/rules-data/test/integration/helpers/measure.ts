import {
  allReadRecipes,
  findLeftovers,
  modeVariants,
  sideEffectWrites,
  writeRecipes,
  runEvidence,
  type EvidenceOptions,
  type EvidenceReport,
  type Leftovers,
} from '../../../src/evidence/index.js';
import { serverFromInfo } from '../../../src/metadata/normalize.js';
import { versionMatches } from '../../../src/versions/version-label.js';
import { openEvidenceConnections } from './evidence-connections.js';
import { runPrefix, serversUnderTest, type ServerUnderTest } from './servers-under-test.js';

export interface Measured extends EvidenceReport {
  leftovers: Leftovers;
  /** The server's full version, as INFO reports it: `9.1.2`. */
  version: string;
}

/**
 * Runs recipes on one of the test command's servers, which this suite may change freely: it starts from an
 * empty server (FLUSHALL) and runs the server-wide recipes too. Fails on any recipe error, and when the
 * server is not the version the test command should have started; reports what the run left behind.
 */
export const measureOn = async (
  server: ServerUnderTest,
  recipes: Pick<EvidenceOptions, 'reads' | 'writes'>,
): Promise<Measured> => {
  const { connections, close } = await openEvidenceConnections(server.url);
  try {
    const info = new TextDecoder().decode(
      (await connections.observer.call(['INFO', 'server'])) as Uint8Array,
    );
    const live = serverFromInfo(info);
    if (live.server !== server.kind || !versionMatches(live.version, server.version)) {
      throw new Error(
        `${server.url} is ${live.server} ${live.version}, but the test command starts ${server.name} there (scripts/servers.sh)`,
      );
    }
    await connections.observer.call(['FLUSHALL']);
    const prefix = runPrefix();
    const report = await runEvidence(connections, {
      prefix,
      allowServerWide: true,
      server: server.kind,
      version: live.version,
      ...recipes,
    });
    if (report.errors.length > 0) {
      throw new Error(
        `recipes failed on ${server.name}: ${report.errors.map((e) => `${e.id}: ${e.message}`).join('; ')}`,
      );
    }
    return { ...report, leftovers: await findLeftovers(connections.observer, prefix), version: live.version };
  } finally {
    await close();
  }
};

/** Every recipe there is: reads, change sources and mode variants, the writer sweep and side-effect writes. */
export const everyRecipe = {
  reads: [...allReadRecipes, ...modeVariants],
  writes: [...writeRecipes, ...sideEffectWrites],
};

const measured = new Map<string, Promise<Measured>>();

/**
 * One run of every recipe per server for the whole test process (uvu imports every suite file into one
 * process): the read, mode, change-source, writer-sweep and owned-server suites all read it instead of each
 * measuring the same recipes again. The first call starts the runs of all five servers at once: each is
 * mostly waiting (on round trips and on time to pass), so they overlap well even on two cores.
 */
export const measureEverything = (server: ServerUnderTest): Promise<Measured> => {
  if (measured.size === 0) {
    for (const each of serversUnderTest()) {
      const run = measureOn(each, everyRecipe);
      // Awaited by that server's suites; a failure is theirs to report, not an unhandled rejection here.
      run.catch(() => undefined);
      measured.set(each.id, run);
    }
  }
  return measured.get(server.id)!;
};
