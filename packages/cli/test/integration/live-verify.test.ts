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

for (const { name, variable, kind } of testServers) {
  const verify = suite(`verify on ${name}`);
  let report: VerifyReport;
  let code: number | null;
  let stdout: string;
  let stderr: string;
  let seconds: number;
  let configBefore: string[];

  verify.before(async () => {
    configBefore = await serverConfig(requireEnv(variable));
    const started = Date.now();
    const result = await runCli(['verify', '--url', requireEnv(variable), '--db', DB, '--format', 'json']);
    seconds = (Date.now() - started) / 1000;
    ({ code, stderr } = result);
    report = JSON.parse(result.stdout || '{}') as VerifyReport;
    // What the text format prints for this very run.
    stdout = formatVerifyText(report, { NO_COLOR: '1' });
  });

  verify('every measurement matches what is declared, and it exits 0', () => {
    const differ = differences(report);
    assert.equal(differ, [], `disagreements on ${name}:\n${differ.join('\n')}`);
    assert.is(code, 0);
  });

  verify('measures at least 60 commands, in the default mode and in BCAST with prefixes', () => {
    assert.is(report.server.kind, kind);
    assert.ok(report.coverage.commands.length >= 60, `${report.coverage.commands.length} commands`);
    const modes = new Set(report.reads.map((r) => r.mode));
    assert.ok(modes.has('default') && modes.has('bcast prefix'), [...modes].join(', '));
    assert.ok(report.writes.length > 0);
  });

  verify(
    'names every read it did not measure, and then does not claim the server behaves as declared',
    () => {
      const unmeasured = report.coverage.readsNotMeasured;
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

  verify('finishes well under a minute and shows progress on stderr', () => {
    assert.ok(seconds < 60, `took ${seconds} s`);
    assert.match(stderr, /^verify: 0\/\d+ recipes measured$/m);
  });

  verify('leaves the database as it found it', async () => {
    const client = new Redis(requireEnv(variable), { db: Number(DB), lazyConnect: true });
    await client.connect();
    try {
      assert.is(await client.dbsize(), 0);
      // Recipes that move keys between databases use database 1 as well.
      for (const db of [Number(DB), 1]) {
        await client.select(db);
        assert.equal(await client.keys('vt-verify:*'), [], `database ${db}`);
      }
    } finally {
      client.disconnect();
    }
    assert.equal(
      await serverConfig(requireEnv(variable)),
      configBefore,
      'no server-wide recipe ran without --server-wide',
    );
  });

  verify.run();

  const serverWide = suite(`verify --server-wide on ${name}`);
  let wide: VerifyReport;
  let wideCode: number | null;
  let wideText: string;

  serverWide.before(async () => {
    const url = requireEnv(variable);
    await flushAll(url);
    const result = await runCli(['verify', '--url', url, '--server-wide', '--format', 'json']);
    wideCode = result.code;
    wide = JSON.parse(result.stdout || '{}') as VerifyReport;
    wideText = formatVerifyText(wide, { NO_COLOR: '1' });
  });

  serverWide('every measurement matches what is declared, and it exits 0', () => {
    const differ = differences(wide);
    assert.equal(differ, [], `disagreements on ${name}:\n${differ.join('\n')}`);
    assert.is(wideCode, 0);
  });

  serverWide('measures every read the server has that a standalone server can run', () => {
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
    if ((clusterOnly[name] ?? []).length === 0) {
      assert.match(wideText, 'The server behaves as declared: every read it has was measured.');
    } else {
      assert.match(wideText, 'it runs in cluster mode only');
      assert.not.match(wideText, 'behaves as declared');
    }
  });

  serverWide.run();
}
