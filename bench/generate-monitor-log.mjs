#!/usr/bin/env node
// Writes a realistic MONITOR log of about the given size, as `valkey-cli monitor` prints it:
//   node bench/generate-monitor-log.mjs <out-file> [size, e.g. 1GB, 64MB, 200KB]
// Deterministic (seeded), so every run audits the same bytes. The mix follows what a cache-heavy web app
// sends: mostly GET/SET/HGETALL/MGET, some EXPIRE/INCR/DEL, a few KEYS/SCAN/TTL, EVALSHA with its `lua`
// lines, JSON values with escaped quotes, binary values with \xHH, IPv6 and unix-socket clients, and 24 of
// 400 connections that turn CLIENT TRACKING on (default, OPTIN with CLIENT CACHING yes, BCAST with prefixes).
import { createWriteStream } from 'node:fs';

const [out, sizeText = '1GB'] = process.argv.slice(2);
if (!out) {
  console.error('usage: generate-monitor-log.mjs <out-file> [size]');
  process.exit(2);
}
const units = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 };
const m = /^(\d+(?:\.\d+)?)(B|KB|MB|GB)?$/i.exec(sizeText);
if (!m) {
  console.error(`size must look like 1GB, 64MB or 200KB (got "${sizeText}")`);
  process.exit(2);
}
const target = Number(m[1]) * units[(m[2] ?? 'B').toUpperCase()];

let seed = 0x9e3779b9;
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
  else if (i % 100 === 13) addresses.push('unix:/run/valkey/valkey.sock');
  else addresses.push(`10.0.${i % 16}.${(i * 7) % 250}:${30000 + i * 3}`);
}
const tracking = [
  ...addresses.slice(0, 16).map((a) => [a, ['CLIENT', 'TRACKING', 'on']]),
  ...addresses.slice(16, 20).map((a) => [a, ['CLIENT', 'TRACKING', 'on', 'OPTIN']]),
  ...addresses
    .slice(20, 24)
    .map((a) => [
      a,
      ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'shop:user:', 'PREFIX', 'shop:session:'],
    ]),
];
const optin = new Set(addresses.slice(16, 20));

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

// [weight, argv builder]
const mix = [
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
const total = mix.reduce((s, [w]) => s + w, 0);
const cumulative = [];
let acc = 0;
for (const [w, f] of mix) cumulative.push([(acc += w) / total, f]);
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
const line = (address, argv) => `${stamp()} [0 ${address}] ${argv.map((a) => quote(a)).join(' ')}\n`;

const stream = createWriteStream(out, { highWaterMark: 4 << 20 });
let written = 0;
let buffer = 'OK\n';
for (const [address, argv] of tracking) buffer += line(address, argv);
const flush = () =>
  new Promise((resolve) => {
    written += Buffer.byteLength(buffer);
    const ok = stream.write(buffer);
    buffer = '';
    if (ok) resolve();
    else stream.once('drain', resolve);
  });

while (written < target) {
  for (let i = 0; i < 2000; i++) {
    const address = pick(addresses);
    const argv = command();
    if (optin.has(address) && random() < 0.5) buffer += line(address, ['CLIENT', 'CACHING', 'yes']);
    buffer += line(address, argv);
    if (argv[0] === 'EVALSHA') {
      buffer += line('lua', ['get', argv[3]]);
      buffer += line('lua', ['ttl', argv[3]]);
    }
  }
  await flush();
}
stream.end();
await new Promise((resolve) => stream.on('finish', resolve));
console.error(`wrote ${(written / 1e6).toFixed(0)} MB to ${out}`);
