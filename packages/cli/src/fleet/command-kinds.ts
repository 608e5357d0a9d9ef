import { lookup } from '@valkey-track/rules-data/core';

/**
 * What a command means to the cross-node checks: a read a client could cache, a command that changes a
 * connection's tracking or identity, a container whose subcommand decides, or anything else.
 */
export type CommandKind =
  'read' | 'container' | 'client' | 'hello' | 'subscribe' | 'reset' | 'readonly' | 'other';

const CONTROL: Record<string, CommandKind> = {
  client: 'client',
  hello: 'hello',
  subscribe: 'subscribe',
  reset: 'reset',
  // A cluster client sends READONLY on its connections to replicas, to read there.
  readonly: 'readonly',
};

/** A read of keys (or of the keyspace): what a client-side cache stores replies of. */
export function isRead(name: string): boolean {
  const entry = lookup(name);
  if (!entry || entry.write || entry.subcommands.length > 0) return false;
  return entry.keySpecs.length > 0 || entry.patternArgument !== undefined || entry.readsKeyspace === true;
}

const SLOTS = 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Kinds by command name, cached per lower-cased name bytes, so most lines cost a hash and a compare. */
export class CommandKinds {
  private readonly names: (Uint8Array | undefined)[] = new Array(SLOTS).fill(undefined);
  private readonly kinds: CommandKind[] = new Array(SLOTS).fill('other');

  /** The kind of the command whose name starts at `buf[start]` (after its opening quote). */
  at(buf: Buffer, start: number, end: number): CommandKind {
    let h = 0x811c9dc5 | 0;
    let i = start;
    for (; i < end; i++) {
      let b = buf[i]!;
      if (b === QUOTE) break;
      // An escaped byte in a command name: no real command has one.
      if (b === BACKSLASH) return 'other';
      if (b >= 0x41 && b <= 0x5a) b |= 0x20;
      h = Math.imul(h ^ b, 16777619);
    }
    const slot = h & (SLOTS - 1);
    const known = this.names[slot];
    if (known !== undefined && known.length === i - start && sameLower(known, buf, start))
      return this.kinds[slot]!;
    const name = buf.toString('latin1', start, i).toLowerCase();
    const kind = kindOf(name);
    this.names[slot] = Buffer.from(name, 'latin1');
    this.kinds[slot] = kind;
    return kind;
  }
}

function sameLower(known: Uint8Array, buf: Buffer, start: number): boolean {
  for (let j = 0; j < known.length; j++) {
    let b = buf[start + j]!;
    if (b >= 0x41 && b <= 0x5a) b |= 0x20;
    if (b !== known[j]) return false;
  }
  return true;
}

export function kindOf(name: string): CommandKind {
  const entry = lookup(name);
  return (
    CONTROL[name] ?? (entry && entry.subcommands.length > 0 ? 'container' : isRead(name) ? 'read' : 'other')
  );
}
