/**
 * Random MONITOR logs for property tests: clients that turn tracking on and off in every mode, and run the
 * invocations whose verdicts depend on what `categorize` reads (tokens in any case, `#` and `NOSORT`,
 * key counts, patterns and keys under BCAST prefixes or not, wrong arities, unknown commands, escapes,
 * non-ASCII), with their scripts' `[0 lua]` lines; and, from any client, the writes that give hash fields
 * TTLs and end them, around hash reads.
 */

/** xorshift32, seeded: the same seed gives the same log. */
export function randomSource(seed: number) {
  let s = seed | 0 || 1;
  const random = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { random, int, pick };
}
export type Random = ReturnType<typeof randomSource>;

/** What `sdscatrepr` (valkey src/sds.c) writes for a byte string. */
export function repr(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x07) out += '\\a';
    else if (b === 0x08) out += '\\b';
    else if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** An argument as MONITOR shows it; now and then a letter written as `\xHH`, which decodes the same. */
function encode(arg: string, r: Random): string {
  const quoted = repr(Buffer.from(arg, 'utf8'));
  if (r.random() > 0.05) return quoted;
  return quoted.replace(/[A-Za-z]/, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
}

const KEYS = [
  'user:1',
  'user:2',
  'user:',
  'session:9',
  'sess',
  'other',
  'usé:1',
  'u"q',
  '',
  'user:*',
  'GET',
  'k',
];
const PATTERNS = [
  'user:*',
  '*',
  'user:[ab]*',
  'us?r:*',
  'user\\*x',
  'session:*',
  'other*',
  'usé*',
  'u',
  '#',
  'nosort',
];
const PREFIX_SETS = [['user:'], ['user:', 'session:'], ['us'], ['usé'], ['other', ''], ['zzz'], ['u"']];
const NUMKEYS = ['0', '1', '2', '3', '02', ' 1', '-1', 'x', '1.0', '', '99'];
const cased = (r: Random, word: string) =>
  r.pick([word, word.toLowerCase(), word[0] + word.slice(1).toLowerCase(), word.replace('S', 'ſ')]);

/** A write that gives hash fields TTLs or ends them, or a hash read whose verdict depends on them. */
function randomFieldTtlLine(r: Random, key: () => string): string[] {
  const fields = (...after: string[]) => [cased(r, 'FIELDS'), '1', 'f', ...after];
  switch (r.int(12)) {
    case 0:
      return [
        cased(r, r.pick(['HEXPIRE', 'HPEXPIRE', 'HEXPIREAT', 'HPEXPIREAT'])),
        key(),
        '100',
        ...(r.random() < 0.3 ? [r.pick(['NX', 'GT'])] : []),
        ...fields(),
      ];
    case 1:
      return [
        'HSETEX',
        key(),
        ...(r.random() < 0.7 ? [cased(r, r.pick(['EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL'])), '10'] : []),
        ...fields('v'),
      ];
    case 2:
      return [
        'HGETEX',
        key(),
        ...(r.random() < 0.7 ? [cased(r, r.pick(['EX', 'PERSIST'])), '10'] : []),
        ...fields(),
      ];
    case 3:
      return [r.pick(['DEL', 'UNLINK']), key(), ...(r.random() < 0.3 ? [key()] : [])];
    case 4:
      return [r.pick(['RENAME', 'RENAMENX']), key(), key()];
    case 5:
      return ['COPY', key(), key(), ...(r.random() < 0.5 ? ['REPLACE'] : [])];
    case 6:
      return ['HPERSIST', key(), ...fields()];
    case 7:
      return r.random() < 0.2 ? ['FLUSHALL'] : ['MSET', key(), 'v', key(), 'w'];
    default:
      return [
        r.pick(['HGETALL', 'HKEYS', 'HVALS', 'HLEN', 'HGET', 'HEXISTS', 'HRANDFIELD', 'HTTL']),
        key(),
        ...(r.random() < 0.5 ? ['f'] : []),
      ];
  }
}

/**
 * One client command whose verdict depends on its arguments, or a plain one; with `fieldTtls`, now and then
 * one that gives or ends hash field TTLs (state shared by every client, so the order between clients matters).
 */
export function randomRead(r: Random, fieldTtls = true): string[] {
  const key = () => r.pick(KEYS);
  const pattern = () => r.pick(PATTERNS);
  switch (r.int(fieldTtls ? 26 : 22)) {
    case 0: {
      const argv = ['SORT_RO', key()];
      for (let n = r.int(4); n > 0; n--)
        argv.push(cased(r, r.pick(['BY', 'GET', 'LIMIT', 'ASC'])), r.pick([...PATTERNS, '0']));
      return argv;
    }
    case 1:
      return [
        'SORT',
        key(),
        ...(r.random() < 0.5 ? [cased(r, 'STORE'), key()] : [cased(r, 'BY'), pattern()]),
      ];
    case 2:
      return [r.pick(['EVAL', 'EVALSHA', 'EVAL_RO', 'FCALL_RO']), 'return 1', r.pick(NUMKEYS), key(), key()];
    case 3:
      return [
        'SCAN',
        '0',
        ...(r.random() < 0.7 ? [cased(r, 'MATCH'), pattern()] : []),
        ...(r.random() < 0.3 ? ['COUNT', '10'] : []),
      ];
    case 4:
      return ['KEYS', pattern()];
    case 5:
      return [
        'XREAD',
        ...(r.random() < 0.3 ? ['COUNT', '2'] : []),
        cased(r, 'STREAMS'),
        key(),
        ...(r.random() < 0.5 ? [key(), '0', '0'] : ['$']),
      ];
    case 6:
      return [
        'XPENDING',
        key(),
        'g',
        ...(r.random() < 0.5 ? [cased(r, 'IDLE'), '10'] : []),
        ...(r.random() < 0.6 ? ['-', '+', '5'] : []),
      ];
    case 7:
      return ['GETEX', key(), ...(r.random() < 0.5 ? [cased(r, r.pick(['EX', 'PERSIST', 'PX'])), '10'] : [])];
    case 8:
      return [
        'BITFIELD',
        key(),
        cased(r, r.pick(['GET', 'SET', 'INCRBY'])),
        'u8',
        '0',
        ...(r.random() < 0.5 ? ['1'] : []),
      ];
    case 9:
      return ['MGET', ...Array.from({ length: 1 + r.int(3) }, key)];
    case 10:
      return [r.pick(['GET', 'TTL', 'PTTL', 'HGETALL', 'SRANDMEMBER', 'STRLEN']), key()];
    case 11:
      return ['OBJECT', cased(r, r.pick(['IDLETIME', 'FREQ', 'ENCODING', 'NOPE'])), key()];
    case 12:
      return [r.pick(['DBSIZE', 'RANDOMKEY', 'PING'])];
    case 13:
      // Wrong arities, which categorize calls unknown.
      return r.pick([['GET'], ['GET', key(), key()], ['TTL'], ['OBJECT'], ['MGET']]);
    case 14:
      return [r.pick(['JSON.GET', 'FT.SEARCH', 'ſcan', '\u212Aeys', 'Get']), key()];
    case 15:
      return ['HGET', key(), r.pick(['f', 'BY', 'MATCH', 'name'])];
    case 16:
      return [
        'GEORADIUS_RO',
        key(),
        '0',
        '0',
        '1',
        'km',
        ...(r.random() < 0.5 ? [cased(r, 'STORE'), key()] : []),
      ];
    case 17:
      return [
        'GEORADIUS',
        key(),
        '0',
        '0',
        '1',
        'km',
        ...(r.random() < 0.5 ? [cased(r, r.pick(['STORE', 'STOREDIST'])), key()] : []),
      ];
    case 18:
      return ['EXISTS', ...Array.from({ length: 1 + r.int(3) }, key)];
    case 19:
      return ['SET', key(), 'v', ...(r.random() < 0.5 ? ['GET'] : [])];
    case 20:
      return ['ZUNION', r.pick(NUMKEYS), key(), key(), ...(r.random() < 0.3 ? ['WITHSCORES'] : [])];
    case 21:
      return ['HMGET', key(), 'f', 'g'];
    default:
      return randomFieldTtlLine(r, key);
  }
}

/** A command that changes a client's tracking state. */
export function randomControl(r: Random): string[] {
  switch (r.int(10)) {
    case 0:
    case 1: {
      const options: string[] = [];
      const mode = r.int(5);
      if (mode === 1) options.push(cased(r, 'OPTIN'));
      if (mode === 2) options.push(cased(r, 'OPTOUT'));
      if (mode >= 3) {
        options.push(cased(r, 'BCAST'));
        if (mode === 4) for (const p of r.pick(PREFIX_SETS)) options.push(cased(r, 'PREFIX'), p);
      }
      if (r.random() < 0.2) options.push('NOLOOP');
      if (r.random() < 0.2) options.push('REDIRECT', '7');
      return ['CLIENT', 'TRACKING', cased(r, 'ON'), ...options];
    }
    case 2:
      return ['CLIENT', 'TRACKING', r.pick(['off', 'OFF'])];
    case 3:
    case 4:
      return ['CLIENT', 'CACHING', r.pick(['yes', 'no', 'YES'])];
    case 5:
      return ['MULTI'];
    case 6:
      return [r.pick(['EXEC', 'DISCARD'])];
    case 7:
      return r.pick([['RESET'], ['HELLO', '3'], ['QUIT']]);
    default:
      return r.pick([
        ['CLIENT', 'SETINFO', 'LIB-NAME', 'x'],
        ['SELECT', '1'],
        ['CLIENT', 'SETNAME', 'a'],
        ['AUTH', 'p'],
      ]);
  }
}

export interface RandomLine {
  /** The client's address, or `lua`. */
  address: string;
  /** The line, without its line end. */
  text: string;
}

/**
 * A random log: each element is one client line followed by the `[0 lua]` lines of its script, if any
 * (a unit a permutation must keep together).
 */
export function randomLog(r: Random, lines: number, clients = 6, fieldTtls = true): RandomLine[][] {
  const addresses = Array.from({ length: clients }, (_, i) =>
    i === 0 ? '[::1]:6000' : i === 1 ? 'unix:/tmp/v.sock' : `10.0.0.${i}:${5000 + i}`,
  );
  let micros = 0;
  const stamp = () => {
    micros += 1 + r.int(400_000);
    return `${1700000000 + Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };
  const line = (address: string, argv: string[], db = 0): RandomLine => ({
    address,
    text: `${stamp()} [${db} ${address}] ${argv.map((a) => encode(a, r)).join(' ')}`,
  });
  const units: RandomLine[][] = [];
  while (units.length < lines) {
    const address = r.pick(addresses);
    const argv = r.random() < 0.25 ? randomControl(r) : randomRead(r, fieldTtls);
    const unit = [line(address, argv, argv[0] === 'HELLO' ? r.pick([0, 0, 1]) : r.int(2))];
    if (/^EVAL/i.test(argv[0]!) || argv[0] === 'FCALL_RO') {
      for (let n = r.int(3); n > 0; n--) unit.push(line('lua', randomRead(r, fieldTtls)));
    }
    units.push(unit);
  }
  return units;
}

/** Shuffles the units, keeping each client's own order (and each script's lua lines after it). */
export function permute(r: Random, units: RandomLine[][]): RandomLine[][] {
  const byClient = new Map<string, RandomLine[][]>();
  for (const u of units) byClient.set(u[0]!.address, [...(byClient.get(u[0]!.address) ?? []), u]);
  const queues = [...byClient.values()];
  const out: RandomLine[][] = [];
  while (queues.some((q) => q.length > 0)) {
    const live = queues.filter((q) => q.length > 0);
    out.push(r.pick(live).shift()!);
  }
  return out;
}

export const logText = (units: RandomLine[][]) => units.flatMap((u) => u.map((l) => `${l.text}\n`)).join('');
