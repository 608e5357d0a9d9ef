import { commands } from '@valkey-track/rules-data';

/** `hGetAll`, `HGETALL`, `hgetall`, `sort_ro`, `sortRo`, `objectIdleTime` all compare equal once normalized. */
export const normalizeName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * node-redis names some command variants after the reply shape they ask for (`zRangeWithScores`,
 * `hRandFieldCountWithValues`, `xPendingRange`, `scanIterator`; packages/client/lib/commands/index.ts);
 * ioredis adds `scanStream`. They send the base command.
 */
const variantSuffixes = [
  'withscores',
  'withscore',
  'withvalues',
  'withmatchlen',
  'withcode',
  'with',
  'count',
  'range',
  'iterator',
  'stream',
  // ioredis/iovalkey `getBuffer`, `hgetallBuffer`: the same command, the reply as Buffers.
  'buffer',
  // valkey-glide `xpendingWithOptions`, `zrangeWithScores`' kin: the command with its options as an object.
  'options',
  // valkey-glide `fcallWithRoute`, `invokeScriptWithRoute`: the command, sent to the nodes a route names.
  'withroute',
  // Bluebird's `promisifyAll(redis.RedisClient.prototype)` (node_redis 2/3, node-redis 4 `legacyMode`): `getAsync`,
  // `hgetallAsync` send the command and return a promise of its reply.
  'async',
];
/** Variants that iterate from cursor 0 themselves rather than taking it as an argument. */
const cursorVariants = ['iterator', 'stream'];

export interface MethodCommand {
  /** The words that start the command: `['HGETALL']`, `['OBJECT', 'IDLETIME']`. */
  head: string[];
  /** The first argument names the subcommand (`redis.object('IDLETIME', key)`). */
  container: boolean;
  /** The variant starts a cursor iteration itself, so a `0` cursor goes after the key. */
  insertsCursor: boolean;
  /** The normalized method name, as the client names the command. */
  method: string;
}

let index: Map<string, string[]> | undefined;
let containers: Set<string> | undefined;

function build(): void {
  index = new Map();
  containers = new Set();
  for (const entry of commands()) {
    const parts = entry.name.split('|');
    index.set(
      normalizeName(entry.name),
      parts.map((p) => p.toUpperCase()),
    );
    if (parts.length > 1) containers.add(normalizeName(parts[0]!));
  }
}

/** The command a client method sends, by the names in the bundled data; undefined for non-command methods. */
export function commandOfMethod(method: string): MethodCommand | undefined {
  if (!index) build();
  const normalized = normalizeName(method);
  // valkey-glide spells the read-only variants out: `sortReadOnly` is SORT_RO, `fcallReadonly` FCALL_RO.
  let name = normalized.replace(/readonly(?=(?:withroute)?$)/, 'ro');
  let insertsCursor = false;
  // Up to four suffixes: glide's `zrandmemberWithCountWithScores` is ZRANDMEMBER under `withscores`, `count`, `with`.
  for (let round = 0; round <= 3; round++) {
    if (containers!.has(name) && !index!.has(name))
      return { head: [name.toUpperCase()], container: true, insertsCursor, method: normalized };
    const head = index!.get(name);
    if (head)
      return {
        head,
        container: containers!.has(name) && head.length === 1,
        insertsCursor,
        method: normalized,
      };
    const suffix = variantSuffixes.find((s) => name.endsWith(s) && name.length > s.length);
    if (!suffix) return undefined;
    insertsCursor ||= cursorVariants.includes(suffix);
    name = name.slice(0, -suffix.length);
  }
  return undefined;
}
