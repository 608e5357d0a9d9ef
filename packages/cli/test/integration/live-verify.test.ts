import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'iovalkey';
import type { VerifyReport } from '../../src/verify/verify-report.js';
import { requireEnv, runCli } from './live-helpers.js';

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

for (const [name, envName, kind] of [
  ['Valkey 8.0.1', 'VT_VALKEY_URL', 'valkey'],
  ['Redis 7.0.15', 'VT_REDIS_URL', 'redis'],
] as const) {
  const verify = suite(`verify on ${name}`);
  let report: VerifyReport;
  let code: number | null;
  let stderr: string;
  let seconds: number;
  let configBefore: string[];

  verify.before(async () => {
    configBefore = await serverConfig(requireEnv(envName));
    const started = Date.now();
    const result = await runCli(['verify', '--url', requireEnv(envName), '--db', DB, '--format', 'json']);
    seconds = (Date.now() - started) / 1000;
    ({ code, stderr } = result);
    report = JSON.parse(result.stdout || '{}') as VerifyReport;
  });

  verify('every measurement matches what is declared', () => {
    const differ = [
      ...report.reads
        .filter((r) => r.agreement === 'disagree')
        .map((r) => `${r.recipe} (${r.mode}): declared ${r.declared.category}, measured ${r.measured}`),
      ...report.writes
        .filter((w) => w.agreement === 'disagree')
        .map(
          (w) =>
            `${w.recipe}: declared ${w.declaredSilent ? 'silent' : 'invalidating'}, measured the opposite`,
        ),
      ...report.errors.map((e) => `${e.id}: ${e.message}`),
    ];
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

  verify('finishes well under a minute and shows progress on stderr', () => {
    assert.ok(seconds < 30, `took ${seconds} s`);
    assert.match(stderr, /^verify: 0\/\d+ recipes measured$/m);
  });

  verify('leaves the database as it found it', async () => {
    const client = new Redis(requireEnv(envName), { db: Number(DB), lazyConnect: true });
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
      await serverConfig(requireEnv(envName)),
      configBefore,
      'no server-wide recipe ran without --server-wide',
    );
  });

  verify.run();
}
