import { basename } from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction } from './ast.js';
import { lookup, type ServerKind } from '@valkey-track/rules-data';
import { cachingDirective, type Directive, localCallbackDirective } from './caching-directive.js';
import type { FieldTtlFacts } from './field-ttl.js';
import { type ClientInfo, readInstances } from './client-states.js';
import type { FlowBuilder } from './flow/builder.js';
import { tagOfFact, viaOfFact } from './flow/facts.js';
import type { Read } from './flow/reads.js';
import type { Sink } from './flow/sinks.js';
import { instantiate } from './instantiate.js';
import { readVariants } from './read-words.js';
import { runsScript, scriptVerdict } from './script-verdict.js';
import { type ArgItem, isKnown } from './static-args.js';
import { isNotARead, judge, type Verdict, type VerdictContext } from './verdict.js';
import { glideCaches } from '../clients/glide.js';
import { nodeRedisCaches } from '../clients/node-redis.js';
import { nodeRedisKeeps, untrackedByNodeRedis } from './node-redis-choice.js';
import type { CategoryMap } from '../util/category-map.js';

export type CachedReadMessage =
  | 'uncoveredRead'
  | 'volatileReplyKept'
  | 'untrackedRead'
  | 'optInWithoutCaching'
  | 'optInRaced'
  | 'optedOut'
  | 'nodeRedisOptInUnmarked'
  | 'nodeRedisOptedOut'
  | 'unknownCoverage'
  | 'unknownCommand';

export interface CachedReadFinding {
  node: TSESTree.Node;
  /** The call the finding is about (for the end of its location). */
  call: TSESTree.Node;
  messageId: CachedReadMessage;
  data: Record<string, string | string[]>;
}

export interface CachedReadOptions {
  untracked: boolean;
  /** With manual tracking, only replies the module visibly keeps are cached; false counts every read as cached. */
  onlyStoredReplies: boolean;
  reportUnknown: boolean;
  server: ServerKind | undefined;
  categoryMap: CategoryMap | undefined;
  /** Keys whose hash fields carry TTLs: hash reads of them are partial. */
  fieldTtl?: FieldTtlFacts;
}

/**
 * Reasons whose reply changes with no write at all, by the clock or by chance: wrong a moment after it is kept,
 * whatever tracking does (`@valkey-track/rules-data` reason codes). `server-state` alone (MEMORY USAGE) changes
 * with the allocator and rehashing, and is reported on an untracked client only with `untracked: true`.
 */
const changesWithNoWrite = new Set(['time-dependent', 'random-output']);

/**
 * Whether a read's reply changes with no write (TTL, SRANDMEMBER) in some form of its words: kept anywhere, it is
 * wrong whatever its client tracks, so the module keeping it reports it on any client (one it is given too).
 */
export function changesWithNoWriteRead(b: FlowBuilder, read: Read): boolean {
  return readVariants(b, read).some((words) =>
    reportable(
      verdictOf(b, words, { mode: 'default', prefixes: [], server: undefined, categoryMap: undefined }),
    )?.reasons.some((r) => changesWithNoWrite.has(r)),
  );
}

/** A kept partial/none reply on a tracked or library-cached client: volatile ones say so, whatever the mode. */
const keptMessage = (reasons: readonly string[]): CachedReadMessage =>
  reasons.some((r) => changesWithNoWrite.has(r)) ? 'volatileReplyKept' : 'uncoveredRead';

/** How a read's reply is cached, when it is. */
type Caching =
  | { by: 'library'; library: 'node-redis' | 'glide'; version?: string }
  | { by: 'application'; sink: Sink | undefined };

/**
 * The place a message names: one that holds the reply itself (`self.idle[name] = secs`, not the `exports.repo`
 * holding that instance), unless that is an object its function builds and returns (a helper's `found.push(...)`,
 * kept by its caller's `kept.set(...)`); then one in the read's own function; then the one nearest to what
 * outlives the request; then the first.
 */
function bestSink(b: FlowBuilder, sinks: readonly Sink[], read: Read): Sink {
  const holdsItself = (sink: Sink) => sink.direct && !returnedByItsFunction(b, sink);
  // One in the read's own function (`cache.listing.set(k, await redis.keys(k))`) before one a later call reaches.
  const fn = enclosingFunction(read.site.node);
  const beside = (sink: Sink) =>
    fn !== undefined && enclosingFunction(sink.site.node) === fn && !returnedByItsFunction(b, sink);
  return [...sinks].sort(
    (x, y) =>
      Number(holdsItself(y)) - Number(holdsItself(x)) ||
      Number(beside(y)) - Number(beside(x)) ||
      x.depth - y.depth ||
      x.site.node.range[0] - y.site.node.range[0],
  )[0]!;
}

/** Whether a store's object is what the function it is in returns (an array a helper fills and hands back). */
function returnedByItsFunction(b: FlowBuilder, sink: Sink): boolean {
  const fn = enclosingFunction(sink.site.node);
  if (!fn || sink.site.base === undefined) return false;
  const returned = new Set(b.engine.valuesAt(b.returnNode(fn)));
  return b.engine.valuesAt(sink.site.base).some((value) => returned.has(value));
}

/** A read queued in a pipeline or MULTI: no client-side cache sees it. */
const queued = (read: Read): boolean =>
  read.pipeline !== undefined || (read.shape.style === 'imported' && read.shape.queued === true);

/** A read sent through the client's command method on its own, the only way into a library's cache. */
function sentThroughCommandMethod(read: Read): boolean {
  const sent = read.shape.style === 'imported' ? read.shape.sent : read.shape.style;
  return sent === 'method' && !queued(read);
}

/**
 * Whether the client library's own cache keeps this read's reply (node-redis's `clientSideCache`, glide's
 * `ClientSideCache`): `true` when it does, `'unreported'` for glide's cache without server assistance (reported
 * once, at its configuration), `false` when the reply is the application's to keep.
 */
export function libraryCaches(
  b: FlowBuilder,
  read: Read,
  cache: ClientInfo['cache'],
): boolean | 'unreported' {
  // glide caches `customCommand([...])` like the method (measured in rules-data); node-redis never caches `sendCommand`.
  // An imported function's command goes through the cache as that function sends it.
  const sent = read.shape.style === 'imported' ? read.shape.sent : read.shape.style;
  const throughCache =
    sent === 'method' || (cache?.kind === 'glide' && sent === 'raw' && read.shape.method === 'customcommand');
  if (!cache || !throughCache || queued(read)) return false;
  const words = readVariants(b, read)[0] ?? [];
  const [first, second] = words;
  const entry =
    first !== undefined && isKnown(first)
      ? ((second !== undefined && isKnown(second) ? lookup(`${first}|${second}`) : undefined) ??
        lookup(first))
      : undefined;
  if (cache.kind === 'node-redis')
    return sent === 'method' && nodeRedisCaches(cache.version, entry) && nodeRedisKeeps(cache) === true;
  if (!glideCaches(entry)) return false;
  return cache.serverAssisted === true ? true : 'unreported';
}

function cachingOf(
  b: FlowBuilder,
  read: Read,
  info: ClientInfo,
  sinks: ReadonlyMap<number, Sink[]>,
  options: CachedReadOptions,
): Caching | undefined {
  const cache = info.cache;
  const byLibrary = libraryCaches(b, read, cache);
  if (byLibrary === 'unreported') return undefined;
  if (byLibrary)
    return cache!.kind === 'node-redis'
      ? { by: 'library', library: 'node-redis', version: cache!.version }
      : { by: 'library', library: 'glide' };
  const kept = sinks.get(read.label);
  if (kept && kept.length > 0) return { by: 'application', sink: bestSink(b, kept, read) };
  return !options.onlyStoredReplies && info.tracking.length > 0 && !info.cache
    ? { by: 'application', sink: undefined }
    : undefined;
}

function verdictOf(b: FlowBuilder, words: ArgItem[], context: VerdictContext): Verdict | undefined {
  return runsScript(words) ? scriptVerdict(b, words, context) : judge(words, context);
}

/** A reportable outcome of one verdict: category, reasons and explanation; undefined when covered or unknown. */
function reportable(
  verdict: Verdict | undefined,
):
  | { category: 'partial' | 'none'; reasons: string[]; explanation: string; command: string; exact: boolean }
  | undefined {
  if (!verdict) return undefined;
  if (verdict.kind === 'certain') {
    if (verdict.category === 'full' || isNotARead(verdict.reasons)) return undefined;
    return {
      category: verdict.category,
      reasons: verdict.reasons,
      explanation: verdict.explanation,
      command: verdict.command,
      exact: true,
    };
  }
  if (verdict.kind === 'uncertain' && verdict.reportable)
    return { ...verdict.reportable, command: verdict.command, exact: false };
  return undefined;
}

const line = (node: TSESTree.Node) => node.loc.start.line;

/** The reply a message is about: the read's, or the one an imported function returns (named with its command). */
function replyText(read: Read): string {
  if (read.shape.style !== 'imported') return 'this reply';
  const { command, helper, file, line } = read.shape;
  return `the \`${command}\` reply from \`${helper}()\` (${basename(file)}, line ${line})`;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Where the message says the reply is kept, and which call brought it there. */
function keptText(b: FlowBuilder, caching: Caching, read: Read, caller?: TSESTree.Node): string {
  const reply = replyText(read);
  if (caching.by === 'library') {
    return caching.library === 'node-redis'
      ? `node-redis ${caching.version} caches ${reply}`
      : `glide caches ${reply}`;
  }
  if (!caching.sink) return `${capitalized(reply)} is cached`;
  const { site, fact } = caching.sink;
  // Code is shown as code; a description (`the component state (...)`) as it is.
  const description = site.place.includes('`') || /^(?:an? |the |what |React )/.test(site.place);
  const place = description ? site.place : `\`${site.place}\``;
  let text = `${capitalized(reply)} is kept in ${place} (line ${line(site.node)})`;
  // Which call of a shared helper made it cached, when that is neither the read's line nor the store's.
  const via = viaOfFact(fact) || tagOfFact(fact);
  const brought = via ? b.engine.callSites[via] : undefined;
  const call = caller ?? (brought && !brought.synthetic ? brought.node : undefined);
  if (call && line(call) !== line(read.report) && line(call) !== line(site.node)) {
    text += `, through the call at line ${line(call)}`;
  }
  return text;
}

interface Judged {
  /** False when the category depends on a value the read does not show (reportable whatever it is). */
  exact: boolean;
  messageId: CachedReadMessage;
  category: 'partial' | 'none';
  reasons: string[];
  explanation: string;
  command: string;
}

type Outcome = Judged | { uncertain: Verdict | undefined } | undefined;

const isJudged = (outcome: Outcome): outcome is Judged => outcome !== undefined && 'messageId' in outcome;

/**
 * `CLIENT CACHING yes|no` before a read: for a command an imported function sends, the one it sends itself
 * right before it, else one the caller sends before calling it.
 */
export function directiveBefore(b: FlowBuilder, read: Read, answer: 'YES' | 'NO'): Directive {
  const own = read.shape.style === 'imported' ? read.shape.caching?.[answer] : undefined;
  if (own && own !== 'missing') return own;
  const directive = cachingDirective(b, read, answer);
  // A read in a callback another module's function runs right after its own `CLIENT CACHING yes`.
  const handed =
    answer === 'YES' && read.enclosing
      ? (b.callbackDirectives.get(read.enclosing) ?? localCallbackDirective(b, read.enclosing))
      : undefined;
  return directive === 'missing' && handed ? handed : directive;
}

/** The verdict for one form of the read's words, given how its client tracks. */
function judgeInstance(
  b: FlowBuilder,
  read: Read,
  words: ArgItem[],
  info: ClientInfo,
  caching: Caching,
  options: CachedReadOptions,
): Outcome {
  const base = {
    server: options.server,
    categoryMap: options.categoryMap,
    ...(options.fieldTtl ? { hashFieldTtl: options.fieldTtl } : {}),
  };
  if (caching.by === 'library') {
    const verdict = verdictOf(b, words, { ...base, mode: 'default', prefixes: [] });
    const found = reportable(verdict);
    return found
      ? { messageId: keptMessage(found.reasons), ...found }
      : verdict?.kind === 'certain'
        ? undefined
        : { uncertain: verdict };
  }
  const manual = info.tracking;
  const nodeRedis = info.cache?.kind === 'node-redis' ? info.cache : info.viewOfNodeRedis;
  if (manual.length === 0 && nodeRedis && untrackedByNodeRedis(nodeRedis, sentThroughCommandMethod(read))) {
    // node-redis 6.4 sends `CLIENT CACHING yes` only before what its cache keeps (OPTIN), `no` before each
    // keyed read it does not keep (OPTOUT): the server remembers nothing of this read.
    const verdict = verdictOf(b, words, { ...base, mode: 'default', prefixes: [] });
    if (verdict?.kind !== 'certain') return { uncertain: verdict };
    if (isNotARead(verdict.reasons)) return undefined;
    // What default tracking would not cover either (KEYS, TTL) is said as it is.
    const found = reportable(verdict);
    if (found) return { messageId: keptMessage(found.reasons), ...found };
    // A `cacheable` predicate may keep (and so track) an unmarked read: which ones is the application's code.
    if (nodeRedis.mark === undefined && nodeRedis.choice?.selects) return undefined;
    return {
      exact: true,
      messageId: nodeRedis.choice?.trackingMode === 'optin' ? 'nodeRedisOptInUnmarked' : 'nodeRedisOptedOut',
      category: 'none',
      reasons: ['tracked-keys'],
      explanation: '',
      command: verdict.command,
    };
  }
  if (manual.length === 0 && (info.cache?.kind ?? info.connectionCache) === 'node-redis') {
    // node-redis' cache turns tracking on (default mode) and takes its invalidations: a copy of the application's
    // is judged as on any tracking connection, so what tracking cannot cover (KEYS, SCAN) is reported.
    const verdict = verdictOf(b, words, { ...base, mode: 'default', prefixes: [] });
    const found = reportable(verdict);
    if (!found) return verdict?.kind === 'certain' ? undefined : { uncertain: verdict };
    return { messageId: keptMessage(found.reasons), ...found };
  }
  if (manual.length === 0 || info.cache) {
    // No tracking keeps the application's copy fresh: only replies that change with no write are always wrong.
    const verdict = verdictOf(b, words, { ...base, mode: 'default', prefixes: [] });
    const found = reportable(verdict);
    if (!found) return verdict?.kind === 'certain' ? undefined : { uncertain: verdict };
    if (found.reasons.some((r) => changesWithNoWrite.has(r)))
      return { messageId: 'volatileReplyKept', ...found };
    return options.untracked ? { messageId: 'untrackedRead', ...found } : undefined;
  }
  let first: Judged | undefined;
  for (const state of manual) {
    const verdict = verdictOf(b, words, { ...base, mode: state.mode, prefixes: state.prefixes });
    const found = reportable(verdict);
    if (!state.certain && !found?.reasons.some((r) => changesWithNoWrite.has(r))) {
      return {
        uncertain: {
          kind: 'uncertain',
          why: 'the CLIENT TRACKING arguments of this connection are not all literals',
          command: verdict?.command ?? '',
        },
      };
    }
    if (verdict?.kind === 'certain' && isNotARead(verdict.reasons)) return undefined;
    let outcome: Judged | undefined = found && { messageId: keptMessage(found.reasons), ...found };
    if (state.mode === 'optin' && verdict?.kind === 'certain') {
      const directive = directiveBefore(b, read, 'YES');
      if (directive !== 'sent') {
        outcome = {
          exact: true,
          messageId: directive === 'raced' ? 'optInRaced' : 'optInWithoutCaching',
          category: 'none',
          reasons: ['tracked-keys'],
          explanation: '',
          command: verdict.command,
        };
      }
    }
    // Awaited or not, `CLIENT CACHING no` before the read was sent for it: when no other command of the
    // connection comes between, it lands on the read, and with one between, on a read of someone else.
    if (
      state.mode === 'optout' &&
      verdict?.kind === 'certain' &&
      ['sent', 'raced'].includes(directiveBefore(b, read, 'NO'))
    ) {
      outcome = {
        exact: true,
        messageId: 'optedOut',
        category: 'none',
        reasons: ['tracked-keys'],
        explanation: '',
        command: verdict.command,
      };
    }
    if (!outcome) return verdict?.kind === 'certain' ? undefined : { uncertain: verdict };
    first ??= outcome;
  }
  return first;
}

/** Every read whose reply is cached where tracking does not keep it fresh, with what to say about it. */
export function cachedReadFindings(
  b: FlowBuilder,
  clients: ReadonlyMap<number, ClientInfo>,
  sinks: ReadonlyMap<number, Sink[]>,
  options: CachedReadOptions,
): CachedReadFinding[] {
  const findings: CachedReadFinding[] = [];
  const reported = new Set<TSESTree.Node>();
  // A call of another module's function reports each read of it that goes wrong (`createServices(...)` whose
  // closures keep a TTL, a KEYS and a SCAN), once per read; any other node once.
  const reportedReads = new Set<string>();
  const report = (
    node: TSESTree.Node,
    call: TSESTree.Node,
    judged: Judged,
    caching: Caching,
    read: Read,
    caller?: TSESTree.Node,
  ) => {
    const shape = read.shape;
    if (shape.style === 'imported') {
      const key = `${node.range[0]}:${node.range[1]}:${shape.file}:${shape.line}`;
      if (reportedReads.has(key)) return;
      reportedReads.add(key);
    } else if (reported.has(node)) return;
    reported.add(node);
    findings.push({
      node,
      call,
      messageId: judged.messageId,
      data: {
        cachedBy: keptText(b, caching, read, caller),
        explanation: judged.explanation,
        command: judged.command,
        category: judged.category,
        reasons: judged.reasons,
      },
    });
  };
  for (const read of b.reads) {
    const info = clients.get(read.client);
    if (!info) continue;
    const caching = cachingOf(b, read, info, sinks, options);
    if (!caching) continue;
    for (const words of readVariants(b, read)) {
      // The read's own words first: when they decide, the finding goes on the read, whoever calls its function.
      const own = judgeInstance(b, read, words, info, caching, options);
      const instances = instantiate(b, words, read.enclosing).filter((instance) => instance.report);
      if (isJudged(own)) {
        // Reportable whatever the caller passes: on the read, with the first caller's exact verdict when there is one.
        const exact = own.exact
          ? undefined
          : instances
              .map((i) => judgeInstance(b, read, i.words, info, caching, options))
              .find((j): j is Judged => isJudged(j) && j.exact);
        report(read.report, read.site.node, exact ?? own, caching, read);
        continue;
      }
      // A helper with a fixed command (`collectKeys({ redis, pattern })`) is reported once, on its read, with
      // the first caller's verdict; a wrapper that takes the command itself (`read(...argv)`) at each call.
      const fixedCommand = words[0] !== undefined && isKnown(words[0]);
      let unknown = own;
      for (const instance of instances) {
        const judged = judgeInstance(b, read, instance.words, info, caching, options);
        if (!isJudged(judged)) {
          if (judged) unknown = judged;
        } else if (fixedCommand) report(read.report, read.site.node, judged, caching, read, instance.report);
        else report(instance.report!, instance.report!, judged, caching, read);
      }
      if (options.reportUnknown && unknown && !isJudged(unknown) && !reported.has(read.report)) {
        const verdict = unknown.uncertain;
        reported.add(read.report);
        const text = b.text(read.site.node).replace(/\s+/g, ' ');
        findings.push({
          node: read.report,
          call: read.site.node,
          messageId: verdict?.kind === 'unknown-command' ? 'unknownCommand' : 'unknownCoverage',
          data: {
            call: text.length > 60 ? `${text.slice(0, 57)}...` : text,
            why: verdict?.kind === 'uncertain' ? verdict.why : 'the script cannot be read',
            explanation: verdict?.kind === 'unknown-command' ? verdict.explanation : '',
            command: verdict?.command ?? '',
          },
        });
      }
    }
  }
  return findings;
}

export { readInstances };
