import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  type ClassNode,
  enclosingFunction,
  constructorArguments,
  extendedParameter,
  gettersOfFields,
  type FunctionNode,
  isFunctionNode,
  ownConstructor,
  returnedClasses,
  returnedExpressions,
  staticPropertyName,
  within,
} from '../ast.js';
import { type ClientInfo, clientSubcommand, readInstances, type TrackingOn } from '../client-states.js';
import type { NodeRedisChoice } from '../node-redis-choice.js';
import { recordParameterCall, recordParameterMethodCall } from './parameter-callbacks.js';
import { patchedMembers } from './patched-arguments.js';
import { forwardedParameter } from './forwarding-wrappers.js';
import { readMembers } from './read-members.js';
import { exportedClientTypes } from './client-type-exports.js';
import type { ClientType } from '../flow/typed-clients.js';
import { parameterPipelineCall } from './parameter-pipelines.js';
import { callContinuations, continuationMarkers } from './continuations.js';
import { calledOptionMembers } from './option-callbacks.js';
import { onlyCalledWhileRunning } from '../flow/callback-parameters.js';
import { changesWithNoWriteRead, libraryCaches } from '../cached-reads.js';
import type { FieldTtlKey } from '../field-ttl.js';
import { type ArgItem, isKnown, wordsOf } from '../static-args.js';
import type { HookMarker } from './template-hooks.js';
import { functionName } from '../flow/constructor-functions.js';
import type { FlowBuilder } from '../flow/builder.js';
import type { Read } from '../flow/reads.js';
import type { ModuleFlow } from '../flow/module-flow.js';
import type { Sink } from '../flow/sinks.js';
import { flowsTo } from '../flow/reaches.js';
import { cachingBeforeCallbacks } from '../caching-directive.js';
import type { ClientLibrary } from '../flow/values.js';
import { memberPath, parameterOf, type ParameterWord, withPath } from '../instantiate.js';
import type { FlowModel } from '../flow/model.js';
import type { RegisteredNode } from '../registrations.js';
import type { TrackingState } from '../../clients/tracking-arguments.js';
import { overriddenKeptHooks } from './kept-hooks.js';
import {
  commandFromCaller,
  loadParameterPath,
  markerRead,
  parameterCommand,
  parameterOrigin,
  parameterValue,
  type ParameterOrigin,
  returnsWithin,
  sendsThrough,
  type SummarizedRead,
  summarizedReads,
  type SummaryWord,
  summaryWord,
} from './parameter-reads.js';
import {
  recordParameterStore,
  replyStores,
  type StoredArgument,
  storedArguments,
} from './parameter-stores.js';

/** An exported client: how its replies are cached and kept fresh in the module that made it. */
export interface ClientSummary {
  library: ClientLibrary;
  cluster: boolean;
  /**
   * `atCall`: a state whose words come from the factory's parameters, replaced by {@link trackingAtCall};
   * `onlyWhen`: the option that turns it on (`if (options.tracking)`), for a call that shows it off to drop it.
   */
  tracking: Array<TrackingState & { atCall?: true; onlyWhen?: ParameterWord }>;
  /**
   * The CLIENT TRACKING words of a client a factory makes, with its parameters in place (`PREFIX`, `opts.prefix`):
   * each call's arguments make them known (`createRedis({ prefix: 'tag:' })`).
   */
  trackingAtCall?: SummaryWord[][];
  cache?:
    | { kind: 'node-redis'; choice?: NodeRedisChoice; mark?: boolean }
    | { kind: 'glide'; serverAssisted: boolean | undefined };
  /** node-redis `emitInvalidate`: an option a `duplicate()` of the client copies, with the tracking it turns on. */
  invalidateEvents?: true;
  /** A `withTypeMapping` view: the library cache of the client whose connection it sends on (its tracking). */
  connectionCache?: 'node-redis' | 'glide';
  /**
   * Known only by its type annotation (`readonly tracked: Valkey = trackedValkey`): what the module assigns
   * comes from a module this reading did not follow, so its tracking is not known here.
   */
  typed?: true;
  /** Handed to a function of a module this reading did not follow, which may turn tracking on for it. */
  handedOn?: true;
  /**
   * Script methods defined for it (node-redis `scripts: { name: defineScript(...) }`, ioredis `defineCommand`),
   * by name: the script's words and its number of keys, when the module writes them out.
   */
  scripts?: Record<string, { lua: string[]; numberOfKeys: string[] }>;
}

/** The script methods a module defines, as words another module can read (only those it writes out whole). */
function scriptSummaries(b: FlowBuilder): ClientSummary['scripts'] {
  let scripts: ClientSummary['scripts'];
  for (const [name, { lua, numberOfKeys }] of b.scriptCommands) {
    const words = (node: TSESTree.Node | readonly string[] | undefined): string[] | undefined => {
      if (node === undefined) return [];
      if (Array.isArray(node)) return [...(node as readonly string[])];
      const found = wordsOf(
        node as TSESTree.Node,
        b.sourceCode.getScope(node as TSESTree.Node),
        b.sourceCode,
      );
      return found.every(isKnown) ? (found as string[]) : undefined;
    };
    const luaWords = words(lua);
    const keyWords = words(numberOfKeys);
    if (!luaWords || luaWords.length === 0 || !keyWords) continue;
    (scripts ??= {})[name] = { lua: luaWords, numberOfKeys: keyWords };
  }
  return scripts;
}

/** A client's summary with the script methods its module defines. */
function withScripts(b: FlowBuilder, summary: ClientSummary): ClientSummary {
  const scripts = scriptSummaries(b);
  return scripts ? { ...summary, scripts: { ...scripts, ...summary.scripts } } : summary;
}

/** An exported function: which arguments it keeps, whose results it keeps (a memoizer), what client it returns. */
export interface FunctionSummary {
  /**
   * How many parameters it declares, recorded from three on: a legacy method decorator takes `(target, key,
   * descriptor)`, where a TC39 one takes `(method, context)`.
   */
  params?: number;
  keepsArguments: number[];
  keepsResultsOf: number[];
  /** Arguments (by index) its return value is computed from (`formatDuration(ms)`). */
  returnsArguments: number[];
  /** Callback arguments whose results it returns (`withRetry(() => redis.ttl(k))`, `timed(label, fn)`). */
  returnsResultsOf?: number[];
  /** Where it keeps them, for messages. */
  keptIn?: { place: string; line: number; file: string };
  /**
   * Loader arguments whose continuation's argument it keeps in its module (`wrapCb(key, ttl, (done) =>
   * redis.pttl(k, done), cb)` storing what `done` is given): the argument, the position, where.
   */
  keepsContinuationsOf?: Array<{
    index: number;
    position: number;
    keptIn: { place: string; line: number; file: string };
  }>;
  /**
   * Callbacks of an options argument whose results it keeps (`getCached(key, { ttlMs, getFreshValue })` keeping
   * what `getFreshValue()` returns): the argument, the member, where.
   */
  keepsMemberResultsOf?: Array<{
    index: number;
    member: string;
    keptIn: { place: string; line: number; file: string };
  }>;
  /**
   * Members of an argument it keeps (a Koa middleware's `responses.set(key, ctx.body)` after `await next()`): the
   * argument, the member, where. What the caller's handlers put there is kept.
   */
  keepsMembersOf?: Array<{
    index: number;
    member: string;
    keptIn: { place: string; line: number; file: string };
  }>;
  /** Where each kept argument is kept (`remember(key, value)` keeps the key in one map, the value in another). */
  keptArgumentIn?: Record<number, { place: string; line: number; file: string }>;
  returnsClient?: ClientSummary;
  /** The fields of an object it returns (`return { client, subscriber }` of a factory of tracked pairs). */
  returnsMembers?: Record<string, ExportSummary>;
  /**
   * A mixin (`(Base) => class extends Base { ... }`): the members of the class it returns, and the argument
   * that class extends, whose members its instances have too.
   */
  returnsClass?: { instance: Record<string, ExportSummary>; extendsArgument?: number };
  /** An instance of a class of its module it returns (`static getInstance()` of a singleton): its members. */
  returnsInstance?: Record<string, ExportSummary>;
  /**
   * That instance is made once and held (`CacheManager.instance = new CacheManager()`): every call returns the
   * same one, which lives as long as the process, wherever a caller holds it.
   */
  returnsSingleton?: true;
  /**
   * For an instance it makes with `new` from its own parameters (`static create(client, prefixes) { return new
   * NearCache(client, prefixes) }`): which of its arguments each constructor argument is (null: another value).
   */
  constructsWith?: ConstructedWith;
  /**
   * A function it returns (`memoize({ ttlMs })` returns the memoizer, a decorator factory the decorator): what
   * that one keeps, so `memoize(30_000)(load)` keeps `load`'s results.
   */
  returnsFunction?: FunctionSummary;
  /**
   * The argument the function it returns runs with its own arguments (`catchAsync(handler)` returning `(req, res,
   * next) => handler(req, res, next).catch(next)`): a route given the result runs that argument.
   */
  returnsRunnerOf?: number;
  /** Commands it sends on a client its caller passes, whose replies it returns or keeps. */
  reads?: SummarizedRead[];
  /** Arguments (or callbacks' results) it puts in a store its caller passes (`remember(cache, key, load)`). */
  storesInto?: StoredArgument[];
  /** Callback arguments it only calls while it runs (`eachPage(pattern, onPage)`): they run within the call. */
  runsArguments?: number[];
  /**
   * Functions it puts on members of its arguments that keep something (a response cache's `res.json = (body) =>
   * { store.set(url, body); ... }`): the caller's later `res.json(x)` keeps `x` as that function's summary says.
   */
  patchesArguments?: Array<{ index: number; member: string; fn: FunctionSummary }>;
  /**
   * Callback arguments it calls right after sending `CLIENT CACHING yes` (`Promise.all([client('CACHING', 'YES'),
   * read()])`: `sent`), or after awaiting it (`raced`): what a read the callback makes first is preceded by.
   */
  cachingBefore?: Record<number, 'sent' | 'raced'>;
}

export interface ExportSummary {
  client?: ClientSummary;
  /** A type alias for a client (`export type Redis = ReturnType<typeof createClient>`). */
  clientType?: ClientType;
  /**
   * A hook of a class (`load` of `get(id) { ... this.cache.set(id, await this.load(id)) }`): where the class keeps
   * what the hook returns, so a subclass's override is judged as kept there.
   */
  keptResult?: { place: string; line: number; file: string };
  /**
   * A method overriding such a hook of its imported base: every instance keeps what it reads, so its reads are
   * judged where an instance is made (`new CouponRepository(cache)`), on the client that `new` passes.
   */
  keptByBase?: true;
  /** A cache or object that lives as long as its module: whatever is put in it is kept. */
  store?: boolean;
  fn?: FunctionSummary;
  /** Properties of an exported object (`module.exports = { a, b }`), and static members of a class. */
  members?: Record<string, ExportSummary>;
  /** A class: what its instances' methods and fields are. */
  instance?: Record<string, ExportSummary>;
  /** A class whose constructor keeps what a callback argument returns (a batcher, a loader). */
  construct?: FunctionSummary;
  /** A valkey-glide `new Script(lua)`: the script's words, when the module writes them out. */
  script?: string[];
  /** An instance a factory made: which of the factory call's arguments each constructor argument is. */
  constructedWith?: ConstructedWith;
  /**
   * An instance member the constructor sets from its argument (`constructor(protected readonly client: Valkey)`,
   * `this.client = client`): that argument's index, so a subclass's instance made with `new Sub(cache)` holds `cache`.
   */
  constructorArgument?: number;
}

/**
 * For each argument of a `new` in a factory: the factory's parameter it is, an object of them (`{ prefixes,
 * ttlMs }`: member -> parameter), or null (another value).
 */
export type ConstructedWith = Array<number | null | Record<string, number>>;

/** What an argument of a factory's `new` is in terms of the factory's own parameters (see ConstructedWith). */
function argumentOf(fn: FunctionNode, argument: TSESTree.Node): ConstructedWith[number] {
  const parameterIndex = (node: TSESTree.Node) => {
    if (node.type !== AST_NODE_TYPES.Identifier) return -1;
    return fn.params.findIndex((param) => {
      const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      return target.type === AST_NODE_TYPES.Identifier && target.name === node.name;
    });
  };
  if (argument.type === AST_NODE_TYPES.ObjectExpression) {
    const members: Record<string, number> = {};
    for (const property of argument.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const name = staticPropertyName(property.key, property.computed);
      const index = parameterIndex(property.value);
      if (name !== undefined && index >= 0) members[name] = index;
    }
    return Object.keys(members).length > 0 ? members : null;
  }
  const index = parameterIndex(argument);
  return index < 0 ? null : index;
}

export interface ModuleSummary {
  file: string;
  exports: Map<string, ExportSummary>;
  reexports: Map<string, { module: string; name: string }>;
  /** Exported constants (strings, numbers, arrays and plain objects of them), by export name. */
  constants?: Map<string, unknown>;
  /** Keys (and key prefixes) the module's writes give hash field TTLs, exported or not: the keys are shared. */
  fieldTtlKeys?: FieldTtlKey[];
  /** Clients the module registers with a framework (Nest providers, fastify decorations), by key (`registrations.ts`). */
  registrations?: Map<string, ExportSummary>;
}

const markerKey = (fn: FunctionNode, index: number, result: boolean) => `${fn.range[0]}:${index}:${result}`;

/** Whether a returned function keeps something (the only reason to describe it). */
const keepsAnything = (fn: FunctionSummary): boolean =>
  fn.keepsArguments.length > 0 ||
  fn.keepsResultsOf.length > 0 ||
  fn.keepsContinuationsOf !== undefined ||
  fn.keepsMemberResultsOf !== undefined ||
  fn.keepsMembersOf !== undefined ||
  fn.returnsFunction !== undefined ||
  fn.storesInto !== undefined ||
  fn.patchesArguments !== undefined;

/** A function that keeps, returns and reads nothing its callers need to know of. */
const emptySummary = (): FunctionSummary => ({
  keepsArguments: [],
  keepsResultsOf: [],
  returnsArguments: [],
});

/** The function a declaration or expression is, through a `const` (`export const f = () => ...`). */
function functionOf(
  b: FlowBuilder,
  node: TSESTree.Node | null | undefined,
): FunctionNode | ClassNode | undefined {
  if (!node) return undefined;
  if (
    isFunctionNode(node) ||
    node.type === AST_NODE_TYPES.ClassDeclaration ||
    node.type === AST_NODE_TYPES.ClassExpression
  )
    return node;
  if (node.type === AST_NODE_TYPES.Identifier) {
    const definition = b.scopes.variableOf(node)?.defs[0];
    if (
      definition?.node.type === AST_NODE_TYPES.FunctionDeclaration ||
      definition?.node.type === AST_NODE_TYPES.ClassDeclaration
    )
      return definition.node;
    if (definition?.node.type === AST_NODE_TYPES.VariableDeclarator)
      return functionOf(b, definition.node.init);
  }
  return undefined;
}

/** The properties of an object literal, each with the function or class its value is (`functionOf`). */
function objectMethods(
  b: FlowBuilder,
  object: TSESTree.ObjectExpression | undefined,
): Array<[TSESTree.Property, FunctionNode | ClassNode | undefined]> {
  const properties = (object?.properties ?? []).filter(
    (property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property,
  );
  return properties.map((property) => [property, functionOf(b, property.value)]);
}

/**
 * The functions a function returns as written, directly or by a name bound to one (a factory of functions:
 * `memoize({ ttlMs })` returning the memoizer, a decorator factory returning the decorator).
 */
function returnedFunctions(b: FlowBuilder, fn: FunctionNode): FunctionNode[] {
  return returnedExpressions(fn).flatMap((returned) => {
    const found = functionOf(b, returned);
    return found && isFunctionNode(found) ? [found] : [];
  });
}

/**
 * The expression of `type` a node is, directly or through a `const`: an object literal (`module.exports = {
 * f }`), a `new` (`const cache = new CacheService(); module.exports = cache`).
 */
function writtenAs<T extends AST_NODE_TYPES.ObjectExpression | AST_NODE_TYPES.NewExpression>(
  b: FlowBuilder,
  node: TSESTree.Node | null | undefined,
  type: T,
): Extract<TSESTree.Node, { type: T }> | undefined {
  const written =
    node?.type === AST_NODE_TYPES.Identifier ? b.scopes.variableOf(node)?.defs[0]?.node : undefined;
  const expression = written?.type === AST_NODE_TYPES.VariableDeclarator ? written.init : node;
  return expression?.type === type ? (expression as Extract<TSESTree.Node, { type: T }>) : undefined;
}

/**
 * The functions a module exports, as the source writes them (the parameters a summary needs): exported
 * declarations, `export { f }`, `export default`, `module.exports = { f }` / `= f` / `.f = f`, `exports.f = f`,
 * the methods of an exported object literal, and the methods and constructors of exported classes. Functions they call need no markers of their own.
 */
function exportedFunctions(b: FlowBuilder, named: ReadonlyMap<string, number>): FunctionNode[] {
  const found = new Set<FunctionNode | ClassNode>();
  const add = (node: TSESTree.Node | null | undefined) => {
    const fn = functionOf(b, node);
    if (fn) found.add(fn);
    // A singleton (`module.exports = new CacheService()`, `export default new Cache()`): its class's methods.
    const made = writtenAs(b, node, AST_NODE_TYPES.NewExpression);
    const cls = made && functionOf(b, made.callee);
    if (cls) found.add(cls);
    // An object of functions (`export const menuService = { dishes(ctx, id) { ... } }`, `module.exports = {
    // f }`): each method, as an exported function.
    const object = writtenAs(b, node, AST_NODE_TYPES.ObjectExpression);
    for (const [property, method] of objectMethods(b, object)) {
      if (method) found.add(method);
      // `module.exports = { productController }` of `const productController = { async index(req, res) {...} }`.
      const inner = method ? undefined : writtenAs(b, property.value, AST_NODE_TYPES.ObjectExpression);
      for (const [, innerMethod] of objectMethods(b, inner)) if (innerMethod) found.add(innerMethod);
    }
  };
  for (const statement of b.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration)
        for (const d of declaration.declarations) add(d.init);
      else add(declaration);
      for (const specifier of statement.specifiers)
        if (specifier.local.type === AST_NODE_TYPES.Identifier) add(specifier.local);
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      add(statement.declaration);
    } else if (
      statement.type === AST_NODE_TYPES.ExpressionStatement &&
      statement.expression.type === AST_NODE_TYPES.AssignmentExpression
    ) {
      const { left, right } = statement.expression;
      const target = b.sourceCode.getText(left);
      if (!/^(module\.)?exports\b/.test(target)) continue;
      add(right);
    }
  }
  // A mixin's class (`(Base) => class extends Base { ... }`): its methods are summarized as an exported class's.
  // A factory's functions (`memoize(ttl)` returning the memoizer, and what that returns), two levels deep.
  for (const item of [...found]) {
    if (!isFunctionNode(item)) continue;
    for (const cls of returnedClasses(item)) found.add(cls);
    // A factory's object (`makeStore(cache)` returning `{ keep(id, load) { ... } }`, or `{ get, set, wrap }` of
    // functions it declares): its methods.
    for (const returned of returnedExpressions(item)) {
      const object = returned.type === AST_NODE_TYPES.ObjectExpression ? returned : undefined;
      for (const [, method] of objectMethods(b, object))
        if (method && isFunctionNode(method)) found.add(method);
    }
    for (const inner of returnedFunctions(b, item)) {
      found.add(inner);
      for (const innermost of returnedFunctions(b, inner)) found.add(innermost);
    }
  }
  // What they put on their parameters' members (`res.json = (body) => ...`): summarized for their callers.
  for (const item of [...found])
    if (isFunctionNode(item)) for (const { patch } of patchedMembers(b, item)) found.add(patch);
  // A constructor function's prototype methods (`TtlCache.prototype.set = function (key, value) {...}`,
  // `TtlCache.prototype = { set() {...} }`): its instances' methods, summarized as an exported class's are.
  const constructorNames = new Set<string>();
  for (const item of found) {
    const name = isFunctionNode(item) ? functionName(item) : undefined;
    if (name) constructorNames.add(name);
  }
  if (constructorNames.size > 0) {
    for (const statement of b.sourceCode.ast.body) {
      if (
        statement.type !== AST_NODE_TYPES.ExpressionStatement ||
        statement.expression.type !== AST_NODE_TYPES.AssignmentExpression
      )
        continue;
      const { left, right } = statement.expression;
      const match = /^([A-Za-z_$][\w$]*)\.prototype(\.[\w$]+)?$/.exec(b.sourceCode.getText(left));
      if (!match || !constructorNames.has(match[1]!)) continue;
      if (match[2] && isFunctionNode(right)) found.add(right);
      else if (!match[2] && right.type === AST_NODE_TYPES.ObjectExpression)
        for (const property of right.properties)
          if (property.type === AST_NODE_TYPES.Property && isFunctionNode(property.value))
            found.add(property.value);
    }
  }
  const functions: FunctionNode[] = [];
  for (const item of found) {
    if (isFunctionNode(item)) {
      functions.push(item);
      continue;
    }
    for (const element of item.body.body) {
      if (element.type === AST_NODE_TYPES.MethodDefinition) functions.push(element.value as FunctionNode);
    }
  }
  return functions;
}

/**
 * Before propagation: every parameter of every exported function holds a marker reply, and calling it returns another,
 * so that afterwards the sinks tell which arguments (and which callbacks' results) each function keeps.
 */
export function seedParameterMarkers(
  b: FlowBuilder,
  named: ReadonlyMap<string, number>,
): Map<string, number> {
  const markers = new Map<string, number>();
  for (const fn of exportedFunctions(b, named)) {
    fn.params.forEach((parameter, index) => {
      if (parameter.type === AST_NODE_TYPES.RestElement) return;
      const slot = b.paramSlot(fn, index);
      const callable = parameterValue(b, fn, index);
      for (const result of [false, true]) {
        const into = result ? b.engine.field(callable, 'result') : slot;
        markers.set(markerKey(fn, index, result), markerRead(b, fn, index, result, into));
      }
      // `options.getFreshValue()`: what each callback of an options argument returns.
      for (const member of calledOptionMembers(b, fn, index)) {
        const into = b.engine.field(parameterValue(b, fn, index, [member]), 'result');
        markers.set(`${markerKey(fn, index, true)}.${member}`, markerRead(b, fn, index, true, into, member));
      }
      // `ctx.body` a Koa middleware keeps after `await next()`: what its caller's handlers put there.
      for (const member of readMembers(b, fn, index)) {
        const into = b.engine.field(callable, member);
        markers.set(
          `${markerKey(fn, index, false)}#${member}`,
          markerRead(b, fn, index, false, into, `#${member}`),
        );
      }
      b.engine.addValue(slot, callable);
    });
  }
  return markers;
}

/** The CLIENT TRACKING words of a state, with `fn`'s parameters in place, when some come from them. */
function wordsFromParameters(b: FlowBuilder, state: TrackingOn, fn: FunctionNode): SummaryWord[][] {
  if (!state.read) return [];
  const through = (item: ArgItem) => parameterThrough(b, item, state.read!.site.node, fn);
  return readInstances(b, state.read)
    .filter((instance) => clientSubcommand(instance.words) === 'TRACKING')
    .map((instance) => instance.words.map((item) => summaryWord(b, item, fn, through)))
    .filter((words) => words.some((word) => typeof word !== 'string' && word.parameter !== undefined));
}

/**
 * A word of a function of the module that `fn` calls (`connect(opts)` calling `createRedis(opts)`, whose
 * `tracking.prefixes` the word is) as `fn`'s own parameter word: the argument `fn` passes there, when that is
 * its own parameter (or a member of one), with the rest of the path below it.
 */
function parameterThrough(
  b: FlowBuilder,
  item: ArgItem,
  from: TSESTree.Node,
  fn: FunctionNode,
): ParameterWord | undefined {
  for (let inner = enclosingFunction(from); inner && inner !== fn; inner = enclosingFunction(inner)) {
    const word = parameterOf(b, item, inner);
    if (!word || word.rest || word.template || word.constructorArgument) continue;
    for (const siteId of b.engine.callSitesOf(inner)) {
      const call = b.engine.callSites[siteId]?.node;
      if (call?.type !== AST_NODE_TYPES.CallExpression || enclosingFunction(call) !== fn) continue;
      const argument = call.arguments[word.index];
      const outer = argument && parameterOf(b, { unknown: true, head: '', text: '', source: argument }, fn);
      if (!outer && argument?.type === AST_NODE_TYPES.Identifier) {
        const index = fn.params.findIndex(
          (param) => param.type === AST_NODE_TYPES.Identifier && param.name === argument.name,
        );
        if (index >= 0) return withMembers({ index, rest: false }, word);
      }
      if (outer && !outer.rest && !outer.template) return withMembers(outer, word);
    }
  }
  return undefined;
}

/** `outer`'s place with the members `inner` reads below its argument. */
const withMembers = (outer: ParameterWord, inner: ParameterWord): ParameterWord =>
  withPath(outer.index, [...memberPath(outer), ...memberPath(inner)]);

/**
 * The option a factory's tracking depends on (`if (options.tracking) { ... CLIENT TRACKING ... }`): the
 * parameter word of the innermost `if` whose branch sends it, when its test is one.
 */
function guardOf(b: FlowBuilder, state: TrackingOn, fn: FunctionNode): ParameterWord | undefined {
  const optionWord = (source: TSESTree.Node, at: TSESTree.Node) => {
    const item: ArgItem = { unknown: true, head: '', text: '', source };
    const word = parameterOf(b, item, fn) ?? parameterThrough(b, item, at, fn);
    return word && !word.rest && !word.template && !word.constructorArgument ? word : undefined;
  };
  for (let node: TSESTree.Node | undefined = state.read?.site.node; node && node !== fn; node = node.parent) {
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.IfStatement && parent.consequent === node) {
      const word = optionWord(testedOption(parent.test), parent);
      if (word) return word;
    }
    // `if (prefixes === undefined) return client;` earlier in the factory's body: the same guard, as an early return.
    if (parent === fn.body && parent.type === AST_NODE_TYPES.BlockStatement) {
      for (const statement of parent.body.slice(0, parent.body.indexOf(node as TSESTree.Statement))) {
        const absent =
          statement.type === AST_NODE_TYPES.IfStatement &&
          returnsAtOnce(statement) &&
          absentOption(statement.test);
        const word = absent ? optionWord(absent, statement) : undefined;
        if (word) return word;
      }
    }
  }
  return undefined;
}

/** `if (...) return x;` (or `{ return x; }`) with no else. */
function returnsAtOnce(statement: TSESTree.IfStatement): boolean {
  const then = statement.consequent;
  const only = then.type === AST_NODE_TYPES.BlockStatement && then.body.length === 1 ? then.body[0] : then;
  return !statement.alternate && only?.type === AST_NODE_TYPES.ReturnStatement;
}

/** What a test of an option's absence reads: `!prefixes`, `prefixes === undefined`, `options.prefixes == null`. */
function absentOption(test: TSESTree.Expression): TSESTree.Node | undefined {
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') return test.argument;
  return comparedWithNothing(test, ['===', '==']);
}

/** What an option test reads: `options.tracking`, also as `options.tracking !== undefined` or `!= null`. */
function testedOption(test: TSESTree.Expression): TSESTree.Node {
  return comparedWithNothing(test, ['!==', '!=']) ?? test;
}

/** The side of `x === undefined` (or `null === x`, with one of `operators`) that is not undefined or null. */
function comparedWithNothing(
  test: TSESTree.Expression,
  operators: readonly string[],
): TSESTree.Node | undefined {
  if (test.type !== AST_NODE_TYPES.BinaryExpression || !operators.includes(test.operator)) return undefined;
  const nothing = (side: TSESTree.Node) =>
    (side.type === AST_NODE_TYPES.Identifier && side.name === 'undefined') ||
    (side.type === AST_NODE_TYPES.Literal && side.value === null);
  if (nothing(test.right)) return test.left;
  return nothing(test.left) ? test.right : undefined;
}

/** How a client tracks, as a summary keeps it; for one a factory `fn` returns, the words its caller chooses. */
function clientSummary(
  info: ClientInfo | undefined,
  library: ClientLibrary,
  cluster: boolean,
  factory?: { b: FlowBuilder; fn: FunctionNode },
): ClientSummary {
  const atCall: SummaryWord[][] = [];
  const summary: ClientSummary = {
    library,
    cluster,
    tracking: (info?.tracking ?? []).map(({ read: _read, report: _report, ...state }, index) => {
      const words = factory ? wordsFromParameters(factory.b, info!.tracking[index]!, factory.fn) : [];
      atCall.push(...words);
      const guard = factory && guardOf(factory.b, info!.tracking[index]!, factory.fn);
      return {
        ...state,
        ...(words.length > 0 ? { atCall: true as const } : {}),
        ...(guard ? { onlyWhen: guard } : {}),
      };
    }),
  };
  if (atCall.length > 0) summary.trackingAtCall = atCall;
  if (info?.client.origin === 'typed') summary.typed = true;
  if (info?.cache?.kind === 'node-redis') {
    const { choice, mark } = info.cache;
    summary.cache = {
      kind: 'node-redis',
      ...(choice ? { choice } : {}),
      ...(mark !== undefined ? { mark } : {}),
    };
  }
  if (info?.invalidateEvents) summary.invalidateEvents = true;
  if (info?.connectionCache) summary.connectionCache = info.connectionCache;
  if (info?.cache?.kind === 'glide')
    summary.cache = { kind: 'glide', serverAssisted: info.cache.serverAssisted };
  return summary;
}

/**
 * Whether the module keeps a reply in a place of its own (a module variable, a store known by its type), not
 * only in a store its caller passes: its own analysis reports that one.
 */
function keptByModule(b: FlowBuilder, sinks: readonly Sink[] | undefined): boolean {
  return (sinks ?? []).some(
    ({ site }) =>
      site.base === undefined ||
      b.engine
        .valuesAt(site.base)
        .some((value) => b.describe(value).kind !== 'reply' && !parameterOrigin(b, value)),
  );
}

/** A store that adds to what is there (`stats.scanned += keys.length`): a running count, not the reply. */
function isTally(sink: Sink): boolean {
  const node = sink.site.node;
  return node.type === AST_NODE_TYPES.AssignmentExpression && TALLIES.has(node.operator);
}

const TALLIES = new Set(['+=', '-=', '*=', '|=']);

/**
 * The sinks of a parameter marker that the function's own run keeps it in: in its body, or reached from the
 * parameter without leaving by its return. What leaves by the return is the caller's to keep: a caller in the
 * same module that keeps `getOrSet(key, ttl, loader)`'s result (`this.#l1.set(key, await l2.getOrSet(...))`)
 * does not make `getOrSet` keep what every other caller's loader returns.
 */
function ownSinks(
  b: FlowBuilder,
  fn: FunctionNode,
  label: number | undefined,
  sinks: readonly Sink[] | undefined,
): Sink[] | undefined {
  if (!sinks?.some((sink) => !within(sink.site.node, fn))) return sinks?.slice();
  const marker = b.reads.find((read) => read.label === label)?.site.result;
  if (marker === undefined) return sinks.slice();
  const returned = b.returnNode(fn);
  return sinks.filter((sink) => within(sink.site.node, fn) || flowsTo(b, marker, sink.site.value, returned));
}

/**
 * A sink whose store is only ever a parameter (or a path below one) of a function the store site is in: what
 * a caller passes, kept as long as that caller's object lives. A constructor's parameter kept in a field and
 * filled by a method is the instance's (judged per instance), not this.
 */
function inCallersStore(b: FlowBuilder, sink: Sink): boolean {
  if (sink.site.base === undefined) return false;
  const values = b.engine.valuesAt(sink.site.base).filter((value) => b.describe(value).kind !== 'reply');
  return (
    values.length > 0 &&
    values.every((value) => {
      const origin = parameterOrigin(b, value);
      return origin !== undefined && within(sink.site.node, origin.fn);
    })
  );
}

/** A client the module makes (or is handed by a factory), not one known only from a type annotation. */
function madeClient(b: FlowBuilder, value: number): boolean {
  const described = b.describe(value);
  return described.kind === 'client' && described.origin !== 'typed';
}

/** What the module's exports are, from its analysis with parameter markers. */
export function summarizeModule(
  file: string,
  flow: ModuleFlow,
  clients: ReadonlyMap<number, ClientInfo>,
  markers: ReadonlyMap<string, number>,
  registered: readonly RegisteredNode[] = [],
  hooks: readonly HookMarker[] = [],
): ModuleSummary {
  const b = flow.builder;
  const summarizing = new Set<ClassNode>();
  const summarizingFunctions = new Set<FunctionNode>();
  // A function that returns an object holding itself (`module.exports = make(); module.exports.make = make`)
  // is described once: inside its own description it keeps and returns nothing more.
  // Each function and class once: a class whose methods return instances of others that return it again
  // (an ioredis-compatible adapter's hundreds of methods) is otherwise described again on every path to it.
  const functionSummaries = new Map<string, FunctionSummary>();
  const functionSummary = (fn: FunctionNode, depth = 0): FunctionSummary => {
    if (summarizingFunctions.has(fn)) return emptySummary();
    const key = `${fn.range[0]}:${depth}`;
    const known = functionSummaries.get(key);
    if (known) return known;
    summarizingFunctions.add(fn);
    try {
      const summary = describeFunction(fn, depth);
      functionSummaries.set(key, summary);
      return summary;
    } finally {
      summarizingFunctions.delete(fn);
    }
  };
  /** Where a sink keeps what it keeps, for messages. */
  const placeOf = (sink: Sink) => ({ place: sink.site.place, line: sink.site.node.loc.start.line, file });
  const describeFunction = (fn: FunctionNode, depth: number): FunctionSummary => {
    const summary = emptySummary();
    if (fn.params.length >= 3) summary.params = fn.params.length;
    const returned = new Set(b.engine.valuesAt(b.returnNode(fn)));
    const reads = summarizedReads(
      b,
      fn,
      returned,
      file,
      (read) => {
        const described = b.describe(read.client);
        if (described.kind !== 'client') return undefined;
        // A reply the function's module keeps itself is reported there, where it is read, as a helper's of one
        // module; unless the command is the caller's to name (`memo.read('KEYS', 'a:*')`): judged at each call.
        // A tally it keeps (`stats.scanned += keys.length`) leaves the reply itself to what its callers keep.
        const keeps = flow.sinks.get(read.label)?.some((sink) => !isTally(sink)) ?? false;
        // One whose command a caller names is judged where it is named: at calls of `fn` when `fn` sends it (or
        // calls what does), not when `fn` only hands out the kept copy (`return this.#memo.get(key)`).
        if (keeps && (!commandFromCaller(b, read) || !sendsThrough(b, fn, read))) return undefined;
        const info = clients.get(read.client);
        // A reply the library's cache keeps is reported where it is read, wherever it goes (an imported
        // client's too: its cache came with it); another reply of the same client is the caller's to judge.
        if (info?.cache && libraryCaches(b, read, info.cache)) return undefined;
        // An imported client as its module made it, unless this module turns tracking on for it itself
        // (`const client = createClient(); client.on('ready', () => client.client('TRACKING', ...))`).
        const imported = b.importedClients.get(read.client);
        if (imported && !info?.tracking.some((state) => state.read)) return imported;
        return clientSummary(info, described.library, described.cluster);
      },
      replyStores(b, fn, file, (label) => keptByModule(b, flow.sinks.get(label))),
      (read) => {
        // One that changes with no write is reported where it is kept, on any client; the others depend on the
        // tracking of the client each caller passes.
        if (changesWithNoWriteRead(b, read)) return undefined;
        // Not a store the caller passes to the function the read is in or to one enclosing it
        // (`createShop({ cache })` whose closures fill `cache`): the caller's to judge (`storedIn`), kept or
        // not by what that call passes.
        const sink = flow.sinks.get(read.label)?.find((one) => !inCallersStore(b, one));
        return sink && placeOf(sink);
      },
      (read) => changesWithNoWriteRead(b, read) && keptByModule(b, flow.sinks.get(read.label)),
    );
    if (reads.length > 0) summary.reads = reads;
    fn.params.forEach((_parameter, index) => {
      for (const result of [false, true]) {
        const label = markers.get(markerKey(fn, index, result));
        // What it returns is the argument, or is built from it (an object of its pairs): replies go with it.
        const leaves = label !== undefined && (returned.has(label) || returnsWithin(b, returned, label));
        if (leaves) {
          if (!result) summary.returnsArguments.push(index);
          else (summary.returnsResultsOf ??= []).push(index);
        }
        const kept = label === undefined ? undefined : flow.sinks.get(label);
        const sinks = leaves ? ownSinks(b, fn, label, kept) : kept;
        if (!sinks || sinks.length === 0) continue;
        (result ? summary.keepsResultsOf : summary.keepsArguments).push(index);
        const where = placeOf(sinks[0]!);
        summary.keptIn ??= where;
        if (!result) (summary.keptArgumentIn ??= {})[index] = where;
      }
    });
    fn.params.forEach((_parameter, index) => {
      for (const member of readMembers(b, fn, index)) {
        const label = markers.get(`${markerKey(fn, index, false)}#${member}`);
        // Kept by the module (`responses.set(key, ctx.body)`), not put back on a parameter (`ctx.body = hit.body`).
        const sink = (label === undefined ? undefined : flow.sinks.get(label))?.find((one) =>
          keptByModule(b, [one]),
        );
        if (sink) (summary.keepsMembersOf ??= []).push({ index, member, keptIn: placeOf(sink) });
      }
      for (const member of calledOptionMembers(b, fn, index)) {
        const label = markers.get(`${markerKey(fn, index, true)}.${member}`);
        const [sink] = (label === undefined ? undefined : flow.sinks.get(label)) ?? [];
        if (sink) (summary.keepsMemberResultsOf ??= []).push({ index, member, keptIn: placeOf(sink) });
      }
    });
    for (const { label, index, position } of continuationMarkers(b, fn)) {
      const sinks = flow.sinks.get(label);
      if (!sinks?.length || !keptByModule(b, sinks)) continue;
      (summary.keepsContinuationsOf ??= []).push({ index, position, keptIn: placeOf(sinks[0]!) });
    }
    fn.params.forEach((_parameter, index) => {
      if (onlyCalledWhileRunning(b, fn, index)) (summary.runsArguments ??= []).push(index);
    });
    const cachingBefore = cachingBeforeCallbacks(b, fn);
    if (cachingBefore) summary.cachingBefore = cachingBefore;
    const stores = storedArguments(b, fn, file, (index, result) => markers.get(markerKey(fn, index, result)));
    if (stores.length > 0) summary.storesInto = stores;
    if (depth < 3)
      for (const { index, member, patch } of patchedMembers(b, fn)) {
        const described = functionSummary(patch, depth + 1);
        if (keepsAnything(described))
          (summary.patchesArguments ??= []).push({ index, member, fn: described });
      }
    if (depth < 2) {
      const [inner] = returnedFunctions(b, fn);
      if (inner) {
        const described = functionSummary(inner, depth + 1);
        // A curried reader (`(redis) => async (id) => redis.ttl(...)`): its reads are sent on the outer call's
        // client; but one its module keeps, which the outer call already carries, is reported there once.
        const innerReads = described.reads?.filter(
          (read) =>
            !reads.some(
              (outer) =>
                outer.keptIn &&
                outer.file === read.file &&
                outer.line === read.line &&
                outer.command === read.command,
            ),
        );
        const returnsFunction =
          innerReads?.length === described.reads?.length ? described : { ...described, reads: innerReads };
        if (keepsAnything(returnsFunction) || returnsFunction.reads?.length)
          summary.returnsFunction = returnsFunction;
        const forwarded = forwardedParameter(b, fn, inner);
        if (forwarded !== undefined) {
          summary.returnsFunction ??= returnsFunction;
          summary.returnsRunnerOf = forwarded;
        }
      }
    }
    for (const value of b.engine.valuesAt(b.returnNode(fn))) {
      const described = b.describe(value);
      if (described.kind === 'client')
        summary.returnsClient = withScripts(
          b,
          clientSummary(clients.get(value), described.library, described.cluster, { b, fn }),
        );
      // A class whose method returns its own instance is being summarized already: its members are the same.
      if (described.kind === 'instance' && !summary.returnsInstance && !summarizing.has(described.cls)) {
        summary.returnsInstance = classSummary(described.cls);
        const made = described.site;
        if (made && heldOnce(b, made)) summary.returnsSingleton = true;
        if (made?.type === AST_NODE_TYPES.NewExpression) {
          const constructsWith = made.arguments.map((argument) => argumentOf(fn, argument));
          if (constructsWith.some((index) => index !== null)) summary.constructsWith = constructsWith;
        }
      }
      if (described.kind === 'class' && summary.returnsClass === undefined) {
        const extendsArgument = extendedParameter(fn, described.cls);
        summary.returnsClass = {
          instance: classSummary(described.cls),
          ...(extendsArgument >= 0 ? { extendsArgument } : {}),
        };
      }
      if (described.kind === 'object' && described.shape === 'object' && depth < 2) {
        const members = returnedMembers(value, 1);
        if (members) summary.returnsMembers = { ...summary.returnsMembers, ...members };
      }
    }
    return summary;
  };
  /**
   * The clients and the methods that read or keep of an object a function returns: `useKv(ns)` returning
   * `{ getKeys() { return valkey.keys(...) } }`, and one level of objects of such methods below it
   * (`createServices(deps)` returning `{ billing: { graceRemaining(id) {...} } }`).
   */
  const returnedMembers = (object: number, levels: number): Record<string, ExportSummary> | undefined => {
    let members: Record<string, ExportSummary> | undefined;
    for (const [name, field] of b.engine.fieldsOf(object)) {
      if (name === '*') continue;
      const values = b.engine.valuesAt(field);
      const member = summarize(values, 0);
      if (member?.client) (members ??= {})[name] = { client: member.client };
      else if (member?.fn && (keepsAnything(member.fn) || member.fn.reads?.length))
        (members ??= {})[name] = { fn: member.fn };
      else if (levels > 0) {
        const inner = values.find((v) => {
          const d = b.describe(v);
          return d.kind === 'object' && d.shape === 'object';
        });
        const nested = inner === undefined ? undefined : returnedMembers(inner, levels - 1);
        if (nested) (members ??= {})[name] = { members: nested };
      }
    }
    return members;
  };
  const classes = new Map<ClassNode, Record<string, ExportSummary>>();
  /** The methods and fields of a constructor function's instance object (its prototype's too). */
  const summarizingPrototypes = new Set<number>();
  const prototypeSummary = (instance: number): Record<string, ExportSummary> => {
    summarizingPrototypes.add(instance);
    const members: Record<string, ExportSummary> = {};
    for (const [name, field] of b.engine.fieldsOf(instance)) {
      if (name === '*') continue;
      const values = b.engine.valuesAt(field);
      const method = values.map((value) => b.describe(value)).find((d) => d.kind === 'function');
      const member = method?.kind === 'function' ? { fn: functionSummary(method.fn) } : summarize(values, 1);
      if (member) members[name] = member;
    }
    summarizingPrototypes.delete(instance);
    return members;
  };
  const classSummary = (cls: ClassNode): Record<string, ExportSummary> => {
    const known = classes.get(cls);
    if (known) return known;
    summarizing.add(cls);
    try {
      const members = classMembers(cls);
      classes.set(cls, members);
      return members;
    } finally {
      summarizing.delete(cls);
    }
  };
  const classMembers = (cls: ClassNode): Record<string, ExportSummary> => {
    const members: Record<string, ExportSummary> = {};
    for (const element of cls.body.body) {
      if (
        element.type !== AST_NODE_TYPES.MethodDefinition ||
        element.static ||
        element.kind === 'constructor'
      )
        continue;
      const name = staticPropertyName(element.key, element.computed);
      if (name === undefined) continue;
      if (element.kind === 'get') {
        // A getter is read as a property: what it returns (`get client() { return this.pool.primary }`).
        const returned = summarize(b.engine.valuesAt(b.returnNode(element.value as FunctionNode)), 1);
        if (returned) members[name] = returned;
        continue;
      }
      members[name] = { fn: functionSummary(element.value as FunctionNode) };
      if (overriddenKeptHooks(b).has(element.value as FunctionNode)) members[name].keptByBase = true;
    }
    for (const hook of hooks) {
      if (hook.cls !== cls || members[hook.name]?.keptResult) continue;
      const [sink] = flow.sinks.get(hook.label) ?? [];
      if (sink) members[hook.name] = { ...members[hook.name], keptResult: placeOf(sink) };
    }
    const instance = b.value({ kind: 'instance', cls, site: undefined });
    // Its fields, and the methods put on its prototype (`Object.assign(C.prototype, KeyCounting)`).
    const prototype = b.prototypeOf(cls);
    const methods =
      prototype === undefined ? [] : [...b.engine.fieldsOf(prototype)].filter(([name]) => name !== '*');
    for (const [name, field] of [...b.engine.fieldsOf(instance), ...methods]) {
      if (name.startsWith('#') || members[name]) continue;
      const summary = summarize(b.engine.valuesAt(field), 1);
      if (summary) members[name] = summary;
    }
    for (const [name, index] of constructorArguments(cls))
      if (!name.startsWith('#')) members[name] = { ...members[name], constructorArgument: index };
    // A base class of this module or of a third one (`TrackedRepository extends CachedRepository`): its members
    // the class does not override are the instances' too (`remember()` of the base, the `redis` getter of the
    // base's base, for the subclasses of another module).
    if (cls.superClass)
      for (const value of b.engine.valuesAt(b.valueOf(cls.superClass))) {
        const described = b.describe(value);
        const inherited =
          described.kind === 'class'
            ? summarizing.has(described.cls)
              ? undefined
              : classSummary(described.cls)
            : described.kind === 'model' && described.model === 'imported' && described.type === 'class'
              ? (described.data as ExportSummary).instance
              : undefined;
        for (const [name, member] of Object.entries(inherited ?? {})) members[name] ??= member;
      }
    return members;
  };
  /**
   * Whether the module hands a client to a function of another module this reading did not follow
   * (`trackPrefixes(redis, PREFIXES)` of a shallow summary): that function may turn tracking on for it.
   */
  const handedToUnreadImport = (client: number): boolean =>
    b.engine.callSites.some((site) => {
      if (!site || site.synthetic || site.node.type !== AST_NODE_TYPES.CallExpression) return false;
      if (!site.args.some((arg) => b.engine.valuesAt(arg).includes(client))) return false;
      // Only an import, with nothing its module's summary said it is.
      const callees = b.engine.valuesAt(b.valueOf(site.node.callee));
      return callees.length > 0 && callees.every((value) => b.describe(value).kind === 'import');
    });
  /**
   * The members of another module's class as the instance this module makes sees them (`export const repo = new
   * Repo(redis)` in a composition root): a method's reads on its constructor's argument are on the client this
   * `new` passes there, with its tracking, for the modules that import the instance.
   */
  const givenClients = (
    members: Record<string, ExportSummary>,
    site: TSESTree.Node,
  ): Record<string, ExportSummary> => {
    const made = site.type === AST_NODE_TYPES.NewExpression ? b.callSiteOf(site) : undefined;
    if (!made) return members;
    const clientAt = (index: number): ClientSummary | undefined => {
      const argument = made.args[index];
      const value =
        argument === undefined ? undefined : b.engine.valuesAt(argument).find((v) => madeClient(b, v));
      const described = value === undefined ? undefined : b.describe(value);
      return described?.kind === 'client'
        ? withScripts(b, clientSummary(clients.get(value!), described.library, described.cluster))
        : undefined;
    };
    const given: Record<string, ExportSummary> = {};
    for (const [name, member] of Object.entries(members)) {
      const reads = member.fn?.reads;
      if (!reads?.some((read) => read.constructorArgument !== undefined)) {
        given[name] = member;
        continue;
      }
      const resolved = reads.map((read) => {
        const client =
          read.constructorArgument === undefined ? undefined : clientAt(read.constructorArgument);
        if (!client) return read;
        const { constructorArgument: _given, ...rest } = read;
        return { ...rest, client };
      });
      given[name] = { ...member, fn: { ...member.fn!, reads: resolved } };
    }
    return given;
  };
  const summarize = (values: number[], depth: number): ExportSummary | undefined => {
    const summary: ExportSummary = {};
    for (const value of values) {
      const described = b.describe(value);
      switch (described.kind) {
        case 'client':
          summary.client = withScripts(
            b,
            clientSummary(clients.get(value), described.library, described.cluster),
          );
          if (handedToUnreadImport(value)) summary.client.handedOn = true;
          break;
        case 'store':
          summary.store = true;
          break;
        case 'function': {
          summary.fn = functionSummary(described.fn);
          // A constructor function (`function Repo(client) {}` with `Repo.prototype.load = function`): its
          // instances' methods, as a class's.
          const made = b.constructorFunctions.get(described.fn);
          if (made && made.methods.size > 0 && !summarizingPrototypes.has(made.instance))
            summary.instance = prototypeSummary(made.instance);
          break;
        }
        case 'class': {
          summary.instance = classSummary(described.cls);
          const constructor = ownConstructor(described.cls);
          // Only what it keeps: what `new` gives is the instance, and its methods say the rest.
          const made = constructor && functionSummary(constructor);
          if (made && made.keepsResultsOf.length > 0)
            summary.construct = {
              ...emptySummary(),
              keepsResultsOf: made.keepsResultsOf,
              ...(made.keptIn ? { keptIn: made.keptIn } : {}),
            };
          // Static methods are called on the class itself (`UserLoader.byId(redis, id)`); a static getter is read
          // as a property (`RedisProvider.client`, a lazily made shared client), so are static fields.
          for (const element of described.cls.body.body) {
            if (element.type !== AST_NODE_TYPES.MethodDefinition || !element.static) continue;
            if (element.value.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression) continue;
            const name = staticPropertyName(element.key, element.computed);
            if (name === undefined) continue;
            if (element.kind === 'method')
              (summary.members ??= {})[name] = { fn: functionSummary(element.value as FunctionNode) };
            if (element.kind !== 'get' || depth === 0) continue;
            const returned = summarize(
              b.engine.valuesAt(b.returnNode(element.value as FunctionNode)),
              depth - 1,
            );
            if (returned) (summary.members ??= {})[name] = returned;
          }
          if (depth > 0) {
            for (const [name, field] of b.engine.fieldsOf(value)) {
              if (name.startsWith('#') || name === '*' || summary.members?.[name]) continue;
              const member = summarize(b.engine.valuesAt(field), depth - 1);
              if (member) (summary.members ??= {})[name] = member;
            }
          }
          break;
        }
        case 'instance': {
          // An exported instance (`export default new RedisService()`): its class's members and getters, and the
          // fields this instance was given.
          if (summarizing.has(described.cls) || depth === 0) break;
          const members: Record<string, ExportSummary> = { ...classSummary(described.cls) };
          const fields = b.engine.fieldsOf(value);
          for (const [name, field] of fields) {
            if (name.startsWith('#') || name === '*' || members[name]) continue;
            const member = summarize(b.engine.valuesAt(field), depth - 1);
            if (member) members[name] = member;
          }
          // A getter of a field (`get catalog() { return this.#catalog; }`) gives the client this instance was
          // given (`new PriceBook(quotes, catalog)` in its own static factory), not the one the field's type says.
          for (const [name, field] of gettersOfFields(described.cls)) {
            const given = fields.get(field);
            const made = given === undefined ? [] : b.engine.valuesAt(given).filter((v) => madeClient(b, v));
            const member = made.length > 0 ? summarize(made, depth - 1) : undefined;
            if (member) members[name] = member;
          }
          if (Object.keys(members).length > 0) summary.members = { ...members, ...summary.members };
          break;
        }
        case 'model': {
          // An instance of a third module's class (a constructor parameter typed with it): its members, as
          // that module's summary says (`this.connections.broadcast` in a subclass of another module).
          if (described.model === 'imported' && described.type === 'instance') {
            const members = (described.data as ExportSummary).members;
            if (members && depth > 0)
              summary.members = { ...givenClients(members, described.site), ...summary.members };
            break;
          }
          if (described.model !== 'glide' || described.type !== 'script') break;
          const lua = (described.site as TSESTree.NewExpression).arguments[0];
          const words = lua ? wordsOf(lua, b.sourceCode.getScope(lua), b.sourceCode) : [];
          if (words.length > 0 && words.every(isKnown)) summary.script = words;
          break;
        }
        case 'object':
          if (described.shape !== 'object' && described.shape !== 'array') break;
          summary.store = true;
          if (depth > 0) {
            summary.members = {};
            for (const [name, field] of b.engine.fieldsOf(value)) {
              const member = summarize(b.engine.valuesAt(field), depth - 1);
              if (member && name !== '*') summary.members[name] = member;
            }
          }
          break;
        default:
          break;
      }
    }
    return Object.keys(summary).length > 0 ? summary : undefined;
  };
  const exports = new Map<string, ExportSummary>();
  for (const [name, node] of flow.namedExports) {
    const summary = summarize(b.engine.valuesAt(node), 2);
    if (summary) exports.set(name, summary);
  }
  for (const [name, clientType] of exportedClientTypes(b)) exports.set(name, { clientType });
  const summary: ModuleSummary = { file, exports, reexports: new Map(flow.reexports) };
  // What a factory makes: a function of the module returns it, another module's summary says it.
  const madeBy = (factory: number): ClientSummary | undefined => {
    const described = b.describe(factory);
    if (described.kind === 'function')
      return summarize(b.engine.valuesAt(b.returnNode(described.fn)), 0)?.client;
    if (described.kind === 'model' && described.model === 'imported')
      return (described.data as ExportSummary).fn?.returnsClient;
    return undefined;
  };
  for (const registration of registered) {
    if ('alias' in registration) continue;
    const values = b.engine.valuesAt(registration.node);
    const value = registration.factory ? undefined : summarize(values, 0);
    const client = registration.factory
      ? values.map(madeBy).find((made) => made !== undefined)
      : value?.client;
    if (client) (summary.registrations ??= new Map()).set(registration.key, { client });
    // A cache of the module's own put in every request's context (`createContext() { return { redis, memo } }`,
    // Koa's `app.context.cache = lru`, Hono's `c.set('memo', memo)`): what a handler keeps there outlives the request.
    else if (value?.store && /^[cd]:/.test(registration.key))
      (summary.registrations ??= new Map()).set(registration.key, { store: true });
  }
  // `useExisting`: an alias of a token this module registers gives the same client.
  for (const registration of registered) {
    if (!('alias' in registration)) continue;
    const target = summary.registrations?.get(registration.alias);
    if (target && !summary.registrations!.has(registration.key))
      summary.registrations!.set(registration.key, target);
  }
  return summary;
}

/**
 * Calling a parameter (a callback the function is given) returns its result marker; a command method called
 * on a parameter (or a property below one) is a read on the client the caller passes.
 */
export const parameterModel: FlowModel = {
  name: 'summary-parameters',
  callModelValue(b, site, value) {
    const described = b.describe(value);
    if (
      described.kind !== 'model' ||
      described.model !== 'summary' ||
      !described.type.startsWith('parameter')
    )
      return false;
    b.engine.edge(b.engine.field(value, 'result'), site.result);
    // `options.getFreshValue()`: its result marker, when one was seeded (`calledOptionMembers`), and no more.
    if (described.type !== 'parameter') return false;
    recordParameterCall(b, site, value);
    callContinuations(b, site, described.data as ParameterOrigin);
    return true;
  },
  callMethod(b, site, receiver, receiverFact, name) {
    if (parameterPipelineCall(b, site, receiver, receiverFact, name)) return true;
    parameterCommand(b, site, receiver, receiverFact, name);
    recordParameterStore(b, site, receiver, name);
    recordParameterMethodCall(b, site, receiver, name);
    return false;
  },
  loadProperty(b, value, name, target) {
    loadParameterPath(b, value, name, target);
    return false;
  },
};

/**
 * `X.instance = new X()`, `instance ??= new X()` with a module variable, `return X.#instance ?? (X.#instance = new
 * X())`: an instance put in a static field or a module variable when it is made.
 */
function heldOnce(b: FlowBuilder, made: TSESTree.Node): boolean {
  let node: TSESTree.Node = made;
  while (
    node.parent &&
    (node.parent.type === AST_NODE_TYPES.LogicalExpression ||
      node.parent.type === AST_NODE_TYPES.ConditionalExpression ||
      node.parent.type === AST_NODE_TYPES.TSAsExpression)
  )
    node = node.parent;
  const assignment = node.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== node) return false;
  const target = assignment.left;
  if (target.type === AST_NODE_TYPES.MemberExpression) return true;
  if (target.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = b.scopes.variableOf(target);
  return variable !== null && variable !== undefined && b.scopes.moduleVariables.has(variable);
}
