import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allReadRecipes,
  compareWithData,
  findLeftovers,
  modeVariants,
  runEvidence,
  sideEffectWrites,
  writeRecipes,
  type EvidenceProgress,
  type EvidenceReport,
} from '../../src/evidence/index.js';
import { openEvidenceConnections, type OpenedConnections } from './helpers/evidence-connections.js';
import { measureEverything, type Measured } from './helpers/measure.js';
import { runPrefix, serversUnderTest, type ServerUnderTest } from './helpers/servers-under-test.js';
import { appliesTo } from './helpers/applies-to.js';

/** What `valkey-track verify` relies on when it runs the recipes on someone else's server. */
const everyRead = [...allReadRecipes, ...modeVariants];
const everyWrite = [...writeRecipes, ...sideEffectWrites];
const appKeys: [string, string][] = [
  ['app:user:1', 'alice'],
  ['app:session', 'token'],
];

interface SharedRun {
  opened: OpenedConnections;
  report: EvidenceReport;
  prefix: string;
  progress: EvidenceProgress[];
}

/** A key-scoped run beside an application's keys, as `verify --beside-data` does it. */
async function runBesideData(server: ServerUnderTest): Promise<SharedRun> {
  const opened = await openEvidenceConnections(server.url);
  const { observer } = opened.connections;
  await observer.call(['FLUSHALL']);
  for (const [key, value] of appKeys) await observer.call(['SET', key, value]);
  const prefix = runPrefix();
  const progress: EvidenceProgress[] = [];
  const report = await runEvidence(opened.connections, {
    prefix,
    server: server.kind,
    version: server.version,
    reads: everyRead,
    writes: everyWrite,
    onProgress: (p) => progress.push(p),
  });
  return { opened, report, prefix, progress };
}

// The five servers' runs overlap: each mostly waits on round trips and time.
let sharedRuns: Map<string, Promise<SharedRun>> | undefined;
const sharedRun = (server: ServerUnderTest) => {
  sharedRuns ??= new Map(serversUnderTest().map((s) => [s.id, runBesideData(s)]));
  for (const run of sharedRuns.values()) run.catch(() => undefined);
  return sharedRuns.get(server.id)!;
};

for (const server of serversUnderTest()) {
  const shared = suite(`evidence run on a shared ${server.name} server`);
  let opened: OpenedConnections;
  let report: EvidenceReport;
  let prefix: string;
  let progress: EvidenceProgress[];

  shared.before(async () => {
    // Every measurement of the owned-server suites is finished before another run flushes the servers.
    await Promise.all(serversUnderTest().map(measureEverything));
    ({ opened, report, prefix, progress } = await sharedRun(server));
  });

  shared.after(async () => {
    await opened.close();
  });

  shared('runs every key-scoped recipe without an error', () => {
    assert.equal(report.errors, []);
  });

  shared('skips the server-wide recipes unless allowed', () => {
    const serverWide = [...everyRead, ...everyWrite]
      .filter((r) => r.scope === 'server' && appliesTo(r, server))
      .map((r) => r.id);
    const skipped = report.skipped.filter((s) => s.reason === 'changes server-wide state').map((s) => s.id);
    assert.equal(skipped.filter((id) => serverWide.includes(id)).sort(), serverWide.sort());
  });

  shared('reports progress once per recipe it runs, in order', () => {
    const ran = report.reads.length + report.writes.length;
    assert.equal(
      progress.map((p) => p.index),
      Array.from({ length: ran }, (_, i) => i),
    );
    assert.ok(progress.every((p) => p.total === ran));
  });

  shared('leaves no key under its prefix', async () => {
    assert.equal(await findLeftovers(opened.connections.observer, prefix), { keys: [], libraries: [] });
  });

  shared("leaves the application's keys as they were", async () => {
    for (const [key, value] of appKeys) {
      assert.is(await opened.connections.observer.call(['GET', key]).then(String), value);
    }
  });

  shared('creates no key outside its prefix, in any database it uses', async () => {
    const { observer } = opened.connections;
    assert.equal(String(await observer.call(['DBSIZE'])), String(appKeys.length));
    await observer.call(['SELECT', '1']);
    const otherDatabaseSize = String(await observer.call(['DBSIZE']));
    await observer.call(['SELECT', '0']);
    assert.is(otherDatabaseSize, '0');
  });

  shared.run();
}

for (const server of serversUnderTest()) {
  const owned = suite(`evidence run on an owned ${server.name} server`);

  let measured: Measured;

  owned.before(async () => {
    measured = await measureEverything(server);
  });

  owned('leaves no key and no function library behind, server-wide recipes included', () => {
    assert.equal(measured.leftovers, { keys: [], libraries: [] });
  });

  owned('compareWithData() finds no disagreement with the data', () => {
    assert.equal(compareWithData(measured, server.kind, measured.version), []);
  });

  owned.run();
}
