import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { categorize, lookup } from '../src/index.js';

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

bad('a command only one server has is unknown for the other', () => {
  assert.is(categorize(['CLIENT', 'SETINFO', 'lib-name', 'x'], { server: 'redis' }).category, 'unknown');
  assert.is(categorize(['CLIENT', 'SETINFO', 'lib-name', 'x'], { server: 'valkey' }).category, 'none');
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
