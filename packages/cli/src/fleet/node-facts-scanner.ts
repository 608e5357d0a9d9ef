import { OTHER_CLIENTS } from '../monitor/client-summary.js';
import { CommandKinds, isRead } from './command-kinds.js';
import { LineHeads } from './line-heads.js';
import { MonitorHead, hostOf, readArguments, readHead } from './monitor-head.js';
import {
  clientKey,
  type ClientFacts,
  type KnownConnection,
  type NodeFacts,
  type RedirectFacts,
} from './node-facts.js';

// https://valkey.io/topics/client-side-caching/: RESP2 clients get invalidations on this channel.
const INVALIDATE_CHANNEL = '__redis__:invalidate';
const MAX_CONNECTIONS = 100_000;
/** Past this many application clients, the rest count together as `(other clients)`, which no check uses. */
const MAX_CLIENTS = 10_000;
const MAX_REDIRECTS = 1_000;
const EXAMPLE_CHARS = 300;
const SOURCE_SLOTS = 4096;

interface Connection {
  client: ClientFacts;
  tracking: boolean;
  countedTracking: boolean;
  subscribed: boolean;
  readonly?: boolean;
  lib?: string;
  name?: string;
}

/**
 * Builds a node's `NodeFacts` from its MONITOR stream: `write` chunks as they come, `end`, then `facts()`.
 * Memory is bounded by the caps above, whatever the stream's length; most lines cost a head scan and two
 * Map lookups.
 */
export class NodeFactsScanner {
  private readonly kinds = new CommandKinds();
  private readonly head = new MonitorHead();
  private readonly connections = new Map<string, Connection>();
  private readonly clients = new Map<string, ClientFacts>();
  private readonly redirects = new Map<string, RedirectFacts>();
  private readonly overflow: ClientFacts = newClient(OTHER_CLIENTS, '');
  private lines = 0;
  private forgotten = 0;
  private readonly lineHeads = new LineHeads((buf, start, end) => this.onLine(buf, start, end));
  /** Bumped whenever an address gets, loses or changes its connection state, so cached lookups go stale. */
  private generation = 0;
  private readonly sourceCache: (
    { bytes: Buffer; source: Connection | ClientFacts; generation: number } | undefined
  )[] = new Array(SOURCE_SLOTS).fill(undefined);

  /** `known`: connections the node's CLIENT LIST showed (live), or `--tracking-clients` named. */
  constructor(
    known: readonly KnownConnection[] = [],
    private readonly clientList = false,
    /** Called once per new REDIRECT id, so a live capture can look the id up while its target still exists. */
    private readonly onRedirect?: (id: number) => void,
  ) {
    for (const k of known) {
      const connection = this.connectionOf(k.address);
      if (k.lib !== undefined || k.name !== undefined) this.rename(connection, k.address, k.lib, k.name);
      if (k.tracking) this.setTracking(connection, true);
    }
  }

  write(chunk: Buffer): void {
    this.lineHeads.write(chunk);
  }

  end(): void {
    this.lineHeads.end();
  }

  facts(): NodeFacts {
    return {
      lines: this.lines,
      ...(this.clientList ? { clientList: true } : {}),
      clients: [...this.clients.values(), ...(this.overflow.reads > 0 ? [this.overflow] : [])].sort((a, b) =>
        a.client.localeCompare(b.client),
      ),
      redirects: [...this.redirects.values()],
      forgottenConnections: this.forgotten,
    };
  }

  private onLine(buf: Buffer, start: number, end: number): void {
    this.lines++;
    // A live capture reads each line as a status reply: `+` first, `\r` last.
    if (end > start && buf[end - 1] === 0x0d) end--;
    if (buf[start] === 0x2b) start++;
    const head = this.head;
    if (!readHead(buf, start, end, head)) return;
    const kind = this.kinds.at(buf, head.argsStart + 1, end);
    if (kind === 'other') return;
    const { addrStart, addrEnd } = head;
    // A script's commands are its caller's; they are not reads the caller could cache.
    if (addrEnd - addrStart === 3 && buf[addrStart] === 0x6c && buf[addrStart + 1] === 0x75) return;
    if (kind === 'read') return this.read(this.sourceOf(buf, addrStart, addrEnd), buf, start, end);
    const address = buf.toString('latin1', addrStart, addrEnd);
    const argv = readArguments(buf, head.argsStart, end, kind === 'container' ? 2 : 64);
    switch (kind) {
      case 'container':
        if (isRead(`${argv[0]!.toLowerCase()}|${(argv[1] ?? '').toLowerCase()}`)) {
          this.read(this.sourceOf(buf, addrStart, addrEnd), buf, start, end);
        }
        return;
      case 'client':
        return this.client(address, argv, buf, start, end);
      case 'hello': {
        const at = argv.findIndex((a) => a.toLowerCase() === 'setname');
        if (at > 0 && argv[at + 1] !== undefined) {
          const connection = this.connectionOf(address);
          this.rename(connection, address, connection.lib, argv[at + 1]);
        }
        return;
      }
      case 'subscribe':
        if (argv.slice(1).includes(INVALIDATE_CHANNEL)) {
          const connection = this.connectionOf(address);
          if (!connection.subscribed) {
            connection.subscribed = true;
            connection.client.invalidationSubscribers++;
          }
        }
        return;
      case 'readonly': {
        const connection = this.connectionOf(address);
        if (!connection.readonly) {
          connection.readonly = true;
          connection.client.readonlyConnections = (connection.client.readonlyConnections ?? 0) + 1;
        }
        return;
      }
      case 'reset': {
        // RESET turns tracking off (https://valkey.io/commands/reset/).
        const connection = this.connections.get(address);
        if (connection) this.setTracking(connection, false);
        return;
      }
    }
  }

  /**
   * The connection (or, for one the scanner keeps nothing about, its host's unnamed client) of the address
   * `buf[start, end)`, through a direct-mapped cache keyed by the address bytes, so most lines make no string.
   */
  private sourceOf(buf: Buffer, start: number, end: number): Connection | ClientFacts {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 16777619);
    const slot = h & (SOURCE_SLOTS - 1);
    const cached = this.sourceCache[slot];
    if (
      cached !== undefined &&
      cached.generation === this.generation &&
      sameBytes(cached.bytes, buf, start, end)
    ) {
      return cached.source;
    }
    const address = buf.toString('latin1', start, end);
    const source = this.connections.get(address) ?? this.clientFor(hostOf(address), undefined, undefined);
    this.sourceCache[slot] = {
      bytes: Buffer.from(address, 'latin1'),
      source,
      generation: this.generation,
    };
    return source;
  }

  private read(source: Connection | ClientFacts, buf: Buffer, start: number, end: number): void {
    const connection = 'tracking' in source ? source : undefined;
    const client = connection?.client ?? (source as ClientFacts);
    client.reads++;
    if (connection?.tracking) return;
    client.untrackedReads++;
    if (client.example === undefined) {
      const text = buf.toString('latin1', start, end);
      client.example = {
        line: this.lines,
        text: text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS - 3)}...` : text,
        timestamp: buf.toString('latin1', this.head.tsStart, this.head.tsEnd),
      };
    }
  }

  private client(address: string, argv: string[], buf: Buffer, start: number, end: number): void {
    const sub = argv[1]?.toLowerCase();
    if (sub === 'setname' && argv[2] !== undefined) {
      const connection = this.connectionOf(address);
      this.rename(connection, address, connection.lib, argv[2]);
    } else if (sub === 'setinfo' && argv[2]?.toLowerCase() === 'lib-name' && argv[3] !== undefined) {
      const connection = this.connectionOf(address);
      this.rename(connection, address, argv[3], connection.name);
    } else if (sub === 'tracking') {
      const on = argv[2]?.toLowerCase();
      if (on === 'off') {
        const connection = this.connections.get(address);
        if (connection) this.setTracking(connection, false);
        return;
      }
      if (on !== 'on') return;
      const connection = this.connectionOf(address);
      this.setTracking(connection, true);
      const at = argv.findIndex((a, i) => i > 2 && a.toLowerCase() === 'redirect');
      const id = at > 0 ? Number(argv[at + 1]) : NaN;
      if (Number.isInteger(id) && id > 0) this.redirect(address, connection.client, id, buf, start, end);
    }
  }

  private redirect(
    address: string,
    client: ClientFacts,
    id: number,
    buf: Buffer,
    start: number,
    end: number,
  ) {
    const key = `${address} ${id}`;
    const seen = this.redirects.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    if (this.redirects.size >= MAX_REDIRECTS) return;
    this.onRedirect?.(id);
    this.redirects.set(key, {
      address,
      client: client.client,
      id,
      count: 1,
      firstTimestamp: buf.toString('latin1', this.head.tsStart, this.head.tsEnd),
      line: this.lines,
      example: buf.toString('latin1', start, end).slice(0, EXAMPLE_CHARS),
    });
  }

  private setTracking(connection: Connection, tracking: boolean): void {
    connection.tracking = tracking;
    if (tracking && !connection.countedTracking) {
      connection.countedTracking = true;
      connection.client.trackingConnections++;
    }
  }

  /** The state of a connection, created as a member of its host's unnamed client. */
  private connectionOf(address: string): Connection {
    let connection = this.connections.get(address);
    if (connection === undefined) {
      if (this.connections.size >= MAX_CONNECTIONS) {
        // The oldest entry goes: its later lines count for its host's unnamed client.
        const oldest = this.connections.keys().next().value!;
        this.connections.delete(oldest);
        this.forgotten++;
      }
      this.generation++;
      connection = {
        client: this.clientFor(hostOf(address), undefined, undefined),
        tracking: false,
        countedTracking: false,
        subscribed: false,
      };
      this.connections.set(address, connection);
    }
    return connection;
  }

  /** Gives a connection its library and name, moving what it counted to the client they identify. */
  private rename(connection: Connection, address: string, lib: string | undefined, name: string | undefined) {
    connection.lib = lib;
    connection.name = name;
    const next = this.clientFor(hostOf(address), lib, name);
    if (next === connection.client) return;
    if (connection.countedTracking) {
      connection.client.trackingConnections--;
      next.trackingConnections++;
    }
    if (connection.subscribed) {
      connection.client.invalidationSubscribers--;
      next.invalidationSubscribers++;
    }
    if (connection.readonly) {
      connection.client.readonlyConnections! -= 1;
      next.readonlyConnections = (next.readonlyConnections ?? 0) + 1;
    }
    connection.client = next;
    this.generation++;
  }

  private clientFor(host: string, lib: string | undefined, name: string | undefined): ClientFacts {
    const key = clientKey(host, lib, name);
    let client = this.clients.get(key);
    if (client === undefined) {
      if (this.clients.size >= MAX_CLIENTS) return this.overflow;
      client = newClient(key, host, lib, name);
      this.clients.set(key, client);
    }
    return client;
  }
}

function newClient(client: string, host: string, lib?: string, name?: string): ClientFacts {
  return {
    client,
    host,
    ...(lib !== undefined ? { lib } : {}),
    ...(name !== undefined ? { name } : {}),
    trackingConnections: 0,
    invalidationSubscribers: 0,
    reads: 0,
    untrackedReads: 0,
  };
}

function sameBytes(known: Uint8Array, buf: Buffer, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let j = 0; j < known.length; j++) if (known[j] !== buf[start + j]) return false;
  return true;
}
