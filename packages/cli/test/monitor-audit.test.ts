import { readFileSync } from 'node:fs';
import { commands } from '@valkey-track/rules-data';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MonitorAudit, type MonitorAuditOptions } from '../src/monitor/monitor-audit.js';
import { topClients } from '../src/monitor/finding-group.js';
import { parseTrackingClients } from '../src/monitor/tracking-clients-option.js';

let clock = 1700000000_000000;
/** One MONITOR line as the server writes it, timestamps increasing. */
function line(address: string, ...argv: string[]): string {
  clock += 1000;
  const ts = `${Math.floor(clock / 1e6)}.${String(clock % 1e6).padStart(6, '0')}`;
  return `${ts} [0 ${address}] ${argv.map((a) => `"${a}"`).join(' ')}\n`;
}

function run(log: string | Buffer, options: MonitorAuditOptions = {}) {
  const audit = new MonitorAudit(options);
  audit.write(Buffer.isBuffer(log) ? log : Buffer.from(log, 'latin1'));
  audit.end();
  return audit;
}
const shapes = (audit: MonitorAudit) =>
  audit.findings().map((f) => `${f.kind} ${f.shape} [${f.mode}] ${f.count}`);

const A = '10.0.0.1:5001';
const B = '10.0.0.2:5002';

const tracking = suite('MONITOR audit: following CLIENT TRACKING');

tracking('reads of a client that never tracks are not findings', () => {
  const audit = run(line(A, 'KEYS', 'user:*') + line(A, 'TTL', 'k'));
  assert.equal(audit.findings(), []);
  assert.is(audit.totals.commands, 2);
  assert.is(audit.totals.trackedCommands, 0);
});

tracking('after CLIENT TRACKING on, a KEYS read is reported with its reason; GET is not', () => {
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on') +
      line(A, 'GET', 'user:1') +
      line(A, 'keys', 'user:*') +
      line(A, 'KEYS', 'x:*'),
  );
  assert.equal(shapes(audit), ['read KEYS [default] 2']);
  const [keys] = audit.findings();
  assert.equal(keys!.reasons, ['key-pattern']);
  assert.is(keys!.category, 'none');
  assert.equal(topClients(keys!, 5), [{ address: A, count: 2 }]);
  assert.is(keys!.exampleLine, 3);
  assert.match(keys!.example, '"keys" "user:*"');
});

tracking('CLIENT TRACKING off stops the reporting', () => {
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on') +
      line(A, 'TTL', 'k') +
      line(A, 'CLIENT', 'TRACKING', 'off') +
      line(A, 'TTL', 'k'),
  );
  assert.equal(shapes(audit), ['read TTL [default] 1']);
});

tracking('a second CLIENT TRACKING on changes what the server lets it change, and nothing it refuses', () => {
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'usr:') +
      line(A, 'GET', 'ord:1') +
      // A bare BCAST adds the empty prefix: every key is covered from here on.
      line(A, 'CLIENT', 'TRACKING', 'on', 'BCAST') +
      line(A, 'GET', 'ord:2') +
      // Refused: it overlaps the empty prefix. Nothing narrows.
      line(A, 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'ord:') +
      line(A, 'GET', 'zz:1') +
      // Default to OPTIN is allowed while tracking; OPTIN to OPTOUT is refused.
      line(B, 'CLIENT', 'TRACKING', 'on') +
      line(B, 'CLIENT', 'TRACKING', 'on', 'OPTIN') +
      line(B, 'TTL', 'k') +
      line(B, 'CLIENT', 'TRACKING', 'on', 'OPTOUT') +
      line(B, 'TTL', 'k') +
      line(B, 'CLIENT', 'CACHING', 'yes') +
      line(B, 'TTL', 'k'),
  );
  assert.equal(shapes(audit), ['read GET [bcast PREFIX usr:] 1', 'read TTL [optin] 1']);
});

tracking('OPTIN: only the command right after CLIENT CACHING yes is cached', () => {
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on', 'OPTIN') +
      line(A, 'TTL', 'k') +
      line(A, 'CLIENT', 'CACHING', 'yes') +
      line(A, 'TTL', 'k') +
      line(A, 'TTL', 'k'),
  );
  assert.equal(shapes(audit), ['read TTL [optin] 1']);
});

tracking('OPTIN: CLIENT CACHING yes before MULTI covers the whole transaction', () => {
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on', 'OPTIN') +
      line(A, 'CLIENT', 'CACHING', 'yes') +
      line(A, 'MULTI') +
      line(A, 'TTL', 'a') +
      line(A, 'TTL', 'b') +
      line(A, 'EXEC') +
      line(A, 'TTL', 'c'),
  );
  assert.equal(shapes(audit), ['read TTL [optin] 2']);
});

tracking('OPTOUT: every read is cached except the one after CLIENT CACHING no', () => {
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on', 'OPTOUT') +
      line(A, 'CLIENT', 'CACHING', 'no') +
      line(A, 'TTL', 'k') +
      line(A, 'TTL', 'k'),
  );
  assert.equal(shapes(audit), ['read TTL [optout] 1']);
});

tracking('CLIENT CACHING stays pending across other CLIENT commands, and only those', () => {
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on', 'OPTIN') +
      line(A, 'CLIENT', 'CACHING', 'yes') +
      line(A, 'CLIENT', 'SETNAME', 'web') +
      line(A, 'client', 'id') +
      line(A, 'TTL', 'cached') +
      line(A, 'CLIENT', 'CACHING', 'yes') +
      line(A, 'PING') +
      line(A, 'TTL', 'not-cached') +
      line(B, 'CLIENT', 'TRACKING', 'on', 'OPTOUT') +
      line(B, 'CLIENT', 'CACHING', 'no') +
      line(B, 'CLIENT', 'GETNAME') +
      line(B, 'PTTL', 'not-cached') +
      line(B, 'PTTL', 'cached'),
  );
  assert.equal(shapes(audit).sort(), ['read PTTL [optout] 1', 'read TTL [optin] 1']);
});

tracking('BCAST with a prefix covers KEYS under it and not outside it', () => {
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'user:') +
      line(A, 'KEYS', 'user:*') +
      line(A, 'KEYS', '*') +
      line(A, 'KEYS', 'session:*'),
  );
  assert.equal(shapes(audit), ['read KEYS [bcast PREFIX user:] 2']);
  assert.equal(audit.findings()[0]!.reasons, ['uncovered-prefix']);
});

tracking('a BCAST prefix that is not UTF-8 covers the keys that start with its bytes, and no others', () => {
  // As MONITOR prints bytes 0x00 and 0xff: `\x00\xff`. Decoded as lossy UTF-8 both keys read `bin\0\ufffd:`.
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'bin\\x00\\xff:') +
      line(A, 'SMEMBERS', 'bin\\x00\\xff:s') +
      line(A, 'SMEMBERS', 'bin\\x00\\xfe:s') +
      line(A, 'GET', 'bin\\x00\\xfe:k') +
      line(A, 'GET', 'bin\\x00\\xff:k'),
  );
  assert.equal(shapes(audit).sort(), [
    'read GET [bcast PREFIX bin\\x00\\xff:] 1',
    'read SMEMBERS [bcast PREFIX bin\\x00\\xff:] 1',
  ]);
  assert.ok(audit.findings().every((f) => f.reasons.join() === 'uncovered-prefix'));
});

tracking('REDIRECT and NOLOOP still mean tracking in default mode', () => {
  const audit = run(line(A, 'CLIENT', 'TRACKING', 'on', 'REDIRECT', '7', 'NOLOOP') + line(A, 'RANDOMKEY'));
  assert.equal(shapes(audit), ['read RANDOMKEY [default] 1']);
});

tracking('a CLIENT TRACKING the server rejects (PREFIX without BCAST) changes nothing', () => {
  const audit = run(line(A, 'CLIENT', 'TRACKING', 'on', 'PREFIX', 'user:') + line(A, 'KEYS', '*'));
  assert.equal(audit.findings(), []);
});

tracking('lua lines count for the client whose EVAL ran them', () => {
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on') +
      line(A, 'EVAL', "return redis.call('KEYS', 'user:*')", '0') +
      line('lua', 'KEYS', 'user:*') +
      line(B, 'EVAL', "return redis.call('KEYS', 'user:*')", '0') +
      line('lua', 'KEYS', 'user:*'),
  );
  const keys = audit.findings().find((f) => f.shape === 'KEYS')!;
  assert.is(keys.count, 1);
  assert.equal(topClients(keys, 5), [{ address: A, count: 1 }]);
  assert.is(audit.totals.luaCommands, 2);
});

tracking('a new connection on a tracking address (HELLO) does not track', () => {
  const audit = run(
    line(A, 'CLIENT', 'TRACKING', 'on') + line(A, 'TTL', 'k') + line(A, 'HELLO', '3') + line(A, 'TTL', 'k'),
  );
  assert.equal(shapes(audit), ['read TTL [default] 1']);
  assert.is(audit.totals.addressReuses, 1);
});

tracking('a command name in any case, IPv6 and unix-socket clients', () => {
  const v6 = '[::1]:6379';
  const unix = 'unix:/run/valkey.sock';
  const audit = run(
    line(v6, 'client', 'tracking', 'ON') +
      line(v6, 'keys', '*') +
      line(unix, 'CLIENT', 'TRACKING', 'on') +
      line(unix, 'Keys', '*'),
  );
  assert.equal(shapes(audit), ['read KEYS [default] 2']);
  assert.equal(
    topClients(audit.findings()[0]!, 5).map((c) => c.address),
    [v6, unix].sort(),
  );
});

const assumed = suite('MONITOR audit: clients that tracked before the capture');

assumed('--tracking-clients names an address and its mode', () => {
  const options = { assumed: parseTrackingClients(`${A}=bcast/user:`) };
  const audit = run(line(A, 'KEYS', '*') + line(A, 'KEYS', 'user:*') + line(B, 'KEYS', '*'), options);
  assert.equal(shapes(audit), ['read KEYS [bcast PREFIX user:] 1']);
});

assumed('* assumes every client tracks, until it turns tracking off', () => {
  const audit = run(
    line(A, 'TTL', 'k') + line(B, 'TTL', 'k') + line(B, 'CLIENT', 'TRACKING', 'off') + line(B, 'TTL', 'k'),
    { assumed: parseTrackingClients('*') },
  );
  assert.equal(shapes(audit), ['read TTL [default] 2']);
});

assumed('the option rejects unknown modes and prefixes without BCAST', () => {
  assert.throws(() => parseTrackingClients('1.2.3.4:5=fast'), /mode "fast"/);
  assert.throws(() => parseTrackingClients('1.2.3.4:5=optin/user:'), /prefixes need mode bcast/);
  assert.equal(parseTrackingClients('[::1]:6379,1.2.3.4:5=optin'), [
    { address: '[::1]:6379', mode: 'default', prefixes: [] },
    { address: '1.2.3.4:5', mode: 'optin', prefixes: [] },
  ]);
});

const writes = suite('MONITOR audit: silent writes');

const bundledSilent = commands().find((c) => c.silentWrite && !c.name.includes('|'));
const silentName = bundledSilent?.name ?? 'persist';
const overrides = bundledSilent
  ? undefined
  : new Map([[silentName, { category: 'none' as const, reasons: ['write', 'silent-write'] }]]);

writes(`${silentName.toUpperCase()} is reported while a client tracks, whoever runs it`, () => {
  const log =
    line(B, silentName.toUpperCase(), 'k') + line(A, 'CLIENT', 'TRACKING', 'on') + line(B, silentName, 'k');
  const audit = run(log, overrides ? { overrides } : {});
  const found = audit.findings().filter((f) => f.kind === 'silent-write');
  assert.is(found.length, 1);
  assert.is(found[0]!.count, 1);
  assert.equal(topClients(found[0]!, 5), [{ address: B, count: 1 }]);
  assert.equal(found[0]!.reasons, ['silent-write']);
});

writes('a category map can mark a write silent that the bundled data does not', () => {
  const audit = run(line(A, 'CLIENT', 'TRACKING', 'on') + line(B, 'SET', 'k', 'v'), {
    overrides: new Map([['set', { category: 'none' as const, reasons: ['write', 'silent-write'] }]]),
  });
  assert.equal(shapes(audit), ['silent-write SET [] 1']);
});

const input = suite('MONITOR audit: any chunking, bad input');

input('gives the same result whatever the chunk boundaries', () => {
  const log = readFileSync(new URL('../../../fixtures/monitor/valkey-8.0.1.log', import.meta.url));
  const whole = run(log);
  for (const size of [1, 7, 64]) {
    const audit = new MonitorAudit();
    for (let i = 0; i < log.length; i += size) audit.write(log.subarray(i, i + size));
    audit.end();
    assert.equal(shapes(audit), shapes(whole), `chunks of ${size}`);
    assert.equal(audit.totals, whole.totals);
  }
});

input('CRLF line ends read like LF', () => {
  const lf = line(A, 'CLIENT', 'TRACKING', 'on') + line(A, 'KEYS', '*');
  const crlf = run(lf.replace(/\n/g, '\r\n'));
  assert.equal(shapes(crlf), ['read KEYS [default] 1']);
  assert.is(crlf.totals.malformed, 0);
});

input('a capture an editor saved: a byte order mark, CRLF, no line end after the last line', () => {
  const text = line(A, 'CLIENT', 'TRACKING', 'on') + 'OK\n' + line(A, 'KEYS', '*') + line(A, 'TTL', 'k');
  const saved = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(text.replace(/\n/g, '\r\n').replace(/\r\n$/, ''), 'latin1'),
  ]);
  // In one chunk, and cut so that the last line is held over from a chunk that also holds the mark.
  for (const chunks of [[saved], [saved.subarray(0, saved.length - 10), saved.subarray(saved.length - 10)]]) {
    const audit = new MonitorAudit();
    for (const chunk of chunks) audit.write(chunk);
    audit.end();
    assert.equal(shapes(audit), ['read KEYS [default] 1', 'read TTL [default] 1']);
    assert.is(audit.totals.malformed, 0);
    assert.is(audit.totals.commands, 3);
  }
  // A mark before MONITOR's own reply, as a pasted capture begins.
  assert.is(
    run(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('OK\n' + line(A, 'GET', 'k'))])).totals
      .malformed,
    0,
  );
});

input(
  'a last line without a line end, held over from a chunk with bytes over 0x7e in another line, is read',
  () => {
    const keys = line(A, 'KEYS', '*');
    const audit = new MonitorAudit();
    audit.write(Buffer.from(line(A, 'CLIENT', 'TRACKING', 'on') + 'caf\xe9\n' + keys.slice(0, 20), 'latin1'));
    audit.write(Buffer.from(keys.slice(20, -1), 'latin1'));
    audit.end();
    assert.equal(shapes(audit), ['read KEYS [default] 1']);
    assert.is(audit.totals.malformed, 1);
  },
);

input('truncated lines, unbalanced quotes, invalid UTF-8 and raw binary are counted and skipped', () => {
  const good = line(A, 'CLIENT', 'TRACKING', 'on') + line(A, 'KEYS', '*');
  const log = Buffer.concat([
    Buffer.from(good),
    Buffer.from('1700000000.123456 [0 10.0.0.1:5001] "KEYS" "us\n'),
    Buffer.from('1700000000.123456 [0 10.0.0.1:5001] "KEYS" us*"\n'),
    Buffer.from('1700000000.123456 [0 10.0.0.1:5001] "KEYS" "\xc3\x28"\n', 'latin1'),
    Buffer.from([0, 1, 2, 0xff, 0xfe, 10]),
    Buffer.from(line(A, 'KEYS', 'x*')),
    Buffer.from('1700000000.123456 [0 10.0.0.1:50'),
  ]);
  const audit = run(log);
  assert.equal(shapes(audit), ['read KEYS [default] 2']);
  assert.is(audit.totals.malformed, 5);
  assert.is(audit.totals.commands, 3);
  assert.is(audit.skipped[0]!.line, 3);
});

input(
  'lines of clients that do not track are checked too: truncated or unbalanced ones are malformed',
  () => {
    const log =
      line(B, 'GET', 'k') +
      '1700000000.123456 [0 10.0.0.2:5002] "GET" "us\n' +
      '1700000000.123456 [0 10.0.0.2:5002] "GET" us*"\n' +
      '1700000000.123456 [0 10.0.0.2:5002] "GET"\n';
    const audit = run(log);
    assert.is(audit.totals.commands, 2);
    assert.is(audit.totals.malformed, 2);
  },
);

input('a 10 MB line is read like any other', () => {
  const big = 'x'.repeat(10 * 1024 * 1024);
  const log = line(A, 'CLIENT', 'TRACKING', 'on') + line(A, 'SET', 'k', big) + line(A, 'KEYS', '*');
  const audit = new MonitorAudit();
  const buf = Buffer.from(log);
  for (let i = 0; i < buf.length; i += 1 << 20) audit.write(buf.subarray(i, i + (1 << 20)));
  audit.end();
  assert.is(audit.totals.commands, 3);
  assert.equal(shapes(audit), ['read KEYS [default] 1']);
});

input('a line longer than the limit is skipped and counted, and the next line still reads', () => {
  const log =
    line(A, 'CLIENT', 'TRACKING', 'on') + line(A, 'SET', 'k', 'y'.repeat(5000)) + line(A, 'KEYS', '*');
  const audit = new MonitorAudit({ maxLineBytes: 1000 });
  const buf = Buffer.from(log);
  for (let i = 0; i < buf.length; i += 100) audit.write(buf.subarray(i, i + 100));
  audit.end();
  assert.is(audit.totals.tooLong, 1);
  assert.is(audit.totals.commands, 2);
  assert.equal(shapes(audit), ['read KEYS [default] 1']);
});

input('an empty log has no lines and no findings', () => {
  const audit = run('');
  assert.is(audit.totals.lines, 0);
  assert.equal(audit.findings(), []);
});

input('a file that is not a MONITOR log: every line malformed, nothing found', () => {
  const audit = run('# Valkey configuration\nport 6379\nbind 127.0.0.1\n');
  assert.is(audit.totals.commands, 0);
  assert.is(audit.totals.malformed, 3);
});

tracking.run();
assumed.run();
writes.run();
input.run();
