import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { categorize, fieldTtlEffects, hashFieldTtlKeys, lookup } from '../src/index.js';
import { fieldTtlEnds } from '../src/curated/writes.js';

const reads = suite('categorize: default mode');

reads('GET remembers its key and is fully covered', () => {
  const r = categorize(['GET', 'user:1']);
  assert.is(r.category, 'full');
  assert.equal(r.reasons, ['tracked-keys']);
  assert.equal(r.keys, ['user:1']);
});

reads('is case-insensitive about the command name', () => {
  assert.is(categorize(['hgetall', 'h']).category, 'full');
  assert.equal(categorize(['hgetall', 'h']).keys, categorize(['HGETALL', 'h']).keys);
  assert.is(categorize(['ObJeCt', 'iDlEtImE', 'k']).command, 'object|idletime');
});

reads('KEYS with a pattern remembers no key', () => {
  const r = categorize(['KEYS', 'user:*']);
  assert.is(r.category, 'none');
  assert.equal(r.reasons, ['key-pattern']);
  assert.equal(r.keys, []);
  assert.match(r.explanation, 'PREFIX `user:`');
});

reads('names a prefix only where the pattern has a literal start before a glob or an unknown part', () => {
  // A linter shows `user:${id}:*` as `user:…` and a bare variable by its name: neither is a prefix to register.
  assert.match(categorize(['SCAN', '0', 'MATCH', 'user:\u2026']).explanation, 'PREFIX `user:`');
  assert.not.match(categorize(['SCAN', '0', 'MATCH', 'pattern']).explanation, 'PREFIX `pattern`');
  assert.match(
    categorize(['SCAN', '0', 'MATCH', 'pattern']).explanation,
    "covers the pattern's literal prefix",
  );
  assert.not.match(categorize(['KEYS', '*']).explanation, 'PREFIX ``');
});

reads("a function's advice is the script's, not SORT's BY/GET patterns", () => {
  const fcall = categorize(['FCALL', 'lease_info', '1', 'lease:x']);
  assert.is(fcall.category, 'partial');
  assert.ok(fcall.reasons.includes('undeclared-keys'));
  assert.match(fcall.explanation, 'Declare every key the script reads');
  assert.not.match(fcall.explanation, 'BY/GET');
  assert.match(categorize(['SORT_RO', 'list', 'BY', 'w_*']).explanation, 'BY/GET');
});

reads('SORT_RO is full without BY/GET and partial with them', () => {
  assert.is(categorize(['SORT_RO', 'list']).category, 'full');
  const r = categorize(['SORT_RO', 'list', 'BY', 'w_*', 'GET', 'o_*']);
  assert.is(r.category, 'partial');
  assert.equal(r.reasons, ['tracked-keys', 'undeclared-keys']);
  assert.equal(r.keys, ['list']);
});

reads('SORT ... STORE is a write and plain SORT remembers nothing', () => {
  assert.equal(categorize(['SORT', 'l', 'STORE', 'dst']).reasons, ['write']);
  assert.equal(categorize(['SORT', 'l']).reasons, ['not-readonly']);
  assert.is(categorize(['SORT', 'l']).category, 'none');
});

reads('time-dependent and random replies are partial', () => {
  for (const argv of [
    ['TTL', 'k'],
    ['PTTL', 'k'],
    ['OBJECT', 'IDLETIME', 'k'],
    ['SRANDMEMBER', 's', '2'],
  ]) {
    assert.is(categorize(argv).category, 'partial', argv.join(' '));
  }
});

reads('finds keys through keyword and key-count specs', () => {
  assert.equal(categorize(['XREAD', 'COUNT', '2', 'STREAMS', 's1', 's2', '0', '0']).keys, ['s1', 's2']);
  assert.equal(categorize(['ZUNION', '2', 'a', 'b', 'WITHSCORES']).keys, ['a', 'b']);
  assert.equal(categorize(['MGET', 'a', 'b', 'c']).keys, ['a', 'b', 'c']);
});

reads('XREAD with BLOCK still remembers its keys (measured), while blocking pops are writes', () => {
  assert.is(categorize(['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$']).category, 'full');
  assert.equal(categorize(['BLPOP', 'l', '0']).reasons, ['write', 'blocking']);
});

reads('a script that declares no key is not covered on Redis 7.0, which remembers only declared keys', () => {
  const script = ['EVAL_RO', "return redis.call('GET', ARGV[1])", '0', 'k'];
  assert.is(categorize(script, { server: 'redis' }).category, 'none');
  assert.is(categorize(script, { server: 'valkey' }).category, 'partial');
  assert.is(categorize(script).category, 'none', 'without a server, the more conservative answer');
  assert.is(categorize(['EVAL_RO', 'return 1', '1', 'k'], { server: 'redis' }).category, 'partial');
});

reads('silent writes are marked on their entries', () => {
  assert.is(lookup('xgroup|setid')?.silentWrite, true);
  assert.is(lookup('swapdb')?.silentWrite, true);
  assert.is(lookup('set')?.silentWrite, false);
  assert.is(lookup('get')?.silentWrite, undefined);
});

reads.run();

const modes = suite('categorize: tracking modes');

modes('BCAST with a prefix covering the literal prefix makes KEYS full', () => {
  assert.is(categorize(['KEYS', 'user:*'], { mode: 'bcast', prefixes: ['user:'] }).category, 'full');
  assert.is(categorize(['KEYS', 'user:*'], { mode: 'bcast', prefixes: ['order:'] }).category, 'none');
  assert.is(categorize(['KEYS', 'us*'], { mode: 'bcast', prefixes: ['user:'] }).category, 'none');
});

modes('BCAST PREFIX tunnel: covers SCAN 0 MATCH tunnel:*', () => {
  assert.is(
    categorize(['SCAN', '0', 'MATCH', 'tunnel:*'], { mode: 'bcast', prefixes: ['tunnel:'] }).category,
    'full',
  );
});

modes('BCAST leaves time-dependent and random replies partial', () => {
  assert.is(categorize(['TTL', 'k'], { mode: 'bcast' }).category, 'partial');
  assert.is(categorize(['SRANDMEMBER', 's'], { mode: 'bcast' }).category, 'partial');
});

modes('BCAST with keys outside every prefix is partial or none', () => {
  const r = categorize(['MGET', 'a:1', 'b:1'], { mode: 'bcast', prefixes: ['a:'] });
  assert.is(r.category, 'partial');
  assert.ok(r.reasons.includes('uncovered-prefix'));
  assert.is(categorize(['GET', 'b:1'], { mode: 'bcast', prefixes: ['a:'] }).category, 'none');
});

modes('BCAST without prefixes covers keyspace reads like DBSIZE, but a prefix does not', () => {
  assert.is(categorize(['DBSIZE'], { mode: 'bcast' }).category, 'full');
  assert.is(categorize(['DBSIZE'], { mode: 'bcast', prefixes: ['a:'] }).category, 'none');
});

modes('BCAST announces writes to keys of write-flagged reads such as SORT', () => {
  assert.is(categorize(['SORT', 'l'], { mode: 'bcast' }).category, 'full');
  assert.is(categorize(['SORT', 'l', 'STORE', 'd'], { mode: 'bcast' }).category, 'none');
});

modes('BCAST judges the BY and GET patterns of SORT as it does those of SORT_RO', () => {
  const by = ['SORT', 'facet:1', 'BY', 'author:*->name', 'GET', '#'];
  const outside = categorize(by, { mode: 'bcast', prefixes: ['facet:'] });
  assert.is(outside.category, 'partial');
  assert.ok(outside.reasons.includes('uncovered-prefix'));
  assert.match(outside.explanation, '`author:*->name` lies outside');
  const ro = categorize(['SORT_RO', ...by.slice(1)], { mode: 'bcast', prefixes: ['facet:'] });
  assert.is(outside.category, ro.category);
  assert.is(categorize(by, { mode: 'bcast', prefixes: ['facet:', 'author:'] }).category, 'full');
  assert.is(categorize(by).category, 'none');
  assert.ok(categorize(by).reasons.includes('not-readonly'));
});

modes('OPTIN and OPTOUT keep the default verdict for a read they track', () => {
  assert.is(categorize(['KEYS', 'user:*'], { mode: 'optin' }).category, 'none');
  assert.is(categorize(['GET', 'k'], { mode: 'optin' }).category, 'full');
  assert.match(categorize(['TTL', 'k'], { mode: 'optin' }).explanation, 'CLIENT CACHING yes');
});

modes.run();

const bad = suite('categorize: bad input');

bad('an empty argv is unknown, not a throw', () => {
  const r = categorize([]);
  assert.is(r.category, 'unknown');
  assert.is(r.error, 'empty');
});

bad('an unknown command is unknown and says how to get a map for it', () => {
  const r = categorize(['JSON.GET', 'doc']);
  assert.is(r.category, 'unknown');
  assert.is(r.error, 'unknown-command');
  assert.match(r.explanation, 'valkey-track commands');
});

bad('wrong arity is reported with the expected count', () => {
  const r = categorize(['GET', 'a', 'b']);
  assert.is(r.error, 'arity');
  assert.match(r.explanation, 'exactly 2');
  assert.is(categorize(['MGET']).error, 'arity');
});

bad('a container without or with an unknown subcommand is explained', () => {
  assert.is(categorize(['OBJECT']).error, 'arity');
  assert.match(categorize(['OBJECT', 'NOPE', 'k']).explanation, 'IDLETIME');
});

bad('a command only some versions have is unknown for the others, and says where it exists', () => {
  const old = categorize(['CLIENT', 'SETINFO', 'lib-name', 'x'], { server: 'redis', version: '7.0' });
  assert.is(old.category, 'unknown');
  assert.is(old.error, 'unknown-command');
  assert.match(old.explanation, 'not a command of redis 7.0.15');
  assert.is(categorize(['CLIENT', 'SETINFO', 'lib-name', 'x'], { server: 'redis' }).category, 'none');
  const hgetex = categorize(['HGETEX', 'h', 'FIELDS', '1', 'f'], { server: 'valkey', version: '8.0' });
  assert.is(hgetex.category, 'unknown');
  assert.match(hgetex.explanation, 'valkey 9.1.2; redis 8.0.2');
});

bad('letters outside ASCII never stand for a command or a token, as on the server (strcasecmp)', () => {
  // JavaScript folds the Kelvin sign to k and ſ (long s) to S; the server compares ASCII letters only.
  assert.is(categorize(['\u212Aeys', 'user:*']).error, 'unknown-command');
  assert.is(categorize(['sort', 'l', 'store', 'dst']).reasons.includes('write'), true);
  assert.is(categorize(['sort', 'l', 'ſtore', 'dst']).reasons.includes('write'), false);
});

bad.run();

const sortEdges = suite('categorize: SORT_RO edge cases');

sortEdges('BY nosort and GET # name no other key, so SORT_RO stays full', () => {
  assert.is(categorize(['SORT_RO', 'l', 'BY', 'nosort', 'GET', '#']).category, 'full');
  assert.is(categorize(['SORT_RO', 'l', 'BY', 'nosort', 'GET', 'o_*']).category, 'partial');
});

sortEdges.run();

const versions = suite('categorize: server versions');

versions('without a version, the worst case across the captured versions, and it says which', () => {
  const script = ['EVAL_RO', "return redis.call('GET', ARGV[1])", '0', 'k'];
  const any = categorize(script, { server: 'redis' });
  assert.is(any.category, 'none', 'Redis 7.0 remembers only declared keys');
  assert.equal(any.versions, ['redis 7.0.15', 'redis 8.0.2']);
  assert.is(categorize(script, { server: 'redis', version: '7.0' }).category, 'none');
  assert.is(
    categorize(script, { server: 'redis', version: '8.0' }).category,
    'partial',
    'Redis 8.0 remembers them',
  );
  assert.is(categorize(script, { server: 'valkey', version: '9.1' }).category, 'partial');
});

versions('a version is matched by its leading parts, a patch release by its minor version', () => {
  assert.equal(categorize(['GET', 'k'], { server: 'valkey', version: '9.1' }).versions, ['valkey 9.1.2']);
  assert.equal(categorize(['GET', 'k'], { server: 'valkey', version: '9.1.7' }).versions, ['valkey 9.1.2']);
  assert.equal(categorize(['GET', 'k'], { server: 'redis', version: '8' }).versions, ['redis 8.0.2']);
});

versions('a version the data does not know answers the worst case of that server', () => {
  const r = categorize(['GET', 'k'], { server: 'valkey', version: '10.0' });
  assert.equal(r.versions, ['valkey 8.0.1', 'valkey 8.1.1', 'valkey 9.1.2']);
});

versions("arity is each version's own: ZRANK ... WITHSCORE exists from Redis 7.2", () => {
  const argv = ['ZRANK', 'z', 'm', 'WITHSCORE'];
  assert.is(categorize(argv, { server: 'redis', version: '7.0' }).error, 'arity');
  assert.is(categorize(argv, { server: 'redis', version: '8.0' }).category, 'full');
  assert.equal(categorize(argv, { server: 'redis' }).versions, ['redis 8.0.2']);
});

versions('XREAD ... + goes stale after XSETID on Valkey only', () => {
  const argv = ['XREAD', 'STREAMS', 'x', '+'];
  assert.is(categorize(argv, { server: 'valkey', version: '9.1' }).category, 'partial');
  assert.is(categorize(argv, { server: 'redis', version: '8.0' }).category, 'full');
  assert.is(categorize(argv).category, 'partial');
  assert.is(categorize(['XREAD', 'STREAMS', 'x', '0'], { server: 'valkey' }).category, 'full');
});

versions('lookup says on which versions a command exists', () => {
  assert.equal(lookup('hgetex')?.versions, ['valkey 9.1.2', 'redis 8.0.2']);
  assert.is(lookup('hgetex')?.versionRange, 'valkey 9.1.2; redis 8.0.2');
  assert.is(lookup('get')?.versionRange, 'valkey 8.0.1–9.1.2; redis 7.0.15–8.0.2');
  assert.is(lookup('commandlog|get')?.versionRange, 'valkey 8.1.1–9.1.2');
  assert.is(lookup('vsim')?.versionRange, 'redis 8.0.2');
});

versions.run();

const newCommands = suite('categorize: commands of the newer servers');

newCommands('HTTL and HPTTL change with time; HEXPIRETIME and HPEXPIRETIME are absolute', () => {
  assert.is(categorize(['HTTL', 'h', 'FIELDS', '1', 'f']).category, 'partial');
  assert.is(categorize(['HPTTL', 'h', 'FIELDS', '1', 'f']).category, 'partial');
  assert.is(categorize(['HEXPIRETIME', 'h', 'FIELDS', '1', 'f']).category, 'full');
  assert.is(categorize(['HPEXPIRETIME', 'h', 'FIELDS', '1', 'f']).category, 'full');
});

newCommands(
  'vector-set reads remember their key although their key specs say RW; VRANDMEMBER is random',
  () => {
    for (const argv of [
      ['VCARD', 'v'],
      ['VSIM', 'v', 'ELE', 'a'],
      ['VEMB', 'v', 'a'],
      ['VGETATTR', 'v', 'a'],
    ]) {
      const r = categorize(argv);
      assert.is(r.category, 'full', argv.join(' '));
      assert.equal(r.keys, ['v']);
    }
    assert.equal(lookup('vcard')?.metadata.redis?.keySpecFlags, [['RW', 'ACCESS', 'UPDATE']]);
    assert.equal(categorize(['VRANDMEMBER', 'v', '5']).reasons, ['tracked-keys', 'random-output']);
  },
);

newCommands('CLUSTERSCAN remembers no key: its cursor is a NOT_KEY key spec', () => {
  const r = categorize(['CLUSTERSCAN', '0', 'MATCH', 'user:*']);
  assert.is(r.category, 'none');
  assert.equal(r.keys, []);
});

newCommands('HGETEX without options only reads but is flagged write; with EX it writes', () => {
  assert.equal(categorize(['HGETEX', 'h', 'FIELDS', '1', 'f']).reasons, ['not-readonly']);
  assert.equal(categorize(['HGETEX', 'h', 'EX', '10', 'FIELDS', '1', 'f']).reasons, ['write']);
  assert.equal(categorize(['HSETEX', 'h', 'EX', '10', 'FIELDS', '1', 'f', 'v']).reasons, ['write']);
});

newCommands.run();

const fieldTtl = suite('categorize: hash fields with a TTL');

fieldTtl('hash reads are partial when the key says its fields carry TTLs', () => {
  assert.is(categorize(['HGETALL', 'h']).category, 'full');
  const r = categorize(['HGETALL', 'h'], { hashFieldTtl: true });
  assert.is(r.category, 'partial');
  assert.equal(r.reasons, ['tracked-keys', 'field-expiry']);
  assert.match(r.explanation, 'fields carry TTLs');
  for (const argv of [
    ['HGET', 'h', 'f'],
    ['HMGET', 'h', 'f'],
    ['HKEYS', 'h'],
    ['HEXISTS', 'h', 'f'],
    ['HEXPIRETIME', 'h', 'FIELDS', '1', 'f'],
  ])
    assert.is(categorize(argv, { hashFieldTtl: true }).category, 'partial', argv.join(' '));
  assert.equal(categorize(['HRANDFIELD', 'h'], { hashFieldTtl: true }).reasons, [
    'tracked-keys',
    'random-output',
    'field-expiry',
  ]);
});

fieldTtl('only on versions with field expiry: Valkey 9.0 and Redis 7.4 on', () => {
  const argv = ['HGETALL', 'h'];
  assert.is(categorize(argv, { server: 'valkey', version: '8.1', hashFieldTtl: true }).category, 'full');
  assert.is(categorize(argv, { server: 'redis', version: '7.0', hashFieldTtl: true }).category, 'full');
  assert.is(categorize(argv, { server: 'valkey', version: '9.1', hashFieldTtl: true }).category, 'partial');
  assert.is(categorize(argv, { server: 'redis', hashFieldTtl: true }).category, 'partial', 'worst case');
});

fieldTtl('a predicate says it per key', () => {
  const expiring = (key: string) => key.startsWith('session:');
  assert.is(categorize(['HGETALL', 'session:1'], { hashFieldTtl: expiring }).category, 'partial');
  assert.is(categorize(['HGETALL', 'user:1'], { hashFieldTtl: expiring }).category, 'full');
});

fieldTtl(
  'HLEN and non-hash reads keep their verdict: HLEN counts a field until its deletion invalidates',
  () => {
    assert.is(categorize(['HLEN', 'h'], { hashFieldTtl: true }).category, 'full');
    assert.is(categorize(['GET', 'h'], { hashFieldTtl: true }).category, 'full');
  },
);

fieldTtl('hashFieldTtlKeys names the keys a write gives field TTLs', () => {
  assert.equal(hashFieldTtlKeys(['HEXPIRE', 'h', '10', 'FIELDS', '1', 'f']), ['h']);
  assert.equal(hashFieldTtlKeys(['hpexpireat', 'h', '1', 'FIELDS', '1', 'f']), ['h']);
  assert.equal(hashFieldTtlKeys(['HSETEX', 'h', 'PX', '100', 'FIELDS', '1', 'f', 'v']), ['h']);
  assert.equal(hashFieldTtlKeys(['HGETEX', 'h', 'EX', '100', 'FIELDS', '1', 'f']), ['h']);
  assert.equal(hashFieldTtlKeys(['HSETEX', 'h', 'FIELDS', '1', 'EX', 'v']), [], 'EX after FIELDS is a field');
  assert.equal(hashFieldTtlKeys(['HGETEX', 'h', 'PERSIST', 'FIELDS', '1', 'f']), []);
  assert.equal(hashFieldTtlKeys(['HSET', 'h', 'f', 'v']), []);
  assert.equal(hashFieldTtlKeys([]), []);
});

fieldTtl(
  'fieldTtlEffects: DEL, UNLINK and whole-value writes end them, from the key specs (RM, OW UPDATE)',
  () => {
    const clears = (...argv: string[]) => fieldTtlEffects(argv).clears;
    assert.equal(clears('DEL', 'a', 'b'), ['a', 'b']);
    assert.equal(clears('unlink', 'a'), ['a']);
    assert.equal(clears('SETEX', 'a', '10', 'v'), ['a']);
    // Every other word of MSET is a value (its key spec's keystep is 2).
    assert.equal(clears('MSET', 'a', '1', 'b', '2'), ['a', 'b']);
    assert.equal(categorize(['MSET', 'a', '1', 'b', '2']).keys, ['a', 'b']);
    assert.equal(clears('SUNIONSTORE', 'dst', 'a', 'b'), ['dst']);
    assert.equal(clears('GEORADIUS', 'g', '0', '0', '1', 'km', 'STORE', 'dst'), ['dst']);
    // SET is flagged RW for its GET option: it replaces the value unless NX or GET.
    assert.equal(clears('SET', 'a', 'v', 'EX', '10'), ['a']);
    assert.equal(clears('SET', 'a', 'v', 'nx'), []);
    assert.equal(clears('SET', 'a', 'v', 'GET'), []);
  },
);

fieldTtl('fieldTtlEffects: HPERSIST, HDEL, the NX forms, RESTORE and DELIFEQ never end them', () => {
  for (const argv of [
    ['HPERSIST', 'h', 'FIELDS', '1', 'f'],
    ['HDEL', 'h', 'f'],
    ['SETNX', 'h', 'v'],
    ['MSETNX', 'h', 'v'],
    ['RESTORE', 'h', '0', 'payload', 'REPLACE'],
    ['DELIFEQ', 'h', 'v'],
    ['GETDEL', 'h'],
    ['FLUSHDB'],
  ]) {
    const effects = fieldTtlEffects(argv);
    assert.equal([effects.clears, effects.carries, effects.flushes], [[], [], false], argv.join(' '));
  }
});

fieldTtl('fieldTtlEffects: RENAME moves them, COPY and RENAMENX copy them, FLUSHALL ends them all', () => {
  // RENAME and COPY ... REPLACE replace the destination's value; RENAMENX and a plain COPY leave an existing one.
  assert.equal(fieldTtlEffects(['RENAME', 'a', 'b']).carries, [
    { from: 'a', to: 'b', moves: true, replaces: true },
  ]);
  assert.equal(fieldTtlEffects(['RENAMENX', 'a', 'b']).carries, [
    { from: 'a', to: 'b', moves: false, replaces: false },
  ]);
  assert.equal(fieldTtlEffects(['COPY', 'a', 'b', 'replace']).carries, [
    { from: 'a', to: 'b', moves: false, replaces: true },
  ]);
  assert.equal(fieldTtlEffects(['COPY', 'a', 'b']).carries, [
    { from: 'a', to: 'b', moves: false, replaces: false },
  ]);
  assert.is(fieldTtlEffects(['FLUSHALL', 'ASYNC']).flushes, true);
  assert.equal(fieldTtlEffects(['HSETEX', 'h', 'EX', '1', 'FIELDS', '1', 'f', 'v']).sets, ['h']);
  assert.equal(fieldTtlEffects(['NOSUCHCOMMAND', 'h']).sets, []);
});

fieldTtl('every command fieldTtlEnds curates is one a server reports', () => {
  for (const name of Object.keys(fieldTtlEnds)) assert.ok(lookup(name), `fieldTtlEnds names "${name}"`);
});

fieldTtl.run();

const fixes = suite('categorize: what the newer measurements corrected');

fixes('DUMP is partial: stream consumer groups and a large collection order change it silently', () => {
  const r = categorize(['DUMP', 'k']);
  assert.is(r.category, 'partial');
  assert.equal(r.reasons, ['tracked-keys', 'changed-silently', 'server-state']);
});

fixes('SORT_RO BY nosort LIMIT pages through a set in its own order: partial', () => {
  assert.equal(categorize(['SORT_RO', 's', 'BY', 'nosort', 'LIMIT', '0', '10']).reasons, [
    'tracked-keys',
    'cursor',
  ]);
  assert.is(categorize(['SORT_RO', 's', 'BY', 'nosort']).category, 'full');
  const both = categorize(['SORT_RO', 's', 'BY', 'nosort', 'LIMIT', '0', '10', 'GET', 'o_*']);
  assert.equal(
    both.reasons,
    ['tracked-keys', 'undeclared-keys', 'cursor'],
    'every condition that holds counts',
  );
});

fixes('OBJECT REFCOUNT is full: the count is fixed when the value is written', () => {
  assert.is(categorize(['OBJECT', 'REFCOUNT', 'k']).category, 'full');
  assert.match(lookup('object|refcount')!.explanation, '2147483647');
});

fixes('unordered replies stay full and say their order is not stable', () => {
  for (const name of ['hgetall', 'hkeys', 'hvals', 'smembers', 'sinter', 'sunion', 'sdiff']) {
    assert.is(lookup(name)?.category, 'full', name);
    assert.match(lookup(name)!.explanation, 'order of the elements is not stable', name);
  }
  assert.match(lookup('srandmember')!.note!, 'same order on every call');
});

fixes("NOLOOP notes: the client's own PFCOUNT rewrites a HyperLogLog it cached as a string", () => {
  assert.match(lookup('get')!.modes.noloop.explanation, 'PFCOUNT');
  assert.match(lookup('bitcount')!.modes.noloop.explanation, 'PFCOUNT');
  assert.not.match(lookup('hget')!.modes.noloop.explanation, 'PFCOUNT');
});

fixes.run();
