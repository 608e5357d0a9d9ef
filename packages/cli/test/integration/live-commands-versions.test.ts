import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CategoryMap } from '../../src/commands/category-map-types.js';
import { requireEnv, runCli, testServers } from './live-helpers.js';

/** What each server's own metadata gets wrong for a client that caches by metadata alone (measured). */
const misleadingOn: Record<string, string[]> = {
  'Valkey 9.1': ['httl no-nondeterministic-tip', 'hpttl no-nondeterministic-tip'],
  'Redis 8.0': [
    'vrandmember no-nondeterministic-tip',
    'vrandmember readonly-with-rw-key-spec',
    'vcard readonly-with-rw-key-spec',
    'vsim readonly-with-rw-key-spec',
  ],
};

const versions = suite('commands on every server version of the test command');
const maps = new Map<string, { code: number | null; map: CategoryMap }>();

versions.before(async () => {
  for (const server of testServers) {
    const { code, stdout } = await runCli([
      'commands',
      '--url',
      requireEnv(server.variable),
      '--format',
      'json',
      '--fail-on-drift',
    ]);
    maps.set(server.name, { code, map: JSON.parse(stdout) as CategoryMap });
  }
});

for (const server of testServers) {
  versions(`${server.name}: its own captured version, no drift, every command from the data`, () => {
    const { code, map } = maps.get(server.name)!;
    assert.is(code, 0, JSON.stringify(map.drift));
    assert.is(map.server.kind, server.kind);
    assert.ok(map.server.version.startsWith(`${server.version}.`));
    assert.is(map.server.versionKnown, true);
    assert.equal(map.server.comparedWith, [`${server.kind} ${map.server.version}`]);
    const sources = new Set(Object.values(map.commands).map((e) => e.source));
    assert.equal([...sources], ['bundled']);
  });

  versions(`${server.name}: lists the metadata that would mislead a metadata-based cache`, () => {
    const { map } = maps.get(server.name)!;
    const found = map.misleading!.map((m) => `${m.command} ${m.kind}`);
    for (const expected of misleadingOn[server.name] ?? [])
      assert.ok(found.includes(expected), `${expected} in ${found.join(', ')}`);
    assert.ok(
      found.some((m) => m.startsWith('object|freq ') || m.startsWith('memory|usage ')),
      found.join(', '),
    );
  });
}

versions('the newer commands get their measured verdicts on the servers that have them', () => {
  const valkey91 = maps.get('Valkey 9.1')!.map.commands;
  const redis80 = maps.get('Redis 8.0')!.map.commands;
  assert.is(valkey91.httl?.category, 'partial');
  assert.is(redis80.httl?.category, 'partial');
  assert.is(valkey91.hexpiretime?.category, 'full');
  assert.is(redis80.vrandmember?.category, 'partial');
  assert.is(redis80.vsim?.category, 'full');
  assert.is(valkey91.clusterscan?.category, 'none');
  assert.is(maps.get('Valkey 8.0')!.map.commands.httl, undefined);
  assert.equal(redis80.eval_ro?.reasons, ['tracked-keys', 'script'], 'Redis 8.0 remembers undeclared keys');
  assert.ok(maps.get('Redis 7.0')!.map.commands.eval_ro?.reasons.includes('undeclared-keys'));
});

versions.run();
