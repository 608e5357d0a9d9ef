import {
  findLeftovers,
  runEvidence,
  type EvidenceOptions,
  type EvidenceReport,
  type Leftovers,
} from '../../../src/evidence/index.js';
import { openEvidenceConnections } from './evidence-connections.js';
import { runPrefix, type ServerUnderTest } from './servers-under-test.js';

/**
 * Runs recipes on one of the test command's servers, which this suite may change freely: it starts from an
 * empty server (FLUSHALL) and runs the server-wide recipes too. Fails on any recipe error; reports what the
 * run left behind.
 */
export const measureOn = async (
  server: ServerUnderTest,
  recipes: Pick<EvidenceOptions, 'reads' | 'writes'>,
): Promise<EvidenceReport & { leftovers: Leftovers }> => {
  const { connections, close } = await openEvidenceConnections(server.url);
  try {
    await connections.observer.call(['FLUSHALL']);
    const prefix = runPrefix();
    const report = await runEvidence(connections, {
      prefix,
      allowServerWide: true,
      server: server.kind,
      ...recipes,
    });
    if (report.errors.length > 0) {
      throw new Error(
        `recipes failed on ${server.kind}: ${report.errors.map((e) => `${e.id}: ${e.message}`).join('; ')}`,
      );
    }
    return { ...report, leftovers: await findLeftovers(connections.observer, prefix) };
  } finally {
    await close();
  }
};
