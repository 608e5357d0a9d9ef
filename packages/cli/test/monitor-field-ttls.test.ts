import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { MonitorLogOptions } from '../src/monitor/audit-monitor-log.js';
import { auditLog, logOf } from './monitor-log-of.js';
import {
  absorbFieldTtls,
  fieldTtlMismatch,
  fieldTtlRange,
  FieldTtlKeys,
  FieldTtlWatch,
  MAX_FIELD_TTL_KEYS,
} from '../src/monitor/field-ttl-keys.js';
import type { AuditReport } from '../src/report/types.js';

const audit = (log: string, options: MonitorLogOptions = {}): AuditReport =>
  auditLog(log, options, 'sessions.log');

/** The hash reads the audit found partial because of field TTLs: `COMMAND count`. */
const fieldExpiry = (report: AuditReport) =>
  report.findings
    .filter((f) => f.reasons.includes('field-expiry'))
    .map((f) => `${f.shape} ${f.count}`)
    .sort();

// A web app: its session service writes sessions with HSETEX (Valkey 9, Redis 8), its request handlers read
// them through a client-side cache (node-redis 5: RESP3, CLIENT TRACKING ON).
const WRITER = '10.0.0.5:40001';
const READER = '10.0.0.6:40002';
const tracking: [string, ...string[]] = [READER, 'CLIENT', 'TRACKING', 'ON'];
const readSession = (key: string): [string, ...string[]] => [READER, 'HGETALL', key];

const given = suite('MONITOR audit: hash reads of keys whose fields have TTLs');

given(
  'a key another client gave field TTLs makes the reads of it partial (field-expiry), others stay covered',
  () => {
    const report = audit(
      logOf([
        tracking,
        [WRITER, 'HSETEX', 'session:1', 'EX', '1800', 'FIELDS', '2', 'user', '17', 'csrf', 'x'],
        [WRITER, 'HSET', 'session:2', 'user', '18'],
        readSession('session:1'),
        readSession('session:2'),
        [READER, 'HGET', 'session:1', 'user'],
        [READER, 'HMGET', 'session:2', 'user', 'csrf'],
      ]),
    );
    assert.equal(fieldExpiry(report), ['HGET 1', 'HGETALL 1']);
    const finding = report.findings.find((f) => f.shape === 'HGETALL')!;
    assert.is(finding.category, 'partial');
    assert.match(finding.message, /field/i);
    assert.is(finding.example!.includes('"session:1"'), true);
  },
);

given(
  'every command that gives them counts, in any case, from a script too; HSETEX without EX does not',
  () => {
    const report = audit(
      logOf([
        tracking,
        [WRITER, 'hexpire', 'a', '60', 'FIELDS', '1', 'f'],
        [WRITER, 'HPEXPIREAT', 'b', '1900000000000', 'NX', 'FIELDS', '1', 'f'],
        [WRITER, 'HGETEX', 'c', 'PX', '500', 'FIELDS', '1', 'f'],
        [WRITER, 'HSETEX', 'd', 'KEEPTTL', 'FIELDS', '1', 'f', 'v'],
        [WRITER, 'EVALSHA', 'abc', '1', 'e'],
        ['lua', 'HEXPIRE', 'e', '60', 'FIELDS', '1', 'f'],
        ...['a', 'b', 'c', 'd', 'e'].map(readSession),
      ]),
    );
    assert.equal(fieldExpiry(report), ['HGETALL 4']);
    assert.ok(!report.findings.some((f) => f.example?.includes('"HGETALL" "d"')));
  },
);

given('DEL, UNLINK, a whole-value SET, MSET and FLUSHALL end them; HPERSIST, HDEL and SET NX do not', () => {
  const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const report = audit(
    logOf([
      tracking,
      ...keys.map((k): [string, ...string[]] => [WRITER, 'HEXPIRE', k, '60', 'FIELDS', '1', 'f']),
      [WRITER, 'DEL', 'a'],
      [WRITER, 'UNLINK', 'b', 'zzz'],
      [WRITER, 'SET', 'c', 'plain'],
      [WRITER, 'MSET', 'x', '1', 'd', '2'],
      // Other fields of the key may keep their TTLs.
      [WRITER, 'HPERSIST', 'e', 'FIELDS', '1', 'f'],
      [WRITER, 'HDEL', 'f', 'f'],
      // NX: the key exists, nothing is written.
      [WRITER, 'SET', 'g', 'v', 'NX'],
      ...keys.map(readSession),
      [WRITER, 'FLUSHALL'],
      ...keys.map(readSession),
    ]),
  );
  // Before FLUSHALL: e, f and g still have field TTLs; after it, none has.
  assert.equal(fieldExpiry(report), ['HGETALL 3']);
});

given('RENAME moves them to the new name; COPY gives them to the copy and leaves the source', () => {
  const report = audit(
    logOf([
      tracking,
      [WRITER, 'HEXPIRE', 'cart:tmp', '60', 'FIELDS', '1', 'f'],
      [WRITER, 'RENAME', 'cart:tmp', 'cart:9'],
      readSession('cart:tmp'),
      readSession('cart:9'),
      [WRITER, 'COPY', 'cart:9', 'cart:9:backup'],
      readSession('cart:9'),
      readSession('cart:9:backup'),
    ]),
  );
  assert.equal(fieldExpiry(report), ['HGETALL 3']);
  assert.ok(!report.findings.some((f) => f.example?.includes('"cart:tmp"')));
});

given(
  'a key renamed or copied with REPLACE over one with field TTLs leaves it without; RENAMENX and COPY do not',
  () => {
    const report = audit(
      logOf([
        tracking,
        [WRITER, 'HEXPIRE', 'profile:1', '60', 'FIELDS', '1', 'f'],
        [WRITER, 'HEXPIRE', 'profile:2', '60', 'FIELDS', '1', 'f'],
        [WRITER, 'HEXPIRE', 'profile:3', '60', 'FIELDS', '1', 'f'],
        [WRITER, 'HEXPIRE', 'profile:4', '60', 'FIELDS', '1', 'f'],
        // A staging key without field TTLs swapped in over the live one, as a nightly rebuild does.
        [WRITER, 'HSET', 'staging:1', 'name', 'a'],
        [WRITER, 'RENAME', 'staging:1', 'profile:1'],
        [WRITER, 'COPY', 'template', 'profile:2', 'REPLACE'],
        // These may not happen (the destination exists), so the key may keep them.
        [WRITER, 'RENAMENX', 'staging:3', 'profile:3'],
        [WRITER, 'COPY', 'template', 'profile:4'],
        readSession('profile:1'),
        readSession('profile:2'),
        readSession('profile:3'),
        readSession('profile:4'),
      ]),
    );
    const examples = report.findings.filter((f) => f.reasons.includes('field-expiry'));
    assert.equal(fieldExpiry(report), ['HGETALL 2']);
    assert.ok(!examples.some((f) => /"profile:[12]"/.test(f.example ?? '')));
  },
);

given('the verdicts are those of the server version: no field expiry before Valkey 9.0 and Redis 7.4', () => {
  const log = logOf([
    tracking,
    [WRITER, 'HEXPIRE', 'session:1', '60', 'FIELDS', '1', 'f'],
    readSession('session:1'),
  ]);
  assert.equal(fieldExpiry(audit(log, { server: 'valkey', serverVersion: '9.1' })), ['HGETALL 1']);
  assert.equal(fieldExpiry(audit(log, { server: 'redis', serverVersion: '8.0' })), ['HGETALL 1']);
  assert.equal(fieldExpiry(audit(log, { server: 'valkey', serverVersion: '8.1' })), []);
  assert.equal(fieldExpiry(audit(log, { server: 'redis', serverVersion: '7.0' })), []);
  // Without a version: the worst case of every version the data knows.
  assert.equal(fieldExpiry(audit(log)), ['HGETALL 1']);
});

given(
  `past ${MAX_FIELD_TTL_KEYS.toLocaleString('en-US')} keys at once every hash read counts, until FLUSHALL, and the report says so`,
  () => {
    const lines: [string, ...string[]][] = [tracking];
    for (let i = 0; i <= MAX_FIELD_TTL_KEYS; i++)
      lines.push([WRITER, 'HEXPIRE', `session:${i}`, '60', 'FIELDS', '1', 'f']);
    lines.push(readSession('never-given-ttls'), [WRITER, 'FLUSHALL'], readSession('never-given-ttls'));
    const report = audit(logOf(lines));
    assert.equal(fieldExpiry(report), ['HGETALL 1']);
    const note = report.notes.find((n) => n.includes('hash fields with TTLs at once'));
    assert.ok(note, report.notes.join('\n'));
    assert.match(note!, new RegExp(`line ${(MAX_FIELD_TTL_KEYS + 2).toLocaleString('en-US')}\\)`));
  },
);

given.run();

const ranges = suite('keys with field TTLs across worker ranges: what a guess may get wrong');

/** A range audited from `guess`: `work` runs its lines against the keys. */
function rangeFrom(guess: string[], work: (keys: FieldTtlKeys) => void) {
  const keys = new FieldTtlKeys();
  keys.install({ keys: guess, overflowed: false });
  keys.watch = new FieldTtlWatch(keys);
  work(keys);
  return fieldTtlRange(keys, keys.watch);
}

const truthOf = (keys: string[]) => {
  const t = new FieldTtlKeys();
  t.install({ keys, overflowed: false });
  return t;
};

ranges('a guess wrong only about keys the range never used is taken, and those keys keep their truth', () => {
  const range = rangeFrom(['a', 'stale'], (k) => {
    k.has('a');
    k.set('b', 1);
  });
  const truth = truthOf(['a', 'c']);
  assert.is(fieldTtlMismatch(truth, range), undefined);
  absorbFieldTtls(truth, range, false, 0);
  assert.equal([...truth.keySet()].sort(), ['a', 'b', 'c']);
});

ranges('a guess wrong about a key the range read or wrote is redone', () => {
  const read = rangeFrom(['a', 'stale'], (k) => k.has('stale'));
  assert.match(fieldTtlMismatch(truthOf(['a']), read)!, /field TTLs/);
  const cleared = rangeFrom(['a'], (k) => k.clear('c'));
  assert.match(fieldTtlMismatch(truthOf(['a', 'c']), cleared)!, /field TTLs/);
});

ranges(
  'a range that had no keys at some point skipped the writes that end them: redone if truth had keys',
  () => {
    const range = rangeFrom(['a'], (k) => k.clear('a'));
    assert.match(fieldTtlMismatch(truthOf(['a', 'other']), range)!, /did not know/);
    assert.is(fieldTtlMismatch(truthOf(['a']), range), undefined);
  },
);

ranges('a range that would have overflowed at another count is redone', () => {
  const full = Array.from({ length: MAX_FIELD_TTL_KEYS - 1 }, (_, i) => `k${i}`);
  const range = rangeFrom(full, (k) => k.set('new', 1));
  assert.is(fieldTtlMismatch(truthOf(full), range), undefined);
  assert.match(fieldTtlMismatch(truthOf([...full, 'one-more']), range)!, /overflowed/);
});

ranges('after a FLUSHALL the range no longer depends on its start', () => {
  const range = rangeFrom(['stale'], (k) => {
    k.flush();
    k.set('b', 1);
  });
  const truth = truthOf(['c']);
  assert.is(fieldTtlMismatch(truth, range), undefined);
  absorbFieldTtls(truth, range, false, 0);
  assert.equal([...truth.keySet()], ['b']);
});

ranges.run();
