import { basename } from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  type ClassNode,
  type FunctionNode,
  isFunctionNode,
  ownConstructor,
  staticPropertyName,
} from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { chainDeclares, topClassOf } from '../analysis/flow/class-chain.js';
import { Step, type CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import type { ExportSummary, FunctionSummary } from '../analysis/imports/summary.js';
import { materialize } from '../analysis/imports/materialize.js';
import { storeArguments } from '../analysis/imports/parameter-stores.js';
import { callContinuation, giveKeptContinuation } from '../analysis/imports/continuations.js';
import { madeByCall, sendImportedReads } from './imported-reads.js';
import { parameterValue } from '../analysis/imports/parameter-reads.js';
import { keepInImportedStore } from './imported-store.js';
import { keepReturned } from './framework-caches.js';
import { overriddenKeptHooks } from '../analysis/imports/kept-hooks.js';
import { holdsRequestObjects } from './request-object-nodes.js';

/** The class a mixin another module exports returns, with the flow node of the class it extends. */
type MixinClass = ExportSummary & { base?: number };
/** A function a wrapper of another module returned, with the node of the argument it runs (`returnsRunnerOf`). */
type Runner = ExportSummary & { runs?: number };

const summaryOf = (b: FlowBuilder, value: number): ExportSummary | undefined => {
  const described = b.describe(value);
  return described.kind === 'model' && described.model === 'imported'
    ? (described.data as ExportSummary)
    : undefined;
};

/** A call of a function another module exports, as its summary says: what it keeps, what client it returns. */
function callSummarized(
  b: FlowBuilder,
  site: CallSite,
  fn: FunctionSummary,
  owner: number,
  name: string,
): void {
  const engine = b.engine;
  if (fn.cachingBefore && site.node.type === AST_NODE_TYPES.CallExpression)
    for (const [index, directive] of Object.entries(fn.cachingBefore)) {
      const callback = site.node.arguments[Number(index)];
      if (callback && isFunctionNode(callback)) b.callbackDirectives.set(callback, directive);
    }
  const describedOwner = b.describe(owner);
  const origin = describedOwner.kind === 'model' ? describedOwner.site : site.node;
  const keep = (value: number, index?: number) =>
    keepInImportedStore(
      b,
      site,
      origin,
      value,
      (index !== undefined ? fn.keptArgumentIn?.[index] : undefined) ?? fn.keptIn,
      name,
      owner,
    );
  // A callback the function only calls while it runs (`eachKeyPage(ctx, pattern, async (keys) => ...)`) runs
  // within this call.
  if (site.node.type === AST_NODE_TYPES.CallExpression)
    for (const index of fn.runsArguments ?? []) {
      const argument = site.node.arguments[index];
      if (argument && isFunctionNode(argument)) b.oneShot.add(argument);
    }
  sendImportedReads(b, site, fn, owner, name);
  for (const index of fn.returnsArguments) {
    const argument = site.args[index];
    // Replies are carried either way; an object handed back (`register(cache)` returns `cache`) stays itself.
    if (argument !== undefined) engine.edge(argument, site.result);
  }
  for (const index of fn.returnsResultsOf ?? []) {
    const argument = site.args[index];
    if (argument !== undefined) b.callCallback(site.node, argument, [], site.result);
  }
  for (const index of fn.keepsArguments) {
    const argument = site.args[index];
    // A framework's request objects live for their request, whatever a middleware keeps of what it reads off them.
    if (argument !== undefined && !holdsRequestObjects(b, argument)) keep(argument, index);
  }
  for (const index of fn.keepsResultsOf) {
    const argument = site.args[index];
    if (argument === undefined) continue;
    const returned = engine.node();
    b.callCallback(site.node, argument, [], returned);
    keep(returned);
  }
  // `getCached(key, { ttlMs, getFreshValue: () => redis.ttl(k) })`: what the option's callback returns is kept.
  for (const { index, member, keptIn } of fn.keepsMemberResultsOf ?? []) {
    const argument = site.args[index];
    if (argument === undefined) continue;
    const returned = engine.node();
    b.callCallback(site.node, b.load(argument, member), [], returned);
    keepInImportedStore(b, site, origin, returned, keptIn, name, owner);
  }
  // `responses.set(key, ctx.body)` of a middleware: what the caller's handlers put in that member is kept.
  for (const { index, member, keptIn } of fn.keepsMembersOf ?? []) {
    const argument = site.args[index];
    if (argument !== undefined)
      keepInImportedStore(b, site, origin, b.load(argument, member), keptIn, name, owner);
  }
  for (const { index, position, keptIn } of fn.keepsContinuationsOf ?? []) {
    const loader = site.args[index];
    if (loader !== undefined)
      giveKeptContinuation(b, site, loader, position, (value) =>
        keepInImportedStore(b, site, origin, value, keptIn, name, owner),
      );
  }
  if (fn.storesInto) storeArguments(b, site, fn.storesInto, name);
  patchArguments(b, site.node, fn, site.args);
  // What the call returns, as another module's summary describes it.
  const returns = (type: 'function' | 'instance' | 'class', data: ExportSummary | MixinClass | Runner) =>
    engine.addValue(site.result, b.value({ kind: 'model', model: 'imported', type, site: site.node, data }));
  // `memoize(30_000)`: a function that keeps what its own summary says, made anew at each call.
  const runs = fn.returnsRunnerOf === undefined ? undefined : site.args[fn.returnsRunnerOf];
  if (fn.returnsFunction)
    returns('function', { fn: fn.returnsFunction, ...(runs !== undefined ? { runs } : {}) });
  // `const { client, subscriber } = createTrackedPair(url)`: an object whose fields are those clients.
  if (fn.returnsMembers) returns('instance', { members: fn.returnsMembers });
  // `ValkeyHub.getInstance()`: the singleton, with the members its class's summary gives.
  if (fn.returnsInstance) {
    returns('instance', {
      members: fn.returnsInstance,
      ...(fn.constructsWith ? { constructedWith: fn.constructsWith } : {}),
    });
    // A singleton lives as long as the process, whichever call's variable holds it.
    if (fn.returnsSingleton) b.rootNodes.push(site.result);
  }
  if (fn.returnsClass) {
    // `class Leaderboard extends Memoizing(BaseRepository)`: the mixin's class, extending the argument.
    const index = fn.returnsClass.extendsArgument;
    const base = index === undefined ? undefined : site.args[index];
    returns('class', { instance: fn.returnsClass.instance, ...(base !== undefined ? { base } : {}) });
  }
  if (fn.returnsClient) {
    for (const value of materialize(
      b,
      { client: fn.returnsClient },
      `${name}()@${site.node.range[0]}`,
      site.node,
    ))
      engine.addValue(site.result, value);
  }
}

/**
 * `res.json = (body) => { store.set(url, body); ... }` in another module's function: the argument's member is now a
 * function that keeps as that function's summary says.
 */
function patchArguments(
  b: FlowBuilder,
  node: TSESTree.Node,
  fn: FunctionSummary,
  args: readonly number[],
): void {
  for (const patch of fn.patchesArguments ?? []) {
    const argument = args[patch.index];
    if (argument === undefined) continue;
    const data: ExportSummary = { fn: patch.fn };
    b.store(
      argument,
      patch.member,
      b.constant(b.value({ kind: 'model', model: 'imported', type: 'function', site: node, data })),
    );
  }
}

const calleeName = (site: CallSite): string => nameOf(site.node) ?? 'the imported function';

/** `memoize`, a factory's function as `memoize(…)`, a decorator as `@memoize(…)`. */
function nameOf(node: TSESTree.Node): string | undefined {
  if (node.type === 'Decorator') {
    const name = nameOf(node.expression);
    return name === undefined ? undefined : `@${name}`;
  }
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && node.property.type === 'Identifier') return node.property.name;
  // `import { show } from './leases.js'`: the name the module gives it.
  if (node.type === 'ImportSpecifier' || node.type === 'ImportDefaultSpecifier') return node.local.name;
  if (node.type === 'CallExpression' || node.type === 'NewExpression') {
    const callee = node.callee;
    if (callee.type === 'CallExpression') {
      const name = nameOf(callee);
      return name === undefined ? undefined : `${name}(…)`;
    }
    return nameOf(callee);
  }
  return undefined;
}

/**
 * Whether a binding is a parameter of a function other than a constructor: the instance it is typed with is one
 * call's (a handler's `ctx: HttpContext`), where a constructor's is a service injected for the object's life.
 */
function perCallParameter(site: TSESTree.Node): boolean {
  const fn = site.parent;
  return (
    fn !== undefined &&
    isFunctionNode(fn) &&
    fn.params.includes(site as TSESTree.Parameter) &&
    !(fn.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor')
  );
}

/** An instance of a class another module exports, as its summary describes it. */
export function importedInstance(b: FlowBuilder, value: number, site: TSESTree.Node): number | undefined {
  const summary = summaryOf(b, value);
  const described = b.describe(value);
  if (summary?.clientType && described.kind === 'model' && described.type === 'client-type')
    return b.value({ kind: 'client', site, ...summary.clientType, origin: 'typed' });
  if (!summary || described.kind !== 'model' || described.type !== 'class') return undefined;
  return b.value({
    kind: 'model',
    model: 'imported',
    type: 'instance',
    site,
    // An instance this module makes holds its own fields' stores, kept as long as what holds the instance (a
    // module variable, or only a handler's call: `new RequestContext(req)` and its `memo`).
    data: {
      members: summary.instance,
      perCall: perCallParameter(site) || site.type === AST_NODE_TYPES.NewExpression,
    },
  });
}

/**
 * `this.cached(...)`, `this.client` in a class extending an imported class (`class InventoryCache extends
 * BaseCache<Item>`): an instance member the module's classes do not declare is the base's, as its
 * module summary describes it (a memoizer method, a getter returning a client).
 */
function loadInherited(
  b: FlowBuilder,
  cls: ClassNode,
  name: string,
  target: number,
  member: TSESTree.Node,
  madeAt: TSESTree.Node | undefined,
): void {
  if (name === '*' || chainDeclares(b, cls, name)) return;
  // The class another module exports that the module's chain extends.
  const given = (index: number) => baseConstructorArgument(b, cls, index, madeAt);
  loadFromImportedBase(b, topClassOf(b, cls).superClass, name, target, member, given);
}

/**
 * What the imported base's constructor is given as argument `index`: what the `super(...)` of the highest
 * constructor on the module's chain passes; with none, what the `new` of the subclass passes (`madeAt`), or, in
 * a summary, the subclass's own constructor argument, for the caller's `new` to fill in.
 */
function baseConstructorArgument(
  b: FlowBuilder,
  cls: ClassNode,
  index: number,
  madeAt: TSESTree.Node | undefined,
): number | undefined {
  let highest: FunctionNode | undefined;
  for (let current: ClassNode | undefined = cls; current; current = b.superClassOf(current))
    highest = ownConstructor(current) ?? highest;
  if (highest) {
    const call = superCallIn(highest);
    const site = call && b.callSiteOf(call);
    const spread = call?.arguments.slice(0, index + 1).some((a) => a.type === AST_NODE_TYPES.SpreadElement);
    return spread ? undefined : site?.args[index];
  }
  if (madeAt?.type === AST_NODE_TYPES.NewExpression) return b.callSiteOf(madeAt)?.args[index];
  if (madeAt !== undefined || !b.summarizing) return undefined;
  const node = b.engine.node();
  b.engine.addValue(node, parameterValue(b, cls, index));
  return node;
}

/** The `super(...)` call a constructor makes in its own body. */
function superCallIn(ctor: FunctionNode): TSESTree.CallExpression | undefined {
  if (ctor.body?.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  for (const statement of ctor.body.body) {
    const expression =
      statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : undefined;
    if (expression?.type === AST_NODE_TYPES.CallExpression && expression.callee.type === AST_NODE_TYPES.Super)
      return expression;
  }
  return undefined;
}

/**
 * An instance member of the imported base, into `target`; one the base's constructor sets from its argument is
 * what `given` says that argument is (the subclass's `super(...)`, or a `new` of a subclass declaring no
 * constructor).
 */
function loadFromImportedBase(
  b: FlowBuilder,
  base: TSESTree.Expression | null | undefined,
  name: string,
  target: number,
  member: TSESTree.Node,
  given?: (index: number) => number | undefined,
): void {
  if (!base) return;
  const fromClass = (value: number, depth: number): void => {
    const summary = summaryOf(b, value) as MixinClass | undefined;
    const described = b.describe(value);
    if (!summary || described.kind !== 'model' || described.type !== 'class') return;
    const inherited = summary.instance?.[name];
    const argument =
      inherited?.constructorArgument !== undefined && given
        ? given(inherited.constructorArgument)
        : undefined;
    if (argument !== undefined) {
      b.engine.edge(argument, target);
    } else if (inherited) {
      for (const materialized of materialize(b, inherited, `${described.site.range[0]}.${name}`, member))
        b.engine.addValue(target, materialized);
    } else if (summary.base !== undefined && depth < MAX_MIXINS) {
      // Not the mixin's own: the class it was applied to (`Memoizing(BaseRepository)`).
      b.engine.listenValues(summary.base, (inner) => fromClass(inner, depth + 1));
    }
  };
  b.engine.listenValues(b.valueOf(base), (value) => fromClass(value, 0));
}

/** The class whose method `super.x` is written in, for a member access on `super`. */
function superOwner(member: TSESTree.Node): ClassNode | undefined {
  if (member.type !== AST_NODE_TYPES.MemberExpression || member.object.type !== AST_NODE_TYPES.Super)
    return undefined;
  for (let node: TSESTree.Node | undefined = member.parent; node; node = node.parent)
    if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression)
      return node;
  return undefined;
}

/** Whether a call is a method call on an instance of another module's class, whose summary has that method. */
function calledOnImportedInstance(b: FlowBuilder, site: CallSite): boolean {
  const callee = site.node.type === 'CallExpression' ? site.node.callee : undefined;
  if (site.receiver === undefined || callee?.type !== 'MemberExpression') return false;
  const name = nameOf(callee);
  return b.engine.valuesAt(site.receiver).some((value) => {
    const described = b.describe(value);
    return (
      described.kind === 'model' &&
      described.type === 'instance' &&
      name !== undefined &&
      summaryOf(b, value)?.members?.[name]?.fn !== undefined
    );
  });
}

/** Mixins applied to mixins (`Timestamped(Memoizing(Base))`), followed this deep. */
const MAX_MIXINS = 3;

/**
 * A subclass's override of a hook its imported base keeps the result of (`protected async load(id)` under a
 * `CachedRepository` whose `get(id)` does `this.cache.set(id, await this.load(id))`): what it returns is kept
 * where the base keeps it.
 */
function keepOverriddenHook(b: FlowBuilder, fn: FunctionNode): void {
  const method = fn.parent;
  if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.static || method.kind !== 'method') return;
  const name = staticPropertyName(method.key, method.computed);
  const cls = method.parent.parent;
  if (name === undefined || !('superClass' in cls) || !cls.superClass) return;
  let kept = false;
  b.engine.listenValues(b.valueOf(cls.superClass), (value) => {
    const described = b.describe(value);
    const where =
      described.kind === 'model' && described.type === 'class'
        ? summaryOf(b, value)?.instance?.[name]?.keptResult
        : undefined;
    if (!where || kept) return;
    kept = true;
    overriddenKeptHooks(b).set(fn, true);
    keepReturned(
      b,
      fn,
      `${where.place} of ${basename(where.file)} (line ${where.line}), where the base class keeps \`${name}()\``,
    );
  });
}

/**
 * `new CouponRepository(cache)` of a subclass another module exports, whose `load` overrides a hook its base keeps
 * the result of: the instance keeps what `load` reads on the client this `new` passes, whichever module later
 * calls the base's `get()`, so those reads are judged here, with this client.
 */
function judgeKeptHooks(b: FlowBuilder, site: CallSite, summary: ExportSummary, instance: number): void {
  for (const [name, member] of Object.entries(summary.instance ?? {})) {
    if (member.keptByBase && member.fn?.reads)
      sendImportedReads(b, { ...site, result: b.engine.node() }, member.fn, instance, name);
  }
}

/** Functions and classes other modules export, as their module summaries describe them. */
export const importedModel: FlowModel = {
  name: 'imported',
  setupFunction: keepOverriddenHook,
  callModelValue(b, site, value) {
    // `done(null, keys)` in a caller's loader: the continuation a summarized helper gives it.
    if (callContinuation(b, site, value)) return true;
    const summary = summaryOf(b, value);
    if (!summary) return false;
    const described = b.describe(value);
    if (described.kind === 'model' && described.type === 'class') {
      const instance = site.node.type === 'NewExpression' ? importedInstance(b, value, site.node) : undefined;
      if (instance !== undefined) b.engine.addValue(site.result, instance);
      // `new TickBatcher((ids) => redis.mGet(ids))`: what the constructor keeps, as a call would; kept in its
      // own fields (`this.#batchFn`), for as long as the instance lives (one request's loaders, or the module's).
      if (instance !== undefined && summary.construct)
        callSummarized(b, site, summary.construct, instance, calleeName(site));
      if (instance !== undefined) judgeKeptHooks(b, site, summary, instance);
      return true;
    }
    // `repo.remember(...)` on an instance of another module's class: the method call on the instance
    // (`callMethod`) describes it, with the instance whose fields keep what it keeps.
    // `catchAsync(handler)` of another module: the handler runs with what its result is given.
    const runs = (summary as Runner).runs;
    if (runs !== undefined) b.callCallback(site.node, runs, site.args, site.result);
    // A framework calling a route's handler (`app.get('/x', leases.show)`) names it by the handler, not the route.
    const handler = site.synthetic && described.kind === 'model' ? nameOf(described.site) : undefined;
    const name = handler ?? calleeName(site);
    if (summary.fn && !calledOnImportedInstance(b, site)) callSummarized(b, site, summary.fn, value, name);
    return true;
  },
  callMethod(b, site, receiver, _f, name) {
    const summary = summaryOf(b, receiver);
    if (!summary) return false;
    const member = summary.members?.[name];
    if (member?.fn) callSummarized(b, site, member.fn, receiver, name);
    return true;
  },
  instanceOf: importedInstance,
  loadProperty(b, value, name, target, member) {
    const summary = summaryOf(b, value);
    const described = b.describe(value);
    if (described.kind === 'instance') {
      // `super.findCached(...)` in an override: the base's member, whatever the subclass declares itself.
      const lexical = superOwner(member);
      if (!lexical) loadInherited(b, described.cls, name, target, member, described.site);
      else if (name !== '*') loadFromImportedBase(b, lexical.superClass, name, target, member);
      return false;
    }
    if (!summary || described.kind !== 'model' || described.type !== 'instance') return false;
    const field = summary.members?.[name];
    const perCall = (described.data as { perCall?: boolean }).perCall === true;
    if (!field) return true;
    // An object of methods below a factory's result: its reads go on that factory call's arguments.
    const madeAt = madeByCall(b).get(value) ?? (b.callSiteOf(described.site) ? described.site : undefined);
    for (const materialized of materialize(b, field, `${described.site.range[0]}.${name}`, member, perCall)) {
      if (field.members && madeAt) madeByCall(b).set(materialized, madeAt);
      b.engine.addValue(target, materialized);
      // An object it holds (`cache.listing`, a `new Cached()` of an exported object) lives as long as it does, and
      // so does a store of an instance one call or one module variable holds.
      if (field.members || (perCall && field.store))
        b.engine.addValue(b.engine.field(value, name), materialized);
    }
    return true;
  },
};
