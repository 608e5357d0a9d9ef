import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'iovalkey';
import type { VerifyReport } from '../../src/verify/verify-report.js';
import { formatVerifyText } from '../../src/verify/format-verify-text.js';
import { requireEnv, runCli, testServers } from './live-helpers.js';

// A database the other suites leave alone; verify refuses it if it holds keys.
const DB = '11';

/** The settings server-wide recipes change: verify without --server-wide must leave them alone. */
async function serverConfig(url: string): Promise<string[]> {
  const client = new Redis(url, { lazyConnect: true });
  await client.connect();
  try {
    const values: string[] = [];
    for (const parameter of ['notify-keyspace-events', 'maxmemory', 'maxmemory-policy']) {
      values.push(...((await client.config('GET', parameter)) as string[]));
    }
    values.push(String(await client.call('FUNCTION', 'LIST')));
    return values;
  } finally {
    client.disconnect();
  }
}

async function flushAll(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true });
  await client.connect();
  await client.flushall();
  client.disconnect();
}

const differences = (report: VerifyReport) => [
  ...report.reads
    .filter((r) => r.agreement === 'disagree')
    .map((r) => `${r.recipe} (${r.mode}): declared ${r.declared.category}, measured ${r.measured}`),
  ...report.writes
    .filter((w) => w.agreement === 'disagree')
    .map(
      (w) => `${w.recipe}: declared ${w.declaredSilent ? 'silent' : 'invalidating'}, measured the opposite`,
    ),
  ...report.errors.map((e) => `${e.id}: ${e.message}`),
];

/** Reads verify cannot measure on a standalone server, per version. */
const clusterOnly: Record<string, string[]> = { 'Valkey 9.1': ['clusterscan'] };

/** What the database and the server settings looked like after a run, for the safety checks. */
async function leftBehind(url: string): Promise<{ size: number; keys: string[][] }> {
  const client = new Redis(url, { db: Number(DB), lazyConnect: true });
  await client.connect();
  try {
    const size = await client.dbsize();
    const keys: string[][] = [];
    // Recipes that move keys between databases use database 1 as well.
    for (const db of [Number(DB), 1]) {
      await client.select(db);
      keys.push(await client.keys('vt-verify:*'));
    }
    return { size, keys };
  } finally {
    client.disconnect();
  }
}

interface Runs {
  report: VerifyReport;
  code: number | null;
  stderr: string;
  seconds: number;
  configBefore: string[];
  configAfter: string[];
  left: { size: number; keys: string[][] };
  wide: VerifyReport;
  wideCode: number | null;
}

async function keyScoped(url: string) {
  const configBefore = await serverConfig(url);
  const started = Date.now();
  const result = await runCli(['verify', '--url', url, '--db', DB, '--format', 'json']);
  const seconds = (Date.now() - started) / 1000;
  return {
    report: JSON.parse(result.stdout || '{}') as VerifyReport,
    code: result.code,
    stderr: result.stderr,
    seconds,
    configBefore,
    configAfter: await serverConfig(url),
    left: await leftBehind(url),
  };
}

async function serverWideRun(url: string) {
  await flushAll(url);
  const result = await runCli(['verify', '--url', url, '--server-wide', '--format', 'json']);
  return { wide: JSON.parse(result.stdout || '{}') as VerifyReport, wideCode: result.code };
}

/**
 * Every server's runs, all servers at once (each run mostly waits on round trips and time): first verify
 * on database 11, then, once every one of those is done and checked, verify --server-wide.
 */
let runs: Promise<Map<string, Runs>> | undefined;
const allRuns = () =>
  (runs ??= (async () => {
    const first = await Promise.all(testServers.map((s) => keyScoped(requireEnv(s.variable))));
    const second = await Promise.all(testServers.map((s) => serverWideRun(requireEnv(s.variable))));
    return new Map(testServers.map((s, i) => [s.name, { ...first[i]!, ...second[i]! }]));
  })());

for (const { name, kind } of testServers) {
  const verify = suite(`verify on ${name}`);
  let run: Runs;
  let stdout: string;

  verify.before(async () => {
    run = (await allRuns()).get(name)!;
    // What the text format prints for this very run.
    stdout = formatVerifyText(run.report, { NO_COLOR: '1' });
  });

  verify('every measurement matches what is declared, and it exits 0', () => {
    const differ = differences(run.report);
    assert.equal(differ, [], `disagreements on ${name}:\n${differ.join('\n')}`);
    assert.is(run.code, 0);
  });

  verify('measures at least 60 commands, in the default mode and in BCAST with prefixes', () => {
    const { report } = run;
    assert.is(report.server.kind, kind);
    assert.ok(report.coverage.commands.length >= 60, `${report.coverage.commands.length} commands`);
    const modes = new Set(report.reads.map((r) => r.mode));
    assert.ok(modes.has('default') && modes.has('bcast prefix'), [...modes].join(', '));
    assert.ok(report.writes.length > 0);
  });

  verify(
    'names every read it did not measure, and then does not claim the server behaves as declared',
    () => {
      const unmeasured = run.report.coverage.readsNotMeasured;
      assert.ok(unmeasured.length > 0, 'the server-wide recipes did not run, so some reads went unmeasured');
      for (const read of unmeasured) assert.match(stdout, `${read.command}: ${read.why}`);
      assert.ok(
        unmeasured.some((r) => r.why.includes('--server-wide')),
        unmeasured.map((r) => `${r.command}: ${r.why}`).join('\n'),
      );
      assert.not.match(stdout, 'behaves as declared');
      assert.match(stdout, `${unmeasured.length} of the server's reads went unmeasured`);
    },
  );

  // How long it takes is the README's figure from a quiet machine, not a test: five runs share two cores here.
  verify('reports its duration and shows progress on stderr', () => {
    assert.ok(run.report.durationMs > 0 && run.report.durationMs <= run.seconds * 1000);
    assert.match(run.stderr, /^verify: 0\/\d+ recipes measured$/m);
  });

  verify('leaves the database as it found it, and server settings alone', () => {
    assert.equal(run.left, { size: 0, keys: [[], []] });
    assert.equal(run.configAfter, run.configBefore, 'no server-wide recipe ran without --server-wide');
  });

  verify.run();

  const serverWide = suite(`verify --server-wide on ${name}`);

  serverWide('every measurement matches what is declared, and it exits 0', () => {
    const differ = differences(run.wide);
    assert.equal(differ, [], `disagreements on ${name}:\n${differ.join('\n')}`);
    assert.is(run.wideCode, 0);
  });

  serverWide('measures every read the server has that a standalone server can run', () => {
    const { wide } = run;
    assert.equal(
      wide.coverage.readsNotMeasured.map((r) => r.command),
      clusterOnly[name] ?? [],
      wide.coverage.readsNotMeasured.map((r) => `${r.command}: ${r.why}`).join('\n'),
    );
    assert.equal(
      wide.skipped.filter((s) => s.reason === 'changes server-wide state'),
      [],
    );
  });

  serverWide('says the server behaves as declared only when it measured every read', () => {
    const text = formatVerifyText(run.wide, { NO_COLOR: '1' });
    if ((clusterOnly[name] ?? []).length === 0) {
      assert.match(text, 'The server behaves as declared: every read it has was measured.');
    } else {
      assert.match(text, 'it runs in cluster mode only');
      assert.not.match(text, 'behaves as declared');
    }
  });

  serverWide.run();
}
