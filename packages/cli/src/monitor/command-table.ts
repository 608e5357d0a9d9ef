import { commands, lookup, type CommandEntry } from '@valkey-track/rules-data';
import { commandHash, commandPrefix } from './monitor-line.js';
import type { Verdict } from './classifier.js';

/** Past this many distinct unknown names (a log full of garbage), new ones are not remembered. */
const MAX_NAMES = 20_000;
const SLOTS = 8192;

/** What the audit does with a command besides classifying it. */
export type CommandRole =
  | 'client-tracking'
  | 'client-caching'
  /** Sent first on a new connection: seeing it from a tracking address means the address was reused. */
  | 'handshake'
  | 'multi'
  | 'end-multi';

/** One command name (or `container|sub`) as the audit sees it, with its verdict caches. */
export interface CommandInfo {
  /** The name as the server reports it: `get`, `object|idletime`; unknown names lower-cased as logged. */
  name: string;
  /** Lower-cased name bytes, to tell hash collisions apart. */
  bytes: Uint8Array;
  entry: CommandEntry | undefined;
  /** Container commands (`object`, `client`) are resolved by their second argument. */
  subcommands: Map<string, CommandInfo> | undefined;
  role: CommandRole | undefined;
  silentWrite: boolean;
  /** Upper-case argument tokens that change the verdict (SORT_RO ... BY, SCAN ... MATCH). */
  tokens: ReadonlySet<string>;
  /** The verdict depends on argument conditions or a key pattern, not only on the name. */
  argumentsMatter: boolean;
  /** Per mode id, for commands whose verdict does not depend on the arguments. */
  byMode: (Verdict | undefined)[];
  /** Per mode id and argument shape. */
  byShape: Map<string, Verdict>;
}

const ROLES: Record<string, CommandRole> = {
  'client|tracking': 'client-tracking',
  'client|caching': 'client-caching',
  'client|setinfo': 'handshake',
  hello: 'handshake',
  auth: 'handshake',
  multi: 'multi',
  exec: 'end-multi',
  discard: 'end-multi',
};

function tokensOf(entry: CommandEntry | undefined): Set<string> {
  const tokens = new Set<string>();
  for (const condition of entry?.conditions ?? []) {
    for (const t of condition.anyToken) tokens.add(t.toUpperCase());
    for (const t of condition.patternAfterTokens ?? []) tokens.add(t.toUpperCase());
  }
  if (entry?.patternArgument?.afterToken) tokens.add(entry.patternArgument.afterToken.toUpperCase());
  return tokens;
}

function info(name: string, entry: CommandEntry | undefined): CommandInfo {
  const tokens = tokensOf(entry);
  return {
    name,
    bytes: Buffer.from(name, 'latin1'),
    entry,
    subcommands: undefined,
    role: ROLES[name],
    silentWrite: entry?.silentWrite === true,
    tokens,
    argumentsMatter: tokens.size > 0 || entry?.patternArgument !== undefined,
    byMode: [],
    byShape: new Map(),
  };
}

/**
 * Finds the `CommandInfo` for a logged command from the hash `MonitorLine` computed, without making a
 * string, so that the millions of lines of a large log cost a Map lookup each.
 */
export class CommandTable {
  /** Open addressing by hash: an array index and a byte compare per line, cheaper than a Map lookup. */
  private readonly slots: (CommandInfo | undefined)[] = new Array(SLOTS).fill(undefined);
  private readonly hashes = new Int32Array(SLOTS);
  private used = 0;
  private readonly byName = new Map<string, CommandInfo>();

  constructor() {
    for (const entry of commands()) {
      const [container, sub] = entry.name.split('|');
      if (sub === undefined) {
        if (!this.byName.has(entry.name)) this.add(info(entry.name, entry));
        continue;
      }
      let parent = this.byName.get(container!);
      if (!parent) {
        parent = info(container!, lookup(container!));
        this.add(parent);
      }
      parent.subcommands ??= new Map();
      parent.subcommands.set(sub, info(entry.name, entry));
    }
    for (const parent of this.byName.values())
      if (parent.entry?.subcommands.length) parent.subcommands ??= new Map();
  }

  private add(command: CommandInfo): void {
    this.byName.set(command.name, command);
    if (this.used >= SLOTS / 2) return;
    const h = commandHash(command.name);
    let i = h & (SLOTS - 1);
    while (this.slots[i] !== undefined) i = (i + 1) & (SLOTS - 1);
    this.slots[i] = command;
    this.hashes[i] = h;
    this.used++;
  }

  /** The command whose lower-cased name hashes to `hash` and is spelled `buf[start, end)` in any case. */
  fromBytes(buf: Uint8Array, start: number, end: number, hash: number): CommandInfo {
    for (let i = hash & (SLOTS - 1); ; i = (i + 1) & (SLOTS - 1)) {
      const found = this.slots[i];
      if (found === undefined) break;
      if (this.hashes[i] === hash && sameLowerCase(found.bytes, buf, start, end)) return found;
    }
    return this.fromName(Buffer.from(buf.subarray(start, end)).toString('latin1').toLowerCase());
  }

  fromName(name: string): CommandInfo {
    const lower = name.toLowerCase();
    let found = this.byName.get(lower);
    if (!found) {
      found = info(lower, undefined);
      if (this.byName.size < MAX_NAMES) this.add(found);
    }
    return found;
  }

  /**
   * Marks (with 1) the two-byte prefixes no command the audit must look at starts with: a line of a client
   * that does not track, whose command starts with one, needs neither lookup nor decoding.
   */
  quietPrefixes(): Uint8Array {
    const quiet = new Uint8Array(65536).fill(1);
    for (const info of this.byName.values()) {
      const subs = [...(info.subcommands?.values() ?? [])];
      if ([info, ...subs].some((c) => c.role !== undefined || c.silentWrite))
        quiet[commandPrefix(info.name)] = 0;
    }
    quiet[0] = 0;
    return quiet;
  }

  /** By the server's full name: `get`, `object|idletime`. */
  fromFullName(name: string): CommandInfo {
    const [container, sub] = name.split('|');
    const info = this.fromName(container!);
    return sub === undefined ? info : this.subcommand(info, sub);
  }

  /** The subcommand of a container (`OBJECT IDLETIME` → `object|idletime`), or the container when unknown. */
  subcommand(container: CommandInfo, second: string | undefined): CommandInfo {
    if (second === undefined || !container.subcommands) return container;
    const sub = second.toLowerCase();
    let found = container.subcommands.get(sub);
    if (!found) {
      found = info(`${container.name}|${sub}`, undefined);
      if (container.subcommands.size < MAX_NAMES) container.subcommands.set(sub, found);
    }
    return found;
  }
}

function sameLowerCase(lower: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const b = buf[start + i]!;
    if ((b >= 0x41 && b <= 0x5a ? b | 0x20 : b) !== lower[i]) return false;
  }
  return true;
}
