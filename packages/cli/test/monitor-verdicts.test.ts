import { categorize, fieldTtlEffects, lookup, type CategorizeOptions } from '@valkey-track/rules-data';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  applyClientTracking,
  CACHING_NO,
  CACHING_NONE,
  CACHING_YES,
  cachesNextRead,
  ModeRegistry,
  type ClientState,
} from '../src/monitor/client-state.js';
import { MonitorAudit } from '../src/monitor/monitor-audit.js';
import { logText, permute, randomLog, randomSource } from './random-monitor-log.js';

/** Each property runs for this long, so the suite stays fast on a 2-core CI machine. */
const BUDGET_MS = 2500;
const firstSeed = Number(process.env.VT_FUZZ_SEED ?? Date.now() % 2 ** 31) || 1;

/** Reads found, per (command, mode, category, reasons): how many and from which clients. */
type Summary = Map<string, { count: number; clients: Map<string, number> }>;

interface Outcome {
  reads: Summary;
  unknown: Map<string, number>;
  tracked: number;
}

const NOT_A_READ = ['write', 'admin', 'pubsub'];

function add(summary: Summary, key: string, client: string, n = 1): void {
  const entry = summary.get(key) ?? { count: 0, clients: new Map() };
  entry.count += n;
  entry.clients.set(client, (entry.clients.get(client) ?? 0) + n);
  summary.set(key, entry);
}

function unescape(arg: string): string {
  const bytes: number[] = [];
  const simple: Record<string, number> = { '\\': 0x5c, '"': 0x22, n: 10, r: 13, t: 9, a: 7, b: 8 };
  for (let i = 0; i < arg.length; i++) {
    if (arg[i] !== '\\') bytes.push(arg.charCodeAt(i));
    else if (arg[i + 1] === 'x') {
      bytes.push(parseInt(arg.slice(i + 2, i + 4), 16));
      i += 3;
    } else bytes.push(simple[arg[++i]!]!);
  }
  return Buffer.from(bytes).toString('utf8');
}

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The server versions a round answers for: `--server`, with and without a version, or none. */
const SCOPES: Pick<CategorizeOptions, 'server' | 'version'>[] = [
  {},
  {},
  { server: 'valkey', version: '9.1' },
  { server: 'valkey', version: '8.0' },
  { server: 'redis', version: '7.0' },
  { server: 'redis' },
];

/**
 * The specification: every line parsed on its own with regular expressions, every read of a tracking
 * client classified with `categorize` itself, no cache. Client state follows the same transitions as the
 * audit (CLIENT TRACKING per client-state.ts; CACHING, MULTI/EXEC, RESET, HELLO in db 0, QUIT). The keys
 * whose hash fields have TTLs follow `fieldTtlEffects` on every line of every client, scripts included.
 */
function oracle(log: string, scope: Pick<CategorizeOptions, 'server' | 'version'> = {}): Outcome {
  const modes = new ModeRegistry();
  const states = new Map<string, ClientState>();
  const fresh = (address: string): ClientState => ({
    bytes: Buffer.from(address, 'latin1'),
    length: address.length,
    text: address,
    hash: 0,
    tracking: false,
    mode: 'default',
    prefixes: [],
    noloop: false,
    redirect: undefined,
    modeId: modes.id('default', []),
    caching: CACHING_NONE,
    inMulti: false,
    assumed: false,
    lastTouch: 0,
    touchMark: 0,
    stats: undefined,
  });
  const out: Outcome = { reads: new Map(), unknown: new Map(), tracked: 0 };
  const fieldTtls = new Set<string>();
  const moveFieldTtls = (argv: string[]) => {
    const effects = fieldTtlEffects(argv);
    if (effects.flushes) fieldTtls.clear();
    for (const k of effects.clears) fieldTtls.delete(k);
    for (const c of effects.carries) {
      if (fieldTtls.has(c.from)) fieldTtls.add(c.to);
      else if (c.replaces) fieldTtls.delete(c.to);
      if (c.moves) fieldTtls.delete(c.from);
    }
    for (const k of effects.sets) fieldTtls.add(k);
  };
  let caller: { address: string; tracked: boolean; mode: string; prefixes: string[] } | undefined;
  const classify = (argv: string[], mode: string, prefixes: string[], client: string) => {
    out.tracked++;
    const r = categorize(argv, {
      ...scope,
      mode: mode as 'default',
      prefixes,
      hashFieldTtl: (key) => fieldTtls.has(key),
    });
    if (r.category === 'unknown') {
      let name = asciiLower(argv[0] ?? '');
      if (lookup(name)?.subcommands.length && argv[1] !== undefined) name += `|${asciiLower(argv[1])}`;
      out.unknown.set(name, (out.unknown.get(name) ?? 0) + 1);
    } else if (
      (r.category === 'partial' || r.category === 'none') &&
      !r.reasons.some((x) => NOT_A_READ.includes(x))
    ) {
      const described =
        prefixes.length > 0 ? `${mode} ${prefixes.map((p) => `PREFIX ${p}`).join(' ')}` : mode;
      add(out.reads, [r.command, described, r.category, r.reasons.join(',')].join('|'), client);
    }
  };
  for (const text of log.split('\n')) {
    const m = /^\d+\.\d+ \[(\d+) (\[[^\]]+\]:\d+|[^\]]+)\] (.*)$/.exec(text);
    if (!m) continue;
    const argv = [...m[3]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((a) => unescape(a[1]!));
    const address = m[2]!;
    if (address === 'lua') {
      if (caller?.tracked) classify(argv, caller.mode, caller.prefixes, caller.address);
      moveFieldTtls(argv);
      continue;
    }
    const s = states.get(address) ?? fresh(address);
    states.set(address, s);
    const name = asciiLower(argv[0]!);
    const sub = name === 'client' ? asciiLower(argv[1] ?? '') : '';
    let tracked = cachesNextRead(s);
    const control =
      sub === 'tracking' ||
      sub === 'caching' ||
      ['multi', 'exec', 'discard', 'reset', 'hello', 'quit'].includes(name);
    if (control) {
      if (sub === 'tracking') applyClientTracking(s, argv, modes);
      else if (sub === 'caching' && s.tracking) {
        const v = asciiLower(argv[2] ?? '');
        if (v === 'yes' && s.mode === 'optin') s.caching = CACHING_YES;
        if (v === 'no' && s.mode === 'optout') s.caching = CACHING_NO;
      } else if (name === 'multi') s.inMulti = true;
      else if (name === 'exec' || name === 'discard') s.inMulti = false;
      else if (name === 'reset' || name === 'quit' || (name === 'hello' && s.tracking && m[1] === '0')) {
        states.set(address, fresh(address));
      }
      tracked = sub !== 'caching' && cachesNextRead(states.get(address)!);
    }
    const now = states.get(address)!;
    caller = { address, tracked, mode: now.mode, prefixes: now.prefixes };
    // The server keeps a pending CLIENT CACHING across any CLIENT command (`resetClient`: `prevcmd != clientCommand`).
    if (name !== 'client' && !now.inMulti) now.caching = CACHING_NONE;
    if (tracked) classify(argv, now.mode, now.prefixes, address);
    moveFieldTtls(argv);
  }
  return out;
}

/** The audit's findings, in the same terms. */
function audited(log: string, chunk = 0, scope: Pick<CategorizeOptions, 'server' | 'version'> = {}): Outcome {
  const audit = new MonitorAudit(scope);
  const bytes = Buffer.from(log, 'latin1');
  if (chunk > 0) for (let i = 0; i < bytes.length; i += chunk) audit.write(bytes.subarray(i, i + chunk));
  else audit.write(bytes);
  audit.end();
  const out: Outcome = { reads: new Map(), unknown: new Map(), tracked: audit.totals.trackedCommands };
  for (const g of audit.findings()) {
    if (g.kind === 'unknown') out.unknown.set(g.command, (out.unknown.get(g.command) ?? 0) + g.count);
    if (g.kind !== 'read') continue;
    for (const { key: client, count } of g.clients.top(1e6)) {
      add(out.reads, [g.command, g.mode, g.category, g.reasons.join(',')].join('|'), client, count);
    }
  }
  return out;
}

const plain = (o: Outcome) => ({
  reads: Object.fromEntries(
    [...o.reads]
      .sort()
      .map(([k, v]) => [k, { count: v.count, clients: Object.fromEntries([...v.clients].sort()) }]),
  ),
  unknown: Object.fromEntries([...o.unknown].sort()),
  tracked: o.tracked,
});

const verdicts = suite(
  `MONITOR audit: cached verdicts are categorize's (seed ${firstSeed}, VT_FUZZ_SEED to replay)`,
);

verdicts('random logs: the report equals classifying every line with categorize, in any chunking', () => {
  const r = randomSource(firstSeed);
  const stop = Date.now() + BUDGET_MS;
  let rounds = 0;
  while (Date.now() < stop) {
    const log = logText(randomLog(r, 300));
    const scope = r.pick(SCOPES);
    const expected = plain(oracle(log, scope));
    assert.equal(plain(audited(log, 0, scope)), expected, `round ${rounds} ${JSON.stringify(scope)}`);
    if (rounds % 5 === 0)
      assert.equal(plain(audited(log, 1 + r.int(200), scope)), expected, `round ${rounds}, chunked`);
    rounds++;
  }
  assert.ok(rounds > 0);
});

verdicts('any order of the lines that keeps each client its own order gives the same report', () => {
  const r = randomSource(firstSeed ^ 0x5bd1e995);
  const stop = Date.now() + BUDGET_MS;
  let rounds = 0;
  while (Date.now() < stop) {
    // Without hash field TTLs, which any client's write changes for every client: their order matters.
    const units = randomLog(r, 300, 6, false);
    const expected = plain(audited(logText(units)));
    for (let p = 0; p < 3; p++) {
      assert.equal(plain(audited(logText(permute(r, units)))), expected, `round ${rounds}, permutation ${p}`);
    }
    rounds++;
  }
  assert.ok(rounds > 0);
});

verdicts(
  'the cases that once shared a verdict: SORT_RO GET # and GET pattern, EVALSHA numkeys, in either order',
  () => {
    const lines = [
      '1.000001 [0 1.1.1.1:1] "CLIENT" "TRACKING" "on"',
      '1.000002 [0 1.1.1.1:1] "SORT_RO" "l" "GET" "#"',
      '1.000003 [0 1.1.1.1:1] "SORT_RO" "l" "GET" "bin:*"',
      '1.000004 [0 1.1.1.1:1] "EVALSHA" "abc" "1" "k"',
      '1.000005 [0 1.1.1.1:1] "EVALSHA" "abc" "0" "k"',
    ];
    const forward = `${lines.join('\n')}\n`;
    const backward = `${[lines[0], ...lines.slice(1).reverse()].join('\n')}\n`;
    for (const log of [forward, backward]) {
      const found = plain(audited(log));
      assert.equal(found, plain(oracle(log)));
      assert.equal(Object.keys(found.reads).sort(), [
        'evalsha|default|none|script,undeclared-keys',
        'evalsha|default|partial|tracked-keys,script,undeclared-keys',
        'sort_ro|default|partial|tracked-keys,undeclared-keys',
      ]);
    }
  },
);

verdicts.run();
