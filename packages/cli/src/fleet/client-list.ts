/** One line of `CLIENT LIST` (https://valkey.io/commands/client-list/), the fields the audit uses. */
export interface ClientListEntry {
  id: number;
  /** As MONITOR prints it: `host:port`, or `unix:/path` for a unix socket (listed as `/path:0`). */
  address: string;
  name: string;
  lib: string;
  flags: string;
  /** The id tracking redirects to, or -1. */
  redirect: number;
  resp: number;
  /** Channels, patterns and shard channels subscribed to: any makes a RESP2 connection a Pub/Sub one. */
  subscriptions: number;
  /** Bytes of replies the server holds for the connection, not yet sent (`omem`). */
  outputMemory: number;
}

/** Parses `CLIENT LIST`; fields a server lacks (`lib-name` before 7.2, `ssub` before 7.0) read as empty or 0. */
export function parseClientList(text: string): ClientListEntry[] {
  const entries: ClientListEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const f = new Map<string, string>();
    for (const pair of line.trim().split(' ')) {
      const eq = pair.indexOf('=');
      if (eq > 0) f.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const addr = f.get('addr');
    if (addr === undefined) continue;
    const n = (key: string) => Number(f.get(key) ?? 0) || 0;
    entries.push({
      id: n('id'),
      address: addr.startsWith('/') ? `unix:${addr.replace(/:0$/, '')}` : addr,
      name: f.get('name') ?? '',
      lib: f.get('lib-name') ?? '',
      flags: f.get('flags') ?? '',
      redirect: f.has('redir') ? Number(f.get('redir')) : -1,
      resp: n('resp') || 2,
      subscriptions: n('sub') + n('psub') + n('ssub'),
      outputMemory: n('omem'),
    });
  }
  return entries;
}
