import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// The built code: a worker thread starts in milliseconds from JavaScript, in a second through tsx.
import { jobsFor } from '../dist/monitor/jobs-for.js';
import { MonitorAudit, type MonitorAuditOptions } from '../dist/monitor/monitor-audit.js';
import { monitorReport } from '../dist/monitor/monitor-report.js';
import { auditInParallel } from '../dist/monitor/parallel-audit.js';
import { parseTrackingClients } from '../dist/monitor/tracking-clients-option.js';
import { randomControl, randomRead, randomSource, repr, type Random } from './random-monitor-log.js';

const firstSeed = Number(process.env.VT_FUZZ_SEED ?? Date.now() % 2 ** 31) || 1;
const LOGS = 8;

interface Session {
  text: string;
  /**
   * Byte offsets of lines that come inside a MULTI, after a CLIENT CACHING, inside a script's lua lines, or
   * after a write that gave hash fields TTLs.
   */
  inside: { multi: number[]; caching: number[]; script: number[]; fieldTtl: number[] };
}

/**
 * A log of clients that each follow a plan of their own, interleaved: transactions (MULTI ... EXEC with
 * other clients' lines between), OPTIN/OPTOUT reads after CLIENT CACHING, scripts with their lua lines,
 * tracking turned on, off and reset, new connections (HELLO), QUIT, silent writes, and a malformed line
 * now and then. It remembers where a range boundary would fall inside each kind of span.
 */
function sessions(r: Random, lines: number): Session {
  const clients = [
    '10.0.0.1:5001',
    '10.0.0.2:5002',
    '[::1]:6000',
    'unix:/tmp/v.sock',
    '10.0.0.3:5003',
    '10.0.0.4:5004',
  ];
  const plans = new Map<string, string[][]>(clients.map((c) => [c, []]));
  const out: string[] = [];
  const inside: Session['inside'] = { multi: [], caching: [], script: [], fieldTtl: [] };
  let bytes = 0;
  let micros = 0;
  const emit = (address: string, argv: string[], db = 0) => {
    micros += 1 + r.int(300_000);
    const ts = `${1700000000 + Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
    const text = `${ts} [${db} ${address}] ${argv.map((a) => repr(Buffer.from(a, 'utf8'))).join(' ')}\n`;
    out.push(text);
    bytes += text.length;
  };
  while (out.length < lines) {
    const client = r.pick(clients);
    const plan = plans.get(client)!;
    if (plan.length === 0) {
      const kind = r.int(9);
      if (kind === 0)
        plan.push(['MULTI'], ...Array.from({ length: 1 + r.int(4) }, () => randomRead(r)), [
          r.pick(['EXEC', 'DISCARD']),
        ]);
      else if (kind === 1) plan.push(['CLIENT', 'CACHING', r.pick(['yes', 'no'])], randomRead(r));
      else if (kind === 2) plan.push(['EVAL', 'return 1', r.pick(['0', '1']), 'user:1']);
      else if (kind === 3) plan.push(randomControl(r));
      else if (kind === 4)
        plan.push(
          r.pick([
            ['XACK', 's', 'g', '1-0'],
            ['SWAPDB', '0', '1'],
            ['SET', 'k', 'v'],
          ]),
        );
      else plan.push(randomRead(r));
    }
    const argv = plan.shift()!;
    emit(client, argv, argv[0] === 'HELLO' ? r.pick([0, 1]) : 0);
    if (argv[0] === 'MULTI') inside.multi.push(bytes);
    if (/^(HP?EXPIRE(AT)?|HSETEX|HGETEX)$/i.test(argv[0]!)) inside.fieldTtl.push(bytes);
    if (argv[1] === 'CACHING') inside.caching.push(bytes);
    if (argv[0] === 'EVAL') {
      const runs = 1 + r.int(3);
      for (let i = 0; i < runs; i++) {
        inside.script.push(bytes);
        emit('lua', randomRead(r));
      }
    }
    if (r.random() < 0.01) {
      out.push('1700000000.1 [0 broken\n');
      bytes += 23;
    }
  }
  return { text: out.join(''), inside };
}

function options(r: Random): MonitorAuditOptions {
  const pick = r.int(4);
  if (pick === 0) return { assumed: parseTrackingClients('10.0.0.1:5001=optin,[::1]:6000=bcast/user:') };
  if (pick === 1) return { assumed: parseTrackingClients('*') };
  return {};
}

const workers = suite(`MONITOR audit in worker threads (seed ${firstSeed}, VT_FUZZ_SEED to replay)`);

workers(
  'reports the same, byte for byte, as one thread, with ranges cut mid-MULTI, mid-CLIENT CACHING, mid-script, after hash field TTLs, and the last one taken over mid-span',
  async () => {
    const r = randomSource(firstSeed);
    const dir = mkdtempSync(join(tmpdir(), 'vt-workers-'));
    let taken = 0;
    let takenOver = 0;
    let redone = 0;
    const cuts = { multi: 0, caching: 0, script: 0, fieldTtl: 0 };
    let fieldTtlRedos = 0;
    try {
      for (let round = 0; round < LOGS; round++) {
        const log = sessions(r, 300 + r.int(400));
        const path = join(dir, `log-${round}.log`);
        writeFileSync(path, log.text, 'latin1');
        const opts = options(r);
        const context = { inputs: [path], version: 'test', bytes: log.text.length };
        const one = new MonitorAudit(opts);
        one.write(Buffer.from(log.text, 'latin1'));
        one.end();
        const expected = JSON.stringify(monitorReport(one, context));
        // Cut once inside each kind of span, and at random places.
        const boundaries = [
          r.pick(log.inside.multi),
          r.pick(log.inside.caching),
          r.pick(log.inside.script),
          r.pick(log.inside.fieldTtl),
          r.int(log.text.length),
        ]
          .filter((b) => b !== undefined && b > 0 && b < log.text.length)
          .sort((a, b) => a - b);
        for (const [kind, list] of Object.entries(log.inside))
          if (list.some((b) => boundaries.includes(b))) cuts[kind as 'multi']++;
        // The main thread, done with its range, takes over the end of the last one: cut inside a span too.
        const last = boundaries[boundaries.length - 1] ?? 0;
        const later = Object.values(log.inside)
          .flat()
          .filter((b) => b > last);
        const takeOverAts = [undefined, later.length > 0 ? r.pick(later) : undefined];
        // Short warm-ups make most guesses on these logs wrong (the range is redone, as it must be); every other
        // round the taken-over range warms up on everything before it, so that its guess holds and it is taken.
        const warmUps = takeOverAts.map((at) =>
          at !== undefined && round % 2 === 0 ? 1e6 : r.pick([0, 300, 3000, 1e6]),
        );
        for (const [warmUpBytes, takeOverAt] of takeOverAts.map((at, k) => [warmUps[k]!, at] as const)) {
          const parallel = await auditInParallel(
            path,
            log.text.length,
            boundaries.length + 1,
            opts,
            undefined,
            {
              boundaries,
              warmUpBytes,
              ...(takeOverAt !== undefined ? { takeOverAt } : {}),
            },
          );
          if (parallel.takenOver) takenOver++;
          taken += parallel.workerRanges;
          redone += parallel.redone.length;
          fieldTtlRedos += parallel.redone.filter((why) => /field TTL/.test(why)).length;
          const got = JSON.stringify(monitorReport(parallel.audit, context));
          if (got !== expected) {
            const a = JSON.parse(expected);
            const b = JSON.parse(got);
            const first = Object.keys(a).find((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
            const detail =
              first === 'findings'
                ? JSON.stringify([
                    a.findings.map(
                      (f: { shape: string; mode: string; count: number }) =>
                        `${f.shape} [${f.mode}] ${f.count}`,
                    ),
                    b.findings.map(
                      (f: { shape: string; mode: string; count: number }) =>
                        `${f.shape} [${f.mode}] ${f.count}`,
                    ),
                  ])
                : `${JSON.stringify(a[first!])}\n${JSON.stringify(b[first!])}`;
            writeFileSync(join(tmpdir(), 'vt-workers-failed.log'), log.text, 'latin1');
            assert.unreachable(
              `round ${round}, warm-up ${warmUpBytes}, boundaries ${boundaries}, taken over at ${takeOverAt}: ${first} differ:\n${detail}`,
            );
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Both paths ran: ranges whose assumptions held were taken as the workers left them, the others redone.
    assert.ok(taken > 0, 'no worker range was taken');
    assert.ok(takenOver > 0, 'the main thread never took over the end of a range');
    assert.ok(redone > 0, 'no worker range was redone');
    assert.ok(
      cuts.multi > 0 && cuts.caching > 0 && cuts.script > 0 && cuts.fieldTtl > 0,
      JSON.stringify(cuts),
    );
    // A guess of the keys with field TTLs (no DEL or SET looked for) was wrong where it mattered, and redone.
    assert.ok(fieldTtlRedos > 0, 'no range was redone for hash field TTLs');
  },
);

workers(
  'a client that QUITs in a later range, after RESET, under --tracking-clients *: its mode as one thread says',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-quit-'));
    try {
      const at = (s: number) => `1700000000.${String(s).padStart(6, '0')}`;
      const lines = [
        `${at(1)} [0 10.0.0.4:5004] "CLIENT" "CACHING" "no"`,
        `${at(2)} [0 10.0.0.4:5004] "TTL" "k"`,
        `${at(3)} [0 10.0.0.4:5004] "RESET"`,
        `${at(4)} [0 10.0.0.5:5005] "GET" "a"`,
      ];
      const first = lines.join('\n') + '\n';
      const text = `${first}${at(5)} [0 10.0.0.4:5004] "QUIT"\n${at(6)} [0 10.0.0.5:5005] "TTL" "b"\n`;
      const path = join(dir, 'quit.log');
      writeFileSync(path, text);
      const opts = { assumed: parseTrackingClients('*') };
      const context = { inputs: [path], version: 'test', bytes: text.length };
      const one = new MonitorAudit(opts);
      one.write(Buffer.from(text));
      one.end();
      const parallel = await auditInParallel(path, text.length, 2, opts, undefined, {
        boundaries: [first.length],
        warmUpBytes: 0,
      });
      const clients = (audit: MonitorAudit) => monitorReport(audit, context).clients;
      assert.equal(clients(parallel.audit), clients(one));
      assert.ok(clients(one)!.some((c) => c.address === '10.0.0.4:5004' && c.mode === 'default'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

workers('--jobs auto: one thread for small files, stdin and gzip; explicit --jobs splits any file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-jobs-'));
  try {
    writeFileSync(join(dir, 'small.log'), '1.000001 [0 1.1.1.1:1] "GET" "k"\n');
    writeFileSync(join(dir, 'gz.log'), Buffer.from([0x1f, 0x8b, 8, 0]));
    assert.is(jobsFor(join(dir, 'small.log')).jobs, 1);
    assert.is(jobsFor(join(dir, 'small.log'), 3).jobs, 3);
    assert.is(jobsFor(join(dir, 'gz.log'), 3).jobs, 1);
    assert.is(jobsFor('-', 3).jobs, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

workers.run();
