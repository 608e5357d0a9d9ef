import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  type ClassNode,
  declaredName,
  enclosingFunction,
  type FunctionNode,
  isFunctionNode,
  ownConstructor,
  returnedExpressions,
  within,
} from '../ast.js';
import { changesWithNoWriteRead, directiveBefore } from '../cached-reads.js';
import type { Directive } from '../caching-directive.js';
import { clientSubcommand } from '../client-states.js';
import type { FlowBuilder } from '../flow/builder.js';
import type { CallSite } from '../flow/engine.js';
import { tagOfFact } from '../flow/facts.js';
import { createRead, type Read, type ReadShape } from '../flow/reads.js';
import { instantiate, parameterOf, type ParameterWord } from '../instantiate.js';
import { readVariants } from '../read-words.js';
import { type ArgItem, isKnown, isUnknownRest } from '../static-args.js';
import type { ArgumentStore } from './parameter-stores.js';
import { callbackGiven, type CallbackArgument, recordCommandCallback } from './parameter-callbacks.js';
import type { ClientSummary } from './summary.js';
import { lookup } from '@valkey-track/rules-data';
import { commandOfMethod } from '../../clients/command-names.js';
import { commandArguments, reportNode, shapeOfMethod } from '../../models/client-reads.js';

/**
 * Reads an exported function sends whose reply it returns, for its module summary, so the importing module
 * can make them again at each call and judge what the caller keeps:
 * - on a client its caller passes: every parameter of an exported function (and every property path below
 *   it, `deps.valkey`) stands for whatever the caller passes; a command method called on one is a read whose
 *   client the caller chooses, judged with that client's tracking;
 * - on a client of its own module (`export const sessionTtl = (id) => redis.ttl(...)` beside `redis`), judged
 *   with that client's tracking as the module sets it up; not a reply its library's own cache keeps (the
 *   module reports that where it reads).
 */

/** Where a parameter value comes from: argument `index` of `fn`, and the properties below it. */
export interface ParameterOrigin {
  /** The function, or the class whose implicit constructor hands its arguments to an imported base's. */
  fn: FunctionNode | ClassNode;
  index: number;
  path: readonly string[];
}

/** `deps.state.redis` at most: deeper paths are configuration, not clients. */
const MAX_PATH = 3;
/** Word variants kept per read (an argument array built with `push` has several). */
const MAX_VARIANTS = 4;

/** A word of a summarized read; `parameter`: the function's parameter (by index) the word is. */
/** Where a word comes from among the function's parameters (`ParameterWord`, as the summary carries it). */
interface PlacedWord {
  parameter?: number;
  rest?: boolean;
  property?: string;
  fallback?: string[];
  template?: ParameterWord['template'];
  path?: string[];
  constructorArgument?: true;
}

export type SummaryWord =
  | string
  | ({ unknown: true; head: string; text: string; numeric?: true } & PlacedWord)
  | ({ unknownRest: true; text: string; each?: string[] } & PlacedWord);

/** A command a function sends on a client it is given, whose reply (or a value computed from it) it returns. */
export interface SummarizedRead {
  /** The client of the function's own module it is sent on, with its tracking (no argument then). */
  client?: ClientSummary;
  /**
   * The argument holding the client (`argument`), the argument of the class's constructor
   * (`constructorArgument`), or the argument of the factory that made the object the function is a method of
   * (`factoryArgument`: `makeRepo(redis)` returning `{ all: () => redis.keys(...) }`).
   */
  argument?: number;
  constructorArgument?: number;
  factoryArgument?: number;
  /** The properties below that argument (`['valkey']` for `({ valkey }) => valkey.scan(...)`). */
  path: string[];
  method: string;
  sent: Extract<ReadShape, { style: 'imported' }>['sent'];
  words: SummaryWord[][];
  /** The command as a message names it (`SCAN`, `OBJECT IDLETIME`). */
  command: string;
  /** Where the command is sent, for messages. */
  file: string;
  line: number;
  /** `CLIENT CACHING yes|no` the function sends on the same client right before the command. */
  caching?: { YES: Directive; NO: Directive };
  /** Queued in a pipeline or MULTI of the function's: no client library's cache keeps its reply. */
  queued?: true;
  /**
   * Where the function's module keeps the reply (`this.cache.set(id, await this.redis.ttl(key))`): a store of
   * that module, whichever client the caller passes.
   */
  keptIn?: { place: string; line: number; file: string };
  /** The argument the function puts the reply in, a store its caller passes (`cache.set(k, await redis.ttl(k))`). */
  storedIn?: ArgumentStore;
  /** The callback of the caller's the function hands the reply to (`onPage(keys)`). */
  passedTo?: CallbackArgument;
  /**
   * The members of the returned object or array that hold the reply or a part of it (`left` of
   * `return { left, pick }`; `next` and `keys` of `const [next, keys] = await scan(...); return { next, keys }`).
   */
  fields?: string[];
  /**
   * A `CLIENT TRACKING` the function turns on for the client its caller passes (`enableTracking(client,
   * 'settings:')`): no read, but the caller's client tracks as the words say.
   */
  tracking?: true;
}

/** Whether a read is `CLIENT TRACKING ...`. */
const isClientTracking = (b: FlowBuilder, read: Read): boolean =>
  readVariants(b, read).some((words) => clientSubcommand(words) === 'TRACKING');

/** The value standing for `path` below argument `index` of `fn`. */
export function parameterValue(
  b: FlowBuilder,
  fn: FunctionNode | ClassNode,
  index: number,
  path: readonly string[] = [],
): number {
  const origin: ParameterOrigin = { fn, index, path };
  const type = path.length === 0 ? 'parameter' : `parameter.${path.join('.')}`;
  const site = isFunctionNode(fn) ? fn.params[index]! : fn;
  return b.value({ kind: 'model', model: 'summary', type, site, data: origin });
}

/**
 * A marker reply standing for what argument `index` of `fn` holds (or, `result`, what calling it returns), put in
 * `into`, so the sinks it reaches after the analysis say what the function keeps (`summary.ts`).
 */
export function markerRead(
  b: FlowBuilder,
  fn: FunctionNode,
  index: number,
  result: boolean,
  into: number,
  key?: string,
): number {
  const parameter = fn.params[index]!;
  const site = b.newCallSite(parameter, [], undefined, into, { synthetic: true });
  const shape = { style: 'marker', method: '', fn, index, result } as const;
  return createRead(b, site, -1, 0, shape, { into, report: parameter, ...(key ? { key } : {}) }).label;
}

export function parameterOrigin(b: FlowBuilder, value: number): ParameterOrigin | undefined {
  // A marker read has no client (-1).
  if (value < 0) return undefined;
  const described = b.describe(value);
  // A continuation a caller's loader is given is a summary value too, but stands for no parameter.
  return described.kind === 'model' && described.model === 'summary' && described.type.startsWith('parameter')
    ? (described.data as ParameterOrigin | undefined)
    : undefined;
}

/** At a call, what argument `index` holds below `path` (`deps.cache` of `warm(deps)`); undefined when not passed. */
export function argumentBelow(
  b: FlowBuilder,
  site: CallSite,
  index: number,
  path: readonly string[],
): number | undefined {
  let value = site.args[index];
  if (value === undefined) return undefined;
  for (const property of path) value = b.load(value, property);
  return value;
}

/** `deps.valkey` of a parameter: the value standing for that path (the parameter's own fields stay too). */
export function loadParameterPath(b: FlowBuilder, value: number, name: string, target: number): void {
  const origin = parameterOrigin(b, value);
  if (!origin || name === '*' || origin.path.length >= MAX_PATH) return;
  b.engine.addValue(target, parameterValue(b, origin.fn, origin.index, [...origin.path, name]));
}

/** `valkey.scan(...)` on a parameter (or a path below one): a read on whatever client the caller passes. */
export function parameterCommand(
  b: FlowBuilder,
  site: CallSite,
  value: number,
  f: number,
  name: string,
): void {
  if (!parameterOrigin(b, value)) return;
  const shape = shapeOfMethod(b, name, site.node);
  if (!shape || shape.style === 'marker' || shape.style === 'imported') return;
  createRead(b, site, value, tagOfFact(f), shape, { report: reportNode(site.node), onParameter: true });
  // A node-style callback written last (`client.object('IDLETIME', key, function (err, secs) {...})`): the
  // clients that take one (ioredis, node_redis 3) hand it the reply.
  // Or the caller's callback handed on by its name (`client.keys(pattern, cb)`): the caller's to run with it.
  const given = site.node.type === AST_NODE_TYPES.CallExpression ? site.node.arguments : [];
  const last = given.at(-1);
  const literal =
    last?.type === AST_NODE_TYPES.FunctionExpression || last?.type === AST_NODE_TYPES.ArrowFunctionExpression;
  const named =
    last?.type === AST_NODE_TYPES.Identifier && commandArguments(site.node, true).length < given.length;
  if (!literal && !named) return;
  const callback = site.args[site.args.length - 1]!;
  const called = b.callCallback(site.node, callback, [b.engine.node(), site.result]);
  if (named) recordCommandCallback(b, called, callback);
}

/** The command a read sends, as a message names it: the method's command, else its first known words. */
function commandText(shape: ReadShape, words: readonly ArgItem[]): string {
  if (shape.style === 'method') {
    const command = commandOfMethod(shape.method);
    // A container's subcommand is the word after its name (ioredis `object('IDLETIME', key)`).
    const sub = command?.container ? words[1] : undefined;
    if (command && sub !== undefined && isKnown(sub) && lookup(`${command.head[0]}|${sub}`))
      return `${command.head[0]} ${sub.toUpperCase()}`;
    if (command) return command.head.join(' ');
  }
  const first = words[0];
  return first !== undefined && isKnown(first) ? first.toUpperCase() : shape.method;
}

/**
 * A word a method reads from its instance (`for (const p of this.#prefixes)`) that holds what the class's
 * constructor was given (`options.prefixes`, `prefixes`): that parameter of the constructor, for the `new` that
 * made the instance to fill in.
 */
function constructorParameterOf(b: FlowBuilder, item: ArgItem, fn: FunctionNode): ParameterWord | undefined {
  const source = isKnown(item) ? undefined : item.source;
  const cls = classOf(fn);
  // `this.#prefixes`, or a member of a field (`this.options.prefixes`).
  let base: TSESTree.Node | undefined = source;
  while (
    base?.type === AST_NODE_TYPES.MemberExpression &&
    base.object.type === AST_NODE_TYPES.MemberExpression
  )
    base = base.object;
  if (
    source?.type !== AST_NODE_TYPES.MemberExpression ||
    base?.type !== AST_NODE_TYPES.MemberExpression ||
    base.object.type !== AST_NODE_TYPES.ThisExpression
  )
    return undefined;
  if (cls?.type !== AST_NODE_TYPES.ClassBody) return undefined;
  const member = isUnknownRest(item) ? item.member : undefined;
  const ofConstructor = (origin: ParameterOrigin) => {
    const method = isFunctionNode(origin.fn) ? origin.fn.parent : undefined;
    return (
      method?.type === AST_NODE_TYPES.MethodDefinition &&
      method.kind === 'constructor' &&
      method.parent === cls
    );
  };
  // What the module's own `new` sites pass (a static `create(client, prefixes)`) reaches its callers through
  // that factory's arguments: the constructor's parameter is the word.
  const origins = b.engine
    .valuesAt(b.valueOf(source))
    .map((value) => parameterOrigin(b, value))
    .filter((origin): origin is ParameterOrigin => origin !== undefined && ofConstructor(origin))
    .map((origin) => (member ? { ...origin, path: [...origin.path, member] } : origin));
  // `options.prefixes` loads the member and keeps the parameter itself beside it: the member is the word.
  const deepest = origins.sort((x, y) => y.path.length - x.path.length)[0];
  if (!deepest || deepest.path.length > 1 || origins.some((origin) => origin.index !== deepest.index))
    return undefined;
  return {
    index: deepest.index,
    rest: false,
    constructorArgument: true,
    ...(deepest.path[0] ? { property: deepest.path[0] } : {}),
  };
}

/** A word as a summary keeps it: no AST node; the function's own parameters by index. */
export function summaryWord(
  b: FlowBuilder,
  item: ArgItem,
  fn: FunctionNode,
  through?: (item: ArgItem) => ParameterWord | undefined,
): SummaryWord {
  if (isKnown(item)) return item;
  const parameter = parameterOf(b, item, fn) ?? constructorParameterOf(b, item, fn) ?? through?.(item);
  // The summary names the index `parameter`; the rest of the placement is carried as it is.
  let placed: PlacedWord = {};
  if (parameter) {
    const { index, ...placement } = parameter;
    placed = { parameter: index, ...placement };
  }
  return isUnknownRest(item)
    ? {
        unknownRest: true,
        text: item.text,
        ...(item.each && parameter ? { each: item.each } : {}),
        ...placed,
      }
    : {
        unknown: true,
        head: item.head,
        text: item.text,
        ...(item.numeric ? { numeric: true } : {}),
        ...placed,
      };
}

/** The `CLIENT CACHING` directives sent before a read in its own module, when there are any. */
function cachingOf(b: FlowBuilder, read: Read): { YES: Directive; NO: Directive } | undefined {
  const caching = { YES: directiveBefore(b, read, 'YES'), NO: directiveBefore(b, read, 'NO') };
  return caching.YES === 'missing' && caching.NO === 'missing' ? undefined : caching;
}

/** The class a method belongs to. */
const classOf = (fn: FunctionNode): TSESTree.Node | undefined =>
  fn.parent?.type === AST_NODE_TYPES.MethodDefinition ? fn.parent.parent : undefined;

const readsByBuilder = new WeakMap<FlowBuilder, Map<FunctionNode | ClassNode, Read[]>>();

/** The reads made on parameters, by the function (or implicit constructor) whose parameter the client is. */
function readsByFunction(b: FlowBuilder): Map<FunctionNode | ClassNode, Read[]> {
  let byFunction = readsByBuilder.get(b);
  if (!byFunction) {
    byFunction = new Map();
    for (const read of b.reads) {
      const origin = parameterOrigin(b, read.client);
      if (!origin) continue;
      const list = byFunction.get(origin.fn) ?? [];
      list.push(read);
      byFunction.set(origin.fn, list);
    }
    readsByBuilder.set(b, byFunction);
  }
  return byFunction;
}

/**
 * Whether what a function returns holds `label` inside it: an object or array it builds from its argument
 * (`pairsToObject(flat)` filling `out[flat[i]] = flat[i + 1]`; entries mapped to `{ id, fields }`), up to `depth`
 * levels of members.
 */
export function returnsWithin(
  b: FlowBuilder,
  returned: ReadonlySet<number>,
  label: number,
  depth = 2,
): boolean {
  return someWithin(b, returned, depth, (inside) => inside.includes(label));
}

/**
 * Whether `test` holds for what some member of an object among `values` holds, up to `depth` levels of members
 * (each level's values, then theirs).
 */
export function someWithin(
  b: FlowBuilder,
  values: Iterable<number>,
  depth: number,
  test: (inside: readonly number[]) => boolean,
): boolean {
  for (const value of values) {
    if (b.describe(value).kind !== 'object') continue;
    for (const field of b.engine.fieldsOf(value).values()) {
      const inside = b.engine.valuesAt(field);
      if (test(inside)) return true;
      if (depth > 1 && someWithin(b, inside, depth - 1, test)) return true;
    }
  }
  return false;
}

/**
 * The members of returned objects or arrays whose values hold a reply, themselves or in a member of an object
 * they hold (`out.push({ member: flat[i], score })`); none: the reply is not returned.
 */
function returnedFields(b: FlowBuilder, returned: ReadonlySet<number>, label: number): string[] {
  const fields = new Set<string>();
  for (const value of returned) {
    const described = b.describe(value);
    if (described.kind !== 'object' || (described.shape !== 'object' && described.shape !== 'array'))
      continue;
    for (const [name, field] of b.engine.fieldsOf(value)) {
      const inside = b.engine.valuesAt(field);
      if (inside.includes(label) || returnsWithin(b, new Set(inside), label, 1)) fields.add(name);
    }
  }
  return [...fields];
}

/**
 * Whether a read's command is a word its module cannot know (`redis.call(...argv)` of a wrapper that takes the
 * command as arguments): only a caller's words can judge it.
 */
export function commandFromCaller(b: FlowBuilder, read: Read): boolean {
  const variants = readVariants(b, read);
  return variants.length > 0 && variants.every((words) => words[0] === undefined || !isKnown(words[0]));
}

/** Clients the module shows itself, not ones it infers from the methods called on a parameter or its type. */
const shownOrigins = /^(constructed|duplicate|import:|setting:|factory:)/;

/** The reads on clients the module shows whose reply `fn` returns (and `clientOf` describes). */
function ownClientReads(
  b: FlowBuilder,
  fn: FunctionNode,
  returned: ReadonlySet<number>,
  clientOf: (read: Read) => ClientSummary | undefined,
  storedIn: ReadonlyMap<number, ArgumentStore>,
): Read[] {
  return b.reads.filter((read) => {
    if (read.client < 0) return false;
    const described = b.describe(read.client);
    if (described.kind !== 'client') return false;
    // A field known only by its type (`this.redis = container.resolve<Valkey>(TOKENS.Redis)`): its tracking is
    // unknown, but a reply that changes with no write is stale on any client.
    // One the module turns tracking on for itself (a Nest service's `onModuleInit` sending CLIENT TRACKING on its
    // injected `this.redis`) tracks so whatever the container gives it.
    const typedKnown =
      described.origin === 'typed' &&
      (changesWithNoWriteRead(b, read) || clientOf(read)?.tracking.some((state) => state.on) === true);
    if (!shownOrigins.test(described.origin) && !typedKnown) return false;
    if (
      !returned.has(read.label) &&
      !storedIn.has(read.label) &&
      returnedFields(b, returned, read.label).length === 0 &&
      !commandFromCaller(b, read) &&
      !(sendsThrough(b, fn, read) && callbackGiven(b, fn, read.label))
    )
      return false;
    return clientOf(read) !== undefined;
  });
}

/** The constructor function whose prototype (or instance) `fn` is a method of (`Repo.prototype.load = fn`). */
function prototypeConstructorOf(b: FlowBuilder, fn: FunctionNode): FunctionNode | undefined {
  for (const made of b.constructorFunctions.values()) if (made.methods.has(fn)) return made.fn;
  return undefined;
}

/**
 * The function whose returned object `fn` is a method of: `(redis) => ({ all() { ... } })`, or the object (or
 * function) held in a variable and returned as one of its members, `const billing = { due() { ... } }; return
 * { billing }`, `function list() { ... } return { list }`.
 */
function factoryOf(b: FlowBuilder, fn: FunctionNode): FunctionNode | undefined {
  const property = fn.parent;
  const holder =
    property?.type === AST_NODE_TYPES.Property && property.value === fn
      ? property.parent.type === AST_NODE_TYPES.ObjectExpression
        ? property.parent
        : undefined
      : fn;
  const factory = holder && enclosingFunction(holder);
  if (!holder || !factory) return undefined;
  const returned = returnedExpressions(factory);
  if ((returned as TSESTree.Node[]).includes(holder)) return factory;
  // The variable the object or function is declared as, named in a returned object literal.
  const declared = declaredName(holder);
  const variable = declared ? b.scopes.variableOf(declared) : undefined;
  if (!variable) return undefined;
  const named = returned.some(
    (expression) =>
      expression.type === AST_NODE_TYPES.ObjectExpression &&
      expression.properties.some(
        (p) =>
          p.type === AST_NODE_TYPES.Property &&
          p.value.type === AST_NODE_TYPES.Identifier &&
          b.scopes.variableOf(p.value) === variable,
      ),
  );
  return named ? factory : undefined;
}

/**
 * The reads `fn` sends on a client its caller passes (an argument of its own, or of its class's constructor
 * kept in a field), or on a client of its module (`clientOf` says how it tracks), whose reply it returns.
 * Commands that are no read of data stay out, but for a CLIENT TRACKING it turns on for the caller's client.
 */
export function summarizedReads(
  b: FlowBuilder,
  fn: FunctionNode,
  returned: ReadonlySet<number>,
  file: string,
  clientOf: (read: Read) => ClientSummary | undefined = () => undefined,
  storedIn: ReadonlyMap<number, ArgumentStore> = new Map(),
  keptAt: (read: Read) => SummarizedRead['keptIn'] = () => undefined,
  reportedHere: (read: Read) => boolean = () => false,
): SummarizedRead[] {
  const byFunction = readsByFunction(b);
  const cls = classOf(fn);
  const constructor =
    cls?.type === AST_NODE_TYPES.ClassBody
      ? ownConstructor(cls.parent as ClassNode)
      : prototypeConstructorOf(b, fn);
  // A class declaring no constructor passes its arguments to its imported base's (`new ProductSource(cache)`).
  const implicit = !constructor && cls?.type === AST_NODE_TYPES.ClassBody ? cls.parent : undefined;
  // A method of an object its factory returns sends on the factory's parameters (a closure).
  const factory = factoryOf(b, fn);
  const candidates = [
    ...(byFunction.get(fn) ?? []),
    ...(constructor && constructor !== fn ? (byFunction.get(constructor) ?? []) : []),
    ...(implicit ? (byFunction.get(implicit) ?? []) : []),
    ...(factory ? (byFunction.get(factory) ?? []).filter((read) => within(read.site.node, fn)) : []),
  ];
  // `deps.valkey.scan()` also reaches `deps` itself (a parameter's properties are part of its marker): the
  // longest path at a call is the receiver it names.
  const longest = new Map<TSESTree.Node, number>();
  for (const read of candidates) {
    const length = parameterOrigin(b, read.client)!.path.length;
    longest.set(read.site.node, Math.max(length, longest.get(read.site.node) ?? 0));
  }
  // A client the function is given and turns tracking on for itself (`createApp({ redis })` sending CLIENT
  // TRACKING on `redis`): its own module knows that tracking and reports what it keeps of that client.
  const originKey = (origin: ParameterOrigin) =>
    `${origin.fn.range[0]}:${origin.index}:${origin.path.join('.')}`;
  const tracksItself = new Set(
    candidates
      .filter((read) => within(read.site.node, fn) && isClientTracking(b, read))
      .map((read) => originKey(parameterOrigin(b, read.client)!)),
  );
  const summarized: SummarizedRead[] = [];
  for (const read of [...candidates, ...ownClientReads(b, fn, returned, clientOf, storedIn)]) {
    const origin = parameterOrigin(b, read.client);
    if (origin && origin.path.length < longest.get(read.site.node)!) continue;
    const shape = read.shape;
    if (shape.style === 'marker') continue;
    // A reply the function hands back, itself or as a member of what it returns (`return { left, pick }`), or to
    // a callback its caller passes (`onPage(keys)`); or
    // one it keeps where its module cannot judge it: on the caller's client, or with a command only the caller's
    // words name (a memoizing `call(...argv)`), judged at each call (`keptAt` leaves out what changes with no
    // write, reported where it is kept); or one it puts in a store the caller passes.
    // CLIENT TRACKING on the caller's client: the caller's client tracks, whatever the function returns.
    const tracking = origin !== undefined && isClientTracking(b, read);
    const fields = returned.has(read.label) ? undefined : returnedFields(b, returned, read.label);
    const kept =
      (origin || commandFromCaller(b, read)) && within(read.site.node, fn) ? keptAt(read) : undefined;
    const stored = sendsThrough(b, fn, read) ? storedIn.get(read.label) : undefined;
    // Handed to the caller's callback as well as counted in what it returns (`seen += keys.length`).
    const passed = callbackGiven(b, fn, read.label);
    if (fields?.length === 0 && !kept && !stored && !passed && !tracking) continue;
    // Kept by the module that turns tracking on for it: reported there, whatever part of it goes back.
    if (kept && !stored && !passed && !tracking && origin && tracksItself.has(originKey(origin))) continue;
    // A reply its module already keeps and reports (a TTL in the cache every method answers from): what the
    // function returns of it is that kept copy, not a reply for each caller to report again.
    if (!stored && !passed && !tracking && reportedHere(read)) continue;
    // Through a function of the module that takes the words as parameters: the words the exported one passes.
    const variants = readVariants(b, read)
      .flatMap((words) =>
        read.enclosing === fn ? [words] : instantiate(b, words, read.enclosing).map((i) => i.words),
      )
      .slice(0, MAX_VARIANTS);
    const first = variants[0];
    if (!first) continue;
    // A command a function of a third module sends on this parameter (`scanKeys(deps.valkey, 'user:*')`) is
    // named where that module sends it.
    const sent =
      shape.style === 'imported'
        ? {
            sent: shape.sent,
            command: shape.command,
            file: shape.file,
            line: shape.line,
            caching: shape.caching,
          }
        : {
            sent: shape.style,
            command: commandText(shape, first),
            file,
            line: read.report.loc.start.line,
            caching: cachingOf(b, read),
          };
    if (/^CLIENT\b/i.test(sent.command) && !tracking) continue;
    summarized.push({
      ...(tracking ? { tracking: true as const } : fields !== undefined ? { fields } : {}),
      ...(kept ? { keptIn: kept } : {}),
      ...(stored ? { storedIn: stored } : {}),
      ...(passed ? { passedTo: passed } : {}),
      ...(!origin
        ? { client: clientOf(read)! }
        : origin.fn === fn
          ? { argument: origin.index }
          : origin.fn === factory
            ? { factoryArgument: origin.index }
            : { constructorArgument: origin.index }),
      path: origin ? [...origin.path] : [],
      method: shape.method,
      sent: sent.sent,
      words: variants.map((words) => words.map((item) => summaryWord(b, item, fn))),
      command: sent.command,
      file: sent.file,
      line: sent.line,
      ...(sent.caching ? { caching: sent.caching } : {}),
      ...(read.pipeline !== undefined || (shape.style === 'imported' && shape.queued)
        ? { queued: true }
        : {}),
    });
  }
  return summarized;
}

/** Whether `fn` sends the read itself, or calls the function of the module that does. */
export function sendsThrough(b: FlowBuilder, fn: FunctionNode, read: Read): boolean {
  if (within(read.site.node, fn) || !read.enclosing) return true;
  for (const id of b.engine.callSitesOf(read.enclosing)) {
    const call = b.engine.callSites[id]?.node;
    if (call && within(call, fn)) return true;
  }
  return false;
}
