#!/usr/bin/env node
// Writes a realistic MONITOR log of about the given size, as `valkey-cli monitor` prints it:
//   node bench/generate-monitor-log.mjs <out-file> [size, e.g. 1GB, 64MB, 200KB] [--mix NAME]
// Deterministic (seeded per mix), so every run audits the same bytes. The traffic follows what a
// cache-heavy web app sends: mostly GET/SET/HGETALL/MGET, some EXPIRE/INCR/DEL, a few KEYS/SCAN/TTL,
// EVALSHA with its `lua` lines, JSON values with escaped quotes, binary values with \xHH, IPv6 and
// unix-socket clients, over 400 connections. The mixes differ in how many of them track, and how:
//
//   untracked    no client tracks (0 % of commands from tracking clients)
//   tracked-6    24 of 400 track: default, OPTIN with CLIENT CACHING yes, BCAST with prefixes (about 6 %)
//   tracked-25   100 of 400 track in the default mode (25 %)
//   default-100  every client tracks in the default mode, as node-redis 5's client-side cache does
//   mixed-100    every client tracks: default, OPTIN (CACHING yes before half the reads), OPTOUT
//                (CACHING no before some), BCAST with two prefixes
//   bcast-100    every client tracks with BCAST and prefixes; hashes with many field names, MGETs
//   findings     every client tracks in the default mode, and half the commands are reads tracking
//                does not cover (KEYS, SCAN MATCH, TTL, SRANDMEMBER, OBJECT IDLETIME, SORT_RO, scripts)
//                or silent writes (XACK, XREADGROUP)
//   churn        a million short tracking connections (HELLO 3, CLIENT TRACKING ON, two reads each):
//                client state the audit cannot keep whole
//   long-line    tracked-6 traffic around one 50 MB SET from a tracking client
import { createWriteStream } from 'node:fs';
import { MEMORY_MIXES, MIXES } from './mixes.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const mixName = flag('mix', 'tracked-6');
const [out, sizeText = '1GB'] = args;
if (!out) {
  console.error('usage: generate-monitor-log.mjs <out-file> [size] [--mix NAME]');
  process.exit(2);
}
const units = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 };
const m = /^(\d+(?:\.\d+)?)(B|KB|MB|GB)?$/i.exec(sizeText);
if (!m) {
  console.error(`size must look like 1GB, 64MB or 200KB (got "${sizeText}")`);
  process.exit(2);
}
const target = Number(m[1]) * units[(m[2] ?? 'B').toUpperCase()];

const names = [...MIXES, ...MEMORY_MIXES].map((x) => x.name);
if (!names.includes(mixName)) {
  console.error(`--mix must be one of ${names.join(', ')} (got "${mixName}")`);
  process.exit(2);
}

let seed = 0x9e3779b9 ^ [...mixName].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 0);
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (n) => Math.floor(random() * n);

const addresses = [];
for (let i = 0; i < 400; i++) {
  if (i % 50 === 7) addresses.push(`[::1]:${40000 + i}`);
  else if (i % 100 === 13) addresses.push(`unix:/run/valkey/valkey.sock`);
  else addresses.push(`10.0.${i % 16}.${(i * 7) % 250}:${30000 + i * 3}`);
}
// The unix socket is one address for all its connections; let it track only where everyone does.
const tcp = addresses.filter((a) => !a.startsWith('unix:'));
const PREFIXES = ['PREFIX', 'shop:user:', 'PREFIX', 'shop:session:'];

/** Per mix: which connections track, and how. */
function trackingPlan() {
  const on = (a, ...options) => [a, ['CLIENT', 'TRACKING', 'on', ...options]];
  switch (mixName) {
    case 'untracked':
      return [];
    case 'tracked-6':
    case 'long-line':
      return [
        ...tcp.slice(0, 16).map((a) => on(a)),
        ...tcp.slice(16, 20).map((a) => on(a, 'OPTIN')),
        ...tcp.slice(20, 24).map((a) => on(a, 'BCAST', ...PREFIXES)),
      ];
    case 'tracked-25':
      return addresses.slice(0, 100).map((a) => on(a));
    case 'default-100':
    case 'findings':
      return addresses.map((a) => on(a));
    case 'mixed-100':
      return addresses.map((a, i) =>
        i % 10 < 4
          ? on(a)
          : i % 10 < 6
            ? on(a, 'OPTIN')
            : i % 10 < 7
              ? on(a, 'OPTOUT')
              : on(a, 'BCAST', ...PREFIXES),
      );
    case 'bcast-100':
      return addresses.map((a) => on(a, 'BCAST', ...PREFIXES));
    default:
      return [];
  }
}
const tracking = trackingPlan();
const modeOf = new Map(tracking.map(([a, argv]) => [a, argv[3] ?? 'default']));

const quote = (s) => `"${s}"`;
const hex = (n) => Array.from({ length: n }, () => int(16).toString(16)).join('');
// Namespaced keys, as applications write them.
const key = () => {
  const r = random();
  if (r < 0.35) return `shop:user:${int(500000)}:profile`;
  if (r < 0.55) return `shop:session:${hex(24)}`;
  if (r < 0.75) return `shop:product:${int(80000)}`;
  if (r < 0.9) return `shop:cart:${int(500000)}`;
  return `shop:feed:${int(20000)}:page:${int(10)}`;
};
const json = () =>
  `{\\"id\\":${int(1e6)},\\"name\\":\\"${pick(['Ada Lovelace', 'Grace Hopper', 'Linus Torvalds', 'Barbara Liskov'])}\\",\\"email\\":\\"user${int(1e6)}@example.com\\",\\"tags\\":[\\"new\\",\\"vip\\"],\\"score\\":${(random() * 100).toFixed(2)},\\"updatedAt\\":${1700000000 + int(1e6)}}`;
const binary = () => Array.from({ length: 8 }, () => `\\x${int(256).toString(16).padStart(2, '0')}`).join('');
const field = () =>
  `${pick(['name', 'email', 'seen', 'plan', 'locale', 'avatar', 'cart', 'score'])}_${int(2000)}`;

// [weight, argv builder]
const webApp = [
  [38, () => ['GET', key()]],
  [12, () => ['SET', key(), json(), 'EX', '3600']],
  [8, () => ['HGETALL', key()]],
  [5, () => ['MGET', key(), key(), key(), key()]],
  [5, () => ['EXPIRE', key(), '600']],
  [5, () => ['INCR', `counter:${int(1000)}`]],
  [4, () => ['HSET', key(), 'name', pick(['ada', 'grace']), 'seen', String(int(1e9))]],
  [4, () => ['ZRANGE', `shop:board:${int(50)}`, '0', '9', 'WITHSCORES']],
  [3, () => ['TTL', key()]],
  [3, () => ['DEL', key()]],
  [2, () => ['SET', `shop:thumb:${int(1e5)}`, binary()]],
  [2, () => ['SMEMBERS', `shop:tags:${int(500)}`]],
  [2, () => ['PING']],
  [1, () => ['SCAN', String(int(1e6)), 'MATCH', 'shop:session:*', 'COUNT', '100']],
  [1, () => ['EVALSHA', 'b5e3a4d9f6c1b2a3d4e5f60718293a4b5c6d7e8f', '1', key()]],
  [0.5, () => ['KEYS', pick(['shop:user:*', 'shop:session:*', '*'])]],
  [0.5, () => ['OBJECT', 'IDLETIME', key()]],
  [0.3, () => ['SRANDMEMBER', `shop:tags:${int(500)}`]],
  [0.2, () => ['SORT_RO', `shop:list:${int(100)}`, 'BY', 'shop:weight_*', 'GET', 'shop:obj_*']],
];
// BCAST clients cache hashes field by field: many field names, few of them repeated.
const hashes = [
  [30, () => ['HGET', key(), field()]],
  [15, () => ['HMGET', key(), field(), field(), field()]],
  [12, () => ['GET', key()]],
  [10, () => ['MGET', key(), key(), key(), key(), key(), key()]],
  [10, () => ['HSET', key(), field(), String(int(1e6)), field(), pick(['ada', 'grace', 'linus'])]],
  [8, () => ['HGETALL', key()]],
  [5, () => ['SET', key(), json(), 'EX', '3600']],
  [4, () => ['HEXISTS', key(), field()]],
  [3, () => ['EXISTS', key(), key()]],
  [2, () => ['TTL', key()]],
  [1, () => ['KEYS', pick(['shop:user:*', 'shop:*', '*'])]],
];
// Reads tracking cannot protect, and writes that send no invalidation.
const findings = [
  [14, () => ['GET', key()]],
  [6, () => ['SET', key(), json(), 'EX', '3600']],
  [10, () => ['TTL', key()]],
  [6, () => ['PTTL', key()]],
  [8, () => ['KEYS', pick(['shop:user:*', 'shop:session:*', `shop:cart:${int(500)}*`])]],
  [
    8,
    () => ['SCAN', String(int(1e6)), 'MATCH', `shop:${pick(['user', 'session', 'cart'])}:*`, 'COUNT', '100'],
  ],
  [6, () => ['SRANDMEMBER', `shop:tags:${int(500)}`, String(1 + int(5))]],
  [6, () => ['OBJECT', 'IDLETIME', key()]],
  [5, () => ['SORT_RO', `shop:list:${int(100)}`, 'BY', `shop:weight_*`, 'GET', pick(['#', 'shop:obj_*'])]],
  [5, () => ['EVALSHA', 'b5e3a4d9f6c1b2a3d4e5f60718293a4b5c6d7e8f', pick(['0', '1']), key()]],
  [4, () => ['RANDOMKEY']],
  [4, () => ['DBSIZE']],
  [
    3,
    () => [
      'XREADGROUP',
      'GROUP',
      'workers',
      `w${int(8)}`,
      'COUNT',
      '10',
      'STREAMS',
      `shop:events:${int(4)}`,
      '>',
    ],
  ],
  [3, () => ['XACK', `shop:events:${int(4)}`, 'workers', `${1700000000000 + int(1e6)}-0`]],
  [4, () => ['HGETALL', key()]],
  [4, () => ['MGET', key(), key()]],
];
const table = mixName === 'bcast-100' ? hashes : mixName === 'findings' ? findings : webApp;
const total = table.reduce((s, [w]) => s + w, 0);
const cumulative = [];
let acc = 0;
for (const [w, f] of table) cumulative.push([(acc += w) / total, f]);
const command = () => {
  const r = random();
  for (const [c, f] of cumulative) if (r < c) return f();
  return cumulative[cumulative.length - 1][1]();
};

let seconds = 1700000000;
let micros = 0;
const stamp = () => {
  micros += 1 + int(40);
  if (micros >= 1e6) {
    seconds++;
    micros -= 1e6;
  }
  return `${seconds}.${String(micros).padStart(6, '0')}`;
};
const line = (address, argv, db = 0) =>
  `${stamp()} [${db} ${address}] ${argv.map((a) => quote(a)).join(' ')}\n`;

const stream = createWriteStream(out, { highWaterMark: 4 << 20 });
let written = 0;
let buffer = 'OK\n';
const flush = () =>
  new Promise((resolve) => {
    written += Buffer.byteLength(buffer);
    const ok = stream.write(buffer);
    buffer = '';
    if (ok) resolve();
    else stream.once('drain', resolve);
  });

if (mixName === 'churn') {
  // Short connections: each starts as node-redis 5 does, reads twice, and is never seen again.
  let n = 0;
  while (written < target) {
    for (let i = 0; i < 500; i++, n++) {
      const address = `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}:${40000 + (n % 20000)}`;
      buffer += line(address, ['HELLO', '3']);
      buffer += line(address, ['CLIENT', 'TRACKING', 'ON']);
      buffer += line(address, ['GET', key()]);
      buffer += line(address, ['TTL', key()]);
    }
    await flush();
  }
} else {
  for (const [address, argv] of tracking) buffer += line(address, argv);
  let bigLineAt = mixName === 'long-line' ? target / 2 : Infinity;
  while (written < target) {
    for (let i = 0; i < 2000; i++) {
      const address = pick(addresses);
      const argv = command();
      const mode = modeOf.get(address);
      if (mode === 'OPTIN' && random() < 0.5) buffer += line(address, ['CLIENT', 'CACHING', 'yes']);
      if (mode === 'OPTOUT' && random() < 0.1) buffer += line(address, ['CLIENT', 'CACHING', 'no']);
      buffer += line(address, argv);
      if (argv[0] === 'EVALSHA') {
        const k = argv[3];
        buffer += line('lua', ['get', k]);
        buffer += line('lua', ['ttl', k]);
      }
    }
    if (written + buffer.length >= bigLineAt) {
      // One 50 MB value from a tracking client, written in pieces.
      await flush();
      buffer = `${stamp()} [0 ${tcp[0]}] "SET" "shop:blob:1" "`;
      await flush();
      const piece = 'ab\\"cd\\x00'.repeat(100_000);
      for (let left = 50e6; left > 0; left -= piece.length) {
        buffer = piece;
        await flush();
      }
      buffer = '"\n';
      bigLineAt = Infinity;
    }
    await flush();
  }
}
stream.end();
await new Promise((resolve) => stream.on('finish', resolve));
console.error(`wrote ${(written / 1e6).toFixed(0)} MB (${mixName}) to ${out}`);
