import type {
  BeginSearch,
  CommandMetadata,
  DocArgument,
  FindKeys,
  KeySpec,
  ServerKind,
  ServerMetadata,
} from './types.js';

// RESP2 replies arrive as nested arrays; RESP3 maps arrive as objects or Maps. Both are accepted.
type Reply = unknown;

function pairs(reply: Reply): Map<string, Reply> {
  if (reply instanceof Map) return new Map([...reply].map(([k, v]) => [String(k).toLowerCase(), v]));
  if (Array.isArray(reply)) {
    const out = new Map<string, Reply>();
    for (let i = 0; i + 1 < reply.length; i += 2) out.set(String(reply[i]).toLowerCase(), reply[i + 1]);
    return out;
  }
  if (reply && typeof reply === 'object') {
    return new Map(Object.entries(reply).map(([k, v]) => [k.toLowerCase(), v]));
  }
  return new Map();
}

const strings = (reply: Reply): string[] => (Array.isArray(reply) ? reply.map((x) => String(x)) : []);
const num = (reply: Reply): number => Number(reply ?? 0);

function beginSearch(reply: Reply): BeginSearch {
  const p = pairs(reply);
  const spec = pairs(p.get('spec'));
  switch (String(p.get('type'))) {
    case 'index':
      return { type: 'index', index: num(spec.get('index')) };
    case 'keyword':
      return { type: 'keyword', keyword: String(spec.get('keyword')), startfrom: num(spec.get('startfrom')) };
    default:
      return { type: 'unknown' };
  }
}

function findKeys(reply: Reply): FindKeys {
  const p = pairs(reply);
  const spec = pairs(p.get('spec'));
  switch (String(p.get('type'))) {
    case 'range':
      return {
        type: 'range',
        lastkey: num(spec.get('lastkey')),
        // The server calls it `keystep` (src/commands.def: `{"lastkey",...,"keystep",...}`).
        step: num(spec.get('keystep') ?? spec.get('step')),
        limit: num(spec.get('limit')),
      };
    case 'keynum':
      return {
        type: 'keynum',
        keynumidx: num(spec.get('keynumidx')),
        firstkey: num(spec.get('firstkey')),
        step: num(spec.get('keystep') ?? spec.get('step')),
      };
    default:
      return { type: 'unknown' };
  }
}

function keySpec(reply: Reply): KeySpec {
  const p = pairs(reply);
  const spec: KeySpec = {
    flags: strings(p.get('flags')).map((f) => f.toUpperCase()),
    beginSearch: beginSearch(p.get('begin_search')),
    findKeys: findKeys(p.get('find_keys')),
  };
  const notes = p.get('notes');
  if (typeof notes === 'string' && notes) spec.notes = notes;
  return spec;
}

function infoEntries(reply: Reply, into: Map<string, Reply[]>): void {
  if (!Array.isArray(reply)) return;
  for (const entry of reply) {
    if (!Array.isArray(entry)) continue; // a nil for an unknown name
    into.set(String(entry[0]).toLowerCase(), entry);
    infoEntries(entry[9], into);
  }
}

function docsEntries(reply: Reply, into: Map<string, Map<string, Reply>>, parent = ''): void {
  for (const [name, body] of pairs(reply)) {
    const full = parent && !name.includes('|') ? `${parent}|${name}` : name;
    const doc = pairs(body);
    into.set(full, doc);
    docsEntries(doc.get('subcommands'), into, full);
  }
}

/**
 * Turns a server's `COMMAND INFO` (no arguments: every command) and `COMMAND DOCS` replies into one
 * record per command and subcommand. Pure, so the CLI can run it on any live server's replies.
 */
export function normalizeMetadata(
  server: ServerKind,
  version: string,
  commandInfoReply: Reply,
  commandDocsReply: Reply,
): ServerMetadata {
  const infos = new Map<string, Reply[]>();
  infoEntries(commandInfoReply, infos);
  const docs = new Map<string, Map<string, Reply>>();
  docsEntries(commandDocsReply, docs);

  const commands: Record<string, CommandMetadata> = {};
  for (const name of [...infos.keys()].sort()) {
    const info = infos.get(name)!;
    const doc = docs.get(name) ?? new Map<string, Reply>();
    const subInfos = Array.isArray(info[9]) ? info[9] : [];
    commands[name] = {
      name,
      arity: num(info[1]),
      flags: strings(info[2])
        .map((f) => f.toLowerCase())
        .sort(),
      aclCategories: strings(info[6])
        .map((c) => c.replace(/^@/, '').toLowerCase())
        .sort(),
      tips: strings(info[7]).sort(),
      keySpecs: (Array.isArray(info[8]) ? info[8] : []).map(keySpec),
      summary: String(doc.get('summary') ?? ''),
      since: String(doc.get('since') ?? ''),
      group: String(doc.get('group') ?? ''),
      docFlags: strings(doc.get('doc_flags')).sort(),
      subcommands: subInfos.map((s: Reply[]) => String(Array.isArray(s) ? s[0] : s).toLowerCase()).sort(),
    };
  }
  return { server, version, commands };
}

/** Reads `valkey_version` (Valkey) or `redis_version` from an `INFO server` reply. */
export function serverFromInfo(info: string): { server: ServerKind; version: string } {
  const field = (name: string) => new RegExp(`^${name}:(.+)$`, 'm').exec(info)?.[1]?.trim();
  const valkey = field('valkey_version');
  if (valkey) return { server: 'valkey', version: valkey };
  // Valkey keeps redis_version at 7.2.4 for compatibility; server_name says which it is.
  if (field('server_name') === 'valkey') return { server: 'valkey', version: field('redis_version') ?? '' };
  return { server: 'redis', version: field('redis_version') ?? '' };
}

function docArgument(reply: Reply): DocArgument {
  const p = pairs(reply);
  const flags = strings(p.get('flags'));
  const token = p.get('token');
  const nested = p.get('arguments');
  return {
    name: String(p.get('name') ?? ''),
    type: String(p.get('type') ?? ''),
    ...(typeof token === 'string' || token instanceof Uint8Array ? { token: String(token) } : {}),
    optional: flags.includes('optional'),
    multiple: flags.includes('multiple'),
    ...(Array.isArray(nested) ? { arguments: nested.map(docArgument) } : {}),
  };
}

/**
 * Every command's arguments from a `COMMAND DOCS` reply, by the same names `normalizeMetadata` uses
 * (`object|idletime`). Commands without documented arguments (many module commands) are absent.
 */
export function docsArguments(commandDocsReply: Reply): Map<string, DocArgument[]> {
  const docs = new Map<string, Map<string, Reply>>();
  docsEntries(commandDocsReply, docs);
  const out = new Map<string, DocArgument[]>();
  for (const [name, doc] of docs) {
    const args = doc.get('arguments');
    if (Array.isArray(args)) out.set(name, args.map(docArgument));
  }
  return out;
}
