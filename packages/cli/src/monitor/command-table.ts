import {
  commands,
  fieldTtlRole,
  lookup,
  versionScope,
  type CommandEntry,
  type ServerKind,
} from '@valkey-track/rules-data/core';
import type { CategoryOverride, Verdict } from './classifier.js';
import type { FindingGroup } from './finding-group.js';
import { planFor, UNKNOWN_PLAN, type InvocationPlan } from './invocation-plan.js';
import { LayoutTable, type Layout } from './layout-table.js';
import { commandHash, commandPrefix, equalsLowerCase, lowerHash } from './monitor-line.js';

/** Past this many distinct unknown names (a log full of garbage), new ones are not remembered. */
const MAX_NAMES = 20_000;

/**
 * What the audit does with a command besides classifying it, derived from how the client libraries use
 * them (fixtures/monitor/clients, captured from iovalkey, ioredis, node-redis 4 and 5 and valkey-glide 2.5
 * on both servers, checked by test/integration/monitor-client-handshakes.test.ts):
 *
 * - `CLIENT SETINFO`, `CLIENT SETNAME`, `SELECT` and `AUTH` have no role: valkey-glide sends SETINFO right
 *   after `CLIENT TRACKING ON BCAST`, node-redis 5 and ioredis SELECT on live connections, and glide and
 *   node-redis 5 re-authenticate live connections with AUTH; none of them starts a connection or ends tracking.
 * - `RESET` turns tracking off (the server's `clearClientConnectionState`); node-redis 5 sends it, then its
 *   whole handshake, when a pool takes back a dirty client.
 * - `HELLO` is the first command of every connection of the libraries that send it (glide, node-redis 5 with
 *   RESP3), or the first after RESET, and so always runs in database 0. The server keeps tracking across a
 *   HELLO, so a HELLO from an address that tracks, in database 0, is a new connection on a reused port.
 * - `QUIT` ends the connection (iovalkey, ioredis, node-redis 4 `quit()`): the address is free again.
 */
export type CommandRole =
  'client-tracking' | 'client-caching' | 'multi' | 'end-multi' | 'reset' | 'hello' | 'quit';

const ROLES: Record<string, CommandRole> = {
  'client|tracking': 'client-tracking',
  'client|caching': 'client-caching',
  multi: 'multi',
  exec: 'end-multi',
  discard: 'end-multi',
  reset: 'reset',
  hello: 'hello',
  quit: 'quit',
};

/** One command name (or `container|sub`) as the audit sees it, with its verdict caches. */
export interface CommandInfo {
  /** The name as the server reports it: `get`, `object|idletime`; unknown names lower-cased as logged. */
  name: string;
  /** Lower-cased bytes of the name (of the subcommand's own name, for a subcommand), to tell hash collisions apart. */
  bytes: Uint8Array;
  entry: CommandEntry | undefined;
  /** Container commands (`object`, `client`) are resolved by their second argument. */
  subcommands: NameTable | undefined;
  role: CommandRole | undefined;
  /**
   * A pending `CLIENT CACHING yes|no` is still pending after it: CLIENT and its subcommands (the server clears
   * the flag after any other command outside MULTI, `resetClient`: `prevcmd != clientCommand`).
   */
  keepsCaching: boolean;
  silentWrite: boolean;
  /** `FIELD_TTL_SETS` when it can give hash fields TTLs, `FIELD_TTL_ENDS` when it can end them (`fieldTtlRole`). */
  fieldTtl: number;
  /** What `categorize` reads of an invocation: worked out on first use (`planOf`), most commands never appear. */
  plan: InvocationPlan | undefined;
  /** The captured server versions the audit answers for (`versionScope`): the plan's variants. */
  labels: readonly string[];
  /** For plans that only check the arity: the layouts "arity right" (0) and "arity wrong" (1). */
  simpleLayouts: [Layout, Layout];
  /** For the other plans: one layout per way of invoking it. */
  layouts: LayoutTable;
  /** Its silent-write finding group, once it has one. */
  silentGroup: FindingGroup | undefined;
  /**
   * For a plan that reads nothing but the arity (in a mode without BCAST coverage, and no hash field TTLs):
   * the arity, and per mode id the verdict when the arity is right, once known. Such a line then needs its
   * arity checked, and neither the plan, the mode nor the layout's verdict cache is read (`MonitorAudit.verdict`).
   */
  arity: number;
  arityVerdicts: (Verdict | undefined)[];
}

function layout(argc: number, shape: string): Layout {
  return { argc, tokens: [], keynums: [], broken: false, shape, items: undefined, verdicts: [] };
}

const shapeOf = (name: string) => name.toUpperCase().replace('|', ' ');

/** The bit of a command name's length in `CommandTable.loudLengths` (31 stands for 31 and longer). */
export const lengthBit = (length: number) => 1 << Math.min(length, 31);

export const FIELD_TTL_SETS = 1;
export const FIELD_TTL_ENDS = 2;

function fieldTtlOf(entry: CommandEntry | undefined): number {
  if (!entry) return 0;
  const role = fieldTtlRole(entry);
  return (role.sets ? FIELD_TTL_SETS : 0) | (role.ends ? FIELD_TTL_ENDS : 0);
}

function info(
  name: string,
  entry: CommandEntry | undefined,
  ownName: string,
  labels: readonly string[],
): CommandInfo {
  return {
    name,
    bytes: Buffer.from(ownName, 'latin1'),
    entry,
    subcommands: undefined,
    role: ROLES[name],
    keepsCaching: name === 'client' || name.startsWith('client|'),
    silentWrite: entry?.silentWrite === true,
    fieldTtl: fieldTtlOf(entry),
    plan: undefined,
    labels,
    simpleLayouts: [layout(0, shapeOf(name)), layout(0, shapeOf(name))],
    layouts: new LayoutTable(),
    silentGroup: undefined,
    arity: 0,
    arityVerdicts: [],
  };
}

/** The command's plan, worked out the first time a line needs it. */
export function planOf(info: CommandInfo): InvocationPlan {
  if (info.plan === undefined) {
    const argStart = info.name.includes('|') ? 2 : 1;
    info.plan = info.entry ? planFor(info.entry, argStart, info.labels) : { ...UNKNOWN_PLAN, argStart };
  }
  return info.plan;
}

/**
 * Names to `CommandInfo`s by the hash `MonitorLine` computes, without making a string: open addressing,
 * an array index and a byte compare per line.
 */
export class NameTable {
  private slots: (CommandInfo | undefined)[] = new Array(64).fill(undefined);
  private hashes = new Int32Array(64);
  private mask = 63;
  readonly byName = new Map<string, CommandInfo>();

  get size(): number {
    return this.byName.size;
  }

  add(key: string, command: CommandInfo): void {
    this.byName.set(key, command);
    if ((this.byName.size + 1) * 2 > this.slots.length) this.grow();
    const h = commandHash(key);
    let i = h & this.mask;
    while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
    this.slots[i] = command;
    this.hashes[i] = h;
  }

  find(buf: Uint8Array, start: number, end: number, hash: number): CommandInfo | undefined {
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const found = this.slots[i];
      if (found === undefined) return undefined;
      if (this.hashes[i] === hash && equalsLowerCase(found.bytes, buf, start, end)) return found;
    }
  }

  private grow(): void {
    const old = [...this.byName];
    this.slots = new Array(this.slots.length * 2).fill(undefined);
    this.hashes = new Int32Array(this.slots.length);
    this.mask = this.slots.length - 1;
    for (const [key, command] of old) {
      const h = commandHash(key);
      let i = h & this.mask;
      while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
      this.slots[i] = command;
      this.hashes[i] = h;
    }
  }
}

/**
 * Every command of the bundled data, its role and its plan, built once; a line finds its command with
 * the hash `MonitorLine` computed, so the millions of lines of a large log make no string.
 */
export class CommandTable {
  private readonly names = new NameTable();
  private readonly labels: readonly string[];

  constructor(
    scope: { server?: ServerKind; version?: string } = {},
    overrides?: ReadonlyMap<string, CategoryOverride>,
  ) {
    this.labels = versionScope(scope).labels;
    for (const entry of commands()) {
      const [container, sub] = entry.name.split('|');
      if (sub === undefined) {
        if (!this.names.byName.has(entry.name))
          this.names.add(entry.name, info(entry.name, entry, entry.name, this.labels));
        continue;
      }
      let parent = this.names.byName.get(container!);
      if (!parent) {
        parent = info(container!, lookup(container!), container!, this.labels);
        this.names.add(container!, parent);
      }
      parent.subcommands ??= new NameTable();
      parent.subcommands.add(sub, info(entry.name, entry, sub, this.labels));
    }
    for (const parent of this.names.byName.values())
      if (parent.entry?.subcommands.length) parent.subcommands ??= new NameTable();
    // A category map from a live server may know silent writes the bundled data does not.
    for (const [name, override] of overrides ?? []) {
      if (override.reasons.includes('silent-write')) this.fromFullName(name).silentWrite = true;
    }
  }

  /** The command spelled `buf[start, end)` in any case, whose lower-cased name hashes to `hash`. */
  fromBytes(buf: Uint8Array, start: number, end: number, hash: number): CommandInfo {
    return (
      this.names.find(buf, start, end, hash) ??
      this.fromName(Buffer.from(buf.subarray(start, end)).toString('latin1'))
    );
  }

  fromName(name: string): CommandInfo {
    const lower = asciiLowerCase(name);
    let found = this.names.byName.get(lower);
    if (!found) {
      found = info(lower, undefined, lower, this.labels);
      if (this.names.size < MAX_NAMES) this.names.add(lower, found);
    }
    return found;
  }

  /** The subcommand of a container named by the bytes `buf[start, end)` (plain), or by `name` when escaped. */
  subcommand(
    container: CommandInfo,
    buf: Uint8Array,
    start: number,
    end: number,
    name?: string,
  ): CommandInfo {
    const subs = container.subcommands!;
    if (name === undefined) {
      const found = subs.find(buf, start, end, lowerHash(buf, start, end));
      if (found) return found;
      name = Buffer.from(buf.subarray(start, end)).toString('latin1');
    }
    const sub = asciiLowerCase(name);
    let found = subs.byName.get(sub);
    if (!found) {
      found = info(`${container.name}|${sub}`, undefined, sub, this.labels);
      if (subs.size < MAX_NAMES) subs.add(sub, found);
    }
    return found;
  }

  /** By the server's full name: `get`, `object|idletime`. */
  fromFullName(name: string): CommandInfo {
    const [container, sub] = name.split('|');
    const found = this.fromName(container!);
    if (sub === undefined || !found.subcommands) return found;
    const bytes = Buffer.from(sub, 'latin1');
    return this.subcommand(found, bytes, 0, bytes.length);
  }

  /**
   * For each two-byte command prefix, a bit per name length (`lengthBit`) of the commands the audit must look
   * at: a line of a client that does not track, whose command's prefix and length have no bit, needs neither
   * lookup nor decoding (HGETEX gives field TTLs, HGET and HGETALL do not). With `fieldTtlEnds`, the commands
   * that end field TTLs are looked at too (while some key has them).
   */
  loudLengths(fieldTtlEnds: boolean): Uint32Array {
    const loud = new Uint32Array(65536);
    const matters = (c: CommandInfo) =>
      c.role !== undefined ||
      c.keepsCaching ||
      c.silentWrite ||
      (c.fieldTtl & FIELD_TTL_SETS) !== 0 ||
      (fieldTtlEnds && (c.fieldTtl & FIELD_TTL_ENDS) !== 0);
    for (const command of this.names.byName.values()) {
      const subs = [...(command.subcommands?.byName.values() ?? [])];
      if ([command, ...subs].some(matters))
        loud[commandPrefix(command.name)]! |= lengthBit(command.name.length);
    }
    // Names shorter than two bytes, or escaped, have prefix 0: always looked up.
    loud[0] = 0xffffffff;
    return loud;
  }
}

function asciiLowerCase(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
