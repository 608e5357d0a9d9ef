/**
 * What the audit must find in each client library's capture (fixtures/monitor/clients, made by the
 * scenarios of integration/client-scenarios.ts), and the connection-start facts its rules rest on.
 * Shared by the unit suite (the checked-in captures) and the integration suite (fresh ones).
 */
import * as assert from 'uvu/assert';
import type { AuditReport } from '../src/report/types.js';

/** Uncovered reads per `SHAPE [mode]`, by scenario: the app's TTL, SRANDMEMBER and OBJECT IDLETIME. */
export const expectedReads: Record<string, Record<string, number>> = {
  // RESP2 clients turn tracking on with REDIRECT on every connection, including the one after a reconnect.
  iovalkey: { 'TTL [default]': 2, 'SRANDMEMBER [default]': 1, 'OBJECT IDLETIME [default]': 1 },
  ioredis: { 'TTL [default]': 2, 'SRANDMEMBER [default]': 1, 'OBJECT IDLETIME [default]': 1 },
  // ioredis 6 created with `protocol: 2`, the only way its subscriber hears the invalidations.
  'ioredis-6': { 'TTL [default]': 2, 'SRANDMEMBER [default]': 1, 'OBJECT IDLETIME [default]': 1 },
  // Its default, RESP3 (HELLO 3 first): the server remembers the same reads, though ioredis drops the pushes.
  'ioredis-6-resp3': { 'TTL [default]': 2, 'SRANDMEMBER [default]': 1, 'OBJECT IDLETIME [default]': 1 },
  'node-redis-4': { 'TTL [default]': 1, 'SRANDMEMBER [default]': 1, 'OBJECT IDLETIME [default]': 1 },
  // Before SELECT 3, after it, and after RESET and the handshake that turns tracking on again.
  'node-redis-5': { 'TTL [default]': 3, 'SRANDMEMBER [default]': 1, 'OBJECT IDLETIME [default]': 1 },
  // OPTIN: the reads sent without `CLIENT CACHING YES` are not remembered; OPTOUT: those after `CLIENT CACHING NO`
  // are not either, but `sendCommand` sends none.
  'node-redis-6.4': { 'OBJECT IDLETIME [optout]': 1 },
  // CLIENT SETINFO after CLIENT TRACKING ON BCAST does not end tracking.
  'valkey-glide': { 'TTL [bcast]': 1, 'SRANDMEMBER [bcast]': 1, 'OBJECT IDLETIME [bcast]': 1 },
  // Nor does AUTH with a rotated password on the live connection.
  'valkey-glide-reauth': { 'TTL [bcast]': 2, 'SRANDMEMBER [bcast]': 1, 'OBJECT IDLETIME [bcast]': 1 },
};

export function assertReads(scenario: string, report: AuditReport): void {
  const reads = Object.fromEntries(
    report.findings
      .filter((f) => f.rule === 'monitor/uncovered-read')
      .map((f) => [`${f.shape} [${f.mode}]`, f.count]),
  );
  assert.equal(reads, expectedReads[scenario], scenario);
  assert.is(report.totals.malformed, 0, scenario);
  assert.ok(!report.notes.some((n) => n.includes('reused port')), `${scenario}: no address taken as reused`);
}

interface LoggedCommand {
  db: number;
  /** `hello`, `client|tracking`, `select`, ... */
  name: string;
  argv: string[];
}

/** The commands of each connection (address) of a capture, in order. */
export function connections(log: string): Map<string, LoggedCommand[]> {
  const byAddress = new Map<string, LoggedCommand[]>();
  for (const text of log.split('\n')) {
    const m = /^\d+\.\d+ \[(\d+) ([^\]]+|\[[^\]]+\]:\d+)\] (.*)$/.exec(text);
    if (!m || m[2] === 'lua') continue;
    const argv = [...m[3]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((a) => a[1]!);
    const first = argv[0]!.toLowerCase();
    const name = first === 'client' ? `client|${argv[1]!.toLowerCase()}` : first;
    const list = byAddress.get(m[2]!) ?? [];
    list.push({ db: Number(m[1]), name, argv });
    byAddress.set(m[2]!, list);
  }
  return byAddress;
}

/**
 * The facts the handshake rules (monitor/command-table.ts) rest on, as every capture shows them:
 * a HELLO opens a connection or follows a RESET, always in database 0, and never comes while the
 * connection tracks; SETINFO, SETNAME, SELECT and AUTH come at any point; QUIT is the last command.
 */
export function assertHandshakeFacts(scenario: string, log: string): void {
  for (const [address, commands] of connections(log)) {
    let tracking = false;
    commands.forEach((c, i) => {
      const where = `${scenario} ${address} command ${i + 1} (${c.name})`;
      if (c.name === 'hello') {
        assert.ok(i === 0 || commands[i - 1]!.name === 'reset', `${where}: HELLO opens or follows RESET`);
        assert.is(c.db, 0, `${where}: HELLO runs in database 0`);
        assert.not.ok(tracking, `${where}: HELLO never comes while the connection tracks`);
      }
      if (c.name === 'client|tracking') tracking = c.argv[2]!.toLowerCase() === 'on';
      if (c.name === 'reset') tracking = false;
      if (c.name === 'quit') assert.is(i, commands.length - 1, `${where}: QUIT is the last command`);
    });
  }
}

/** Whether, on some connection, `name` comes after CLIENT TRACKING on (and no RESET in between). */
export function comesWhileTracking(log: string, name: string): boolean {
  for (const commands of connections(log).values()) {
    let tracking = false;
    for (const c of commands) {
      if (c.name === name && tracking) return true;
      if (c.name === 'client|tracking') tracking = c.argv[2]!.toLowerCase() === 'on';
      if (c.name === 'reset') tracking = false;
    }
  }
  return false;
}
