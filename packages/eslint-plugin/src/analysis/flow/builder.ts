import { forEachNode } from '../walk.js';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  type ClassNode,
  enclosingFunction,
  extendedParameter,
  type FunctionNode,
  isFunctionNode,
  parameterIndex,
  returnedClasses,
  staticPropertyName,
  unwrapExpression,
} from '../ast.js';
import { type CallSite, FlowEngine, Step } from './engine.js';
import { fact, tagOfFact, valueOfFact } from './facts.js';
import type { FlowModel } from './model.js';
import type { Read } from './reads.js';
import { ScopeIndex } from './scope-index.js';
import { type ConstructorFunction, storeIntoConstructor } from './constructor-functions.js';
import { onlyCalledWhileRunning } from './callback-parameters.js';
import { packageEntry, type Value } from './values.js';
import type { PluginSettings } from '../../util/settings.js';
import type { ClientSummary } from '../imports/summary.js';
import { decoratedMember } from '../registrations.js';
import { staticValue } from '../static-value.js';

type Variable = TSESLint.Scope.Variable;

/** A place where a value is put somewhere that may outlive the current call: the candidates for sinks. */
export interface StoreSite {
  node: TSESTree.Node;
  /** `field`: `base.name = value`; `content`: a store's `set`/`add`; `variable`: `name = value`. */
  kind: 'field' | 'content' | 'variable';
  base?: number;
  variable?: Variable;
  value: number;
  /** How a message names the place: `this.#count`, `cache`. */
  place: string;
}

/** `emitter.on(event, handler)` (and the library calls that register a handler the same way). */
export interface ListenerSite {
  call: TSESTree.CallExpression;
  emitter: number;
  event: string;
  handlers: number;
  repeats: boolean;
}

/** `client.subscribe(channel..., callback?)` and its kin. */
export interface SubscriptionSite {
  call: TSESTree.CallExpression;
  client: number;
  method: string;
  /** The channel arguments (not the callback). */
  channels: readonly TSESTree.Node[];
  /** The last argument when it is a function: a completion callback (ioredis) or a message listener (node-redis). */
  callback: TSESTree.Node | undefined;
}

/**
 * What another module exports under a name, as values of this module's analysis (a client with its tracking
 * state, a cache, a function that keeps its argument); empty when the module is not one the analysis can read.
 */
export type ImportResolver = (
  b: FlowBuilder,
  module: string,
  path: string,
  site: TSESTree.Node,
  force: boolean,
) => number[] | 'later';

/**
 * What a framework registers under a key in another module of the project (a Nest provider, a fastify
 * decoration: `registrations.ts`), as values of this module's analysis; empty when nothing is registered.
 */
export type RegistrationResolver = (b: FlowBuilder, key: string, site: TSESTree.Node) => number[];

export type ExpressionBuilder = (b: FlowBuilder, expression: TSESTree.Node) => number;

/**
 * Turns a module's AST into nodes, edges and listeners of a {@link FlowEngine}: the flow steps of the
 * language (assignment, destructuring, properties, parameters and returns, `this`) and, through the
 * models, of the libraries. Expression nodes are made on demand and memoized.
 */
export class FlowBuilder {
  readonly engine = new FlowEngine();
  readonly scopes: ScopeIndex;
  readonly reads: Read[] = [];
  readonly storeSites: StoreSite[] = [];
  readonly listenerSites: ListenerSite[] = [];
  readonly subscriptionSites: SubscriptionSite[] = [];
  /** `defineCommand(name, { lua, numberOfKeys })`: the script behind a custom command method, by name. */
  readonly scriptCommands = new Map<
    string,
    { lua: TSESTree.Node | readonly string[]; numberOfKeys: TSESTree.Node | readonly string[] | undefined }
  >();
  /** Nodes whose values live as long as the module: exports, module variables, globals. */
  readonly rootNodes: number[] = [];
  /** Functions handed to a library that calls them once (a promise callback, an array method). */
  readonly oneShot = new Set<FunctionNode>();
  readonly classes: ClassNode[] = [];
  /** Functions the module uses as constructors (`F.prototype.m = …`, `new F()`), see constructor-functions. */
  readonly constructorFunctions = new Map<FunctionNode, ConstructorFunction>();
  readonly exportedClasses = new Set<ClassNode>();
  readonly #expressions = new Map<TSESTree.Node, number>();
  readonly #variables = new Map<Variable, number>();
  readonly #globals = new Map<string, number>();
  readonly #functionThis = new Map<FunctionNode, number>();
  readonly #classThis = new Map<ClassNode, number>();
  readonly #classValue = new Map<ClassNode, number>();
  readonly #classPrototypes = new Map<ClassNode, number>();
  readonly #params = new Map<FunctionNode, number[]>();
  readonly #rest = new Map<FunctionNode, { index: number; value: number }>();
  readonly #returns = new Map<FunctionNode, number>();
  readonly #callSiteOfNode = new Map<TSESTree.Node, CallSite>();
  readonly #constantMemberNames = new Map<TSESTree.Node, string | null>();
  readonly #linked = new Set<string>();

  constructor(
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    readonly models: readonly FlowModel[],
    readonly buildExpression: ExpressionBuilder,
    readonly settings: PluginSettings | undefined = undefined,
    readonly resolveImport: ImportResolver | undefined = undefined,
    readonly resolveRegistration: RegistrationResolver | undefined = undefined,
  ) {
    this.scopes = new ScopeIndex(sourceCode);
  }

  /** Every function of the module, as it is set up. */
  readonly functions: FunctionNode[] = [];
  /** Clients imported from another module, with what that module's summary says about them. */
  readonly importedClients = new Map<number, ClientSummary>();

  /** Clients inferred from what is sent on a variable, added once propagation shows it holds no other client. */
  readonly deferredClients: Array<[number, number]> = [];

  deferClient(node: number, client: number): void {
    this.deferredClients.push([node, client]);
  }

  /**
   * Values for a node propagation leaves with no value at all: a client inferred from its use (what it is,
   * nothing shows), a cache another module registers (`ctx.memo`).
   */
  readonly deferredWhereEmpty: Array<[number, number]> = [];

  deferWhereEmpty(node: number, value: number): void {
    this.deferredWhereEmpty.push([node, value]);
  }

  /** Nodes that take the clients another node ends up holding, where nothing else puts a client there. */
  readonly deferredClientSources: Array<[number, number]> = [];

  deferClientsOf(node: number, source: number): void {
    this.deferredClientSources.push([node, source]);
  }

  /**
   * Callbacks a summarized function of another module calls right after sending `CLIENT CACHING yes` (its
   * `cachingBefore`): the directive the first read in each is preceded by.
   */
  readonly callbackDirectives = new Map<TSESTree.Node, 'sent' | 'raced'>();

  /** Nodes that take the caches another node ends up holding, where propagation leaves them with no value. */
  readonly deferredStoreSources: Array<[number, number]> = [];

  deferStoresOf(node: number, source: number): void {
    this.deferredStoreSources.push([node, source]);
  }

  /** Every method call's receiver node, receiver expression and method name (for clients known by their methods). */
  readonly memberCalls: Array<[number, TSESTree.Node, string]> = [];
  /**
   * Receivers of another module's reads on an argument this module passes (`leaseRemaining(ctx, id)` sending
   * `pttl` on `ctx.valkey`): the node holding it, the argument as written, the method.
   */
  readonly argumentReceivers: Array<{ node: number; argument: TSESTree.Node; method: string }> = [];

  /** Imports whose modules name no client: read only if this module turns out to have reads. */
  readonly pendingImports: Array<[number, string, string, TSESTree.Node]> = [];

  /** An imported binding: the import itself, and what the other module's summary says it is. */
  addImport(node: number, module: string, path: string, site: TSESTree.Node, force = false): void {
    if (!force)
      this.engine.addValue(node, this.value({ kind: 'import', module: packageEntry(module), path }));
    const values = this.resolveImport?.(this, module, path, site, force) ?? [];
    if (values === 'later') this.pendingImports.push([node, module, path, site]);
    else for (const value of values) this.engine.addValue(node, value);
  }

  /**
   * A client named in `settings['valkey-track']` (set up in another module): `trackedClients` match an
   * identifier, an imported name or the last property of a member access; `clientFactories` a call's callee.
   */
  namedClient(names: ReadonlyArray<string | undefined>, factory: boolean): number | undefined {
    const list = factory ? this.settings?.clientFactories : this.settings?.trackedClients;
    const setting = list?.find((s) => names.includes(s.name));
    if (!setting) return undefined;
    const origin = `${factory ? 'factory' : 'setting'}:${setting.name}`;
    return this.value({
      kind: 'client',
      site: this.sourceCode.ast,
      library: 'unknown',
      cluster: false,
      origin,
    });
  }

  value(value: Value): number {
    return this.engine.values.id(value);
  }

  describe(id: number): Value {
    return this.engine.values.get(id);
  }

  /** A node holding one value. */
  constant(value: number, tag = 0): number {
    const node = this.engine.node();
    this.engine.add(node, fact(value, tag));
    return node;
  }

  text(node: TSESTree.Node): string {
    return this.sourceCode.getText(node);
  }

  /** The receiver of a method call as the source writes it (`cache` of `cache.set(k, v)`), for messages. */
  receiverText(call: TSESTree.Node): string | undefined {
    return call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.MemberExpression
      ? this.text(call.callee.object)
      : undefined;
  }

  /** The node of an expression's value. */
  valueOf(expression: TSESTree.Node): number {
    let node = this.#expressions.get(expression);
    if (node === undefined) {
      node = this.buildExpression(this, expression);
      this.#expressions.set(expression, node);
    }
    return node;
  }

  variableNode(variable: Variable): number {
    let node = this.#variables.get(variable);
    if (node === undefined) {
      node = this.engine.node();
      this.#variables.set(variable, node);
    }
    return node;
  }

  globalNode(name: string): number {
    let node = this.#globals.get(name);
    if (node === undefined) {
      // A global is an object of its own, so `module.exports = ...` and `globalThis.cache = ...` have somewhere to go.
      const object = this.value({ kind: 'object', site: this.sourceCode.ast, shape: `global:${name}` });
      node = this.constant(object);
      this.#globals.set(name, node);
      this.rootNodes.push(node);
      // CommonJS: `module.exports` starts as `exports`, so `module.exports.f = f` and `exports.f = f` meet.
      if (name === 'module')
        this.engine.edge(this.globalNode('exports'), this.engine.field(object, 'exports'));
    }
    return node;
  }

  /** A framework's import of a global name (Nitro's `server/utils/`): the module specifier it comes from. */
  autoImport: ((name: string) => string | undefined) | undefined = undefined;
  /** The module's file, when known (to read a class another module declares). */
  file: string | undefined = undefined;
  /** The module is read for a summary: its parameters stand for what its callers pass. */
  summarizing = false;
  readonly #autoImported = new Map<string, number>();

  /** The node of an identifier as a reference or declaration; undefined when it is neither (a property key). */
  identifierNode(identifier: TSESTree.Node): number | undefined {
    const variable = this.scopes.variableOf(identifier);
    if (variable === undefined) return undefined;
    if (variable === null) {
      const name = (identifier as TSESTree.Identifier).name;
      if (name === 'arguments') return this.#argumentsNode(identifier);
      return this.#autoImportNode(name, identifier) ?? this.globalNode(name);
    }
    return this.variableNode(variable);
  }

  readonly #argumentsOf = new Map<FunctionNode, number>();

  /**
   * A function's `arguments`: an array of its parameters, so `_load.apply(this, arguments)` (Babel's compiled
   * async functions, wrappers that forward their call) passes each where it stands.
   */
  #argumentsNode(identifier: TSESTree.Node): number | undefined {
    let fn = enclosingFunction(identifier);
    while (fn?.type === AST_NODE_TYPES.ArrowFunctionExpression) fn = enclosingFunction(fn);
    if (!fn) return undefined;
    const known = this.#argumentsOf.get(fn);
    if (known !== undefined) return known;
    const array = this.constant(this.value({ kind: 'object', site: fn, shape: 'array' }));
    this.#argumentsOf.set(fn, array);
    fn.params.forEach((parameter, index) => {
      if (parameter.type !== AST_NODE_TYPES.RestElement)
        this.store(array, String(index), this.paramSlot(fn, index));
    });
    return array;
  }

  #autoImportNode(name: string, site: TSESTree.Node): number | undefined {
    let node = this.#autoImported.get(name);
    if (node !== undefined) return node;
    const module = this.autoImport?.(name);
    if (module === undefined) return undefined;
    node = this.engine.node();
    this.#autoImported.set(name, node);
    this.addImport(node, module, name, site);
    return node;
  }

  variableNodes(): ReadonlyMap<Variable, number> {
    return this.#variables;
  }

  classThis(cls: ClassNode): number {
    let node = this.#classThis.get(cls);
    if (node === undefined) {
      node = this.engine.node();
      this.#classThis.set(cls, node);
    }
    return node;
  }

  classValueNode(cls: ClassNode): number {
    let node = this.#classValue.get(cls);
    if (node === undefined) {
      node = this.constant(this.value({ kind: 'class', cls }));
      this.#classValue.set(cls, node);
    }
    return node;
  }

  /**
   * `C.prototype` of a class of the module, as an object: what is put on it (`Object.assign(C.prototype,
   * KeyCounting)`, `C.prototype.count = function`) is a method of every instance, with `this` an instance.
   */
  classPrototype(cls: ClassNode): number {
    let prototype = this.#classPrototypes.get(cls);
    if (prototype === undefined) {
      prototype = this.value({ kind: 'object', site: cls, shape: 'class-prototype' });
      this.#classPrototypes.set(cls, prototype);
      const engine = this.engine;
      engine.onFields(prototype, (_name, field) =>
        engine.listenValues(field, (stored) => {
          const described = this.describe(stored);
          if (described.kind !== 'function' || described.fn.type === AST_NODE_TYPES.ArrowFunctionExpression)
            return;
          engine.edge(this.classThis(cls), this.functionThis(described.fn));
        }),
      );
    }
    return prototype;
  }

  /** The methods put on a class's prototype (`classPrototype`), when the module puts any. */
  prototypeOf(cls: ClassNode): number | undefined {
    return this.#classPrototypes.get(cls);
  }

  /** What `this` is at a node: the instances of the class of a method, the receiver of a plain function. */
  thisNodeAt(node: TSESTree.Node): number {
    for (let current = node.parent; current; current = current.parent) {
      switch (current.type) {
        case AST_NODE_TYPES.ArrowFunctionExpression:
          continue;
        case AST_NODE_TYPES.PropertyDefinition:
        case AST_NODE_TYPES.AccessorProperty: {
          const cls = current.parent.parent as ClassNode;
          return current.static ? this.classValueNode(cls) : this.classThis(cls);
        }
        case AST_NODE_TYPES.StaticBlock:
          return this.classValueNode(current.parent.parent as ClassNode);
        case AST_NODE_TYPES.FunctionExpression:
        case AST_NODE_TYPES.FunctionDeclaration: {
          const owner = current.parent;
          if (owner?.type === AST_NODE_TYPES.MethodDefinition) {
            const cls = owner.parent.parent as ClassNode;
            return owner.static ? this.classValueNode(cls) : this.classThis(cls);
          }
          return this.functionThis(current);
        }
        default:
          continue;
      }
    }
    return this.globalNode('globalThis');
  }

  functionThis(fn: FunctionNode): number {
    let node = this.#functionThis.get(fn);
    if (node === undefined) {
      const owner = fn.parent;
      node =
        owner?.type === AST_NODE_TYPES.MethodDefinition
          ? owner.static
            ? this.classValueNode(owner.parent.parent as ClassNode)
            : this.classThis(owner.parent.parent as ClassNode)
          : this.engine.node();
      this.#functionThis.set(fn, node);
    }
    return node;
  }

  returnNode(fn: FunctionNode): number {
    let node = this.#returns.get(fn);
    if (node === undefined) {
      node = this.engine.node();
      this.#returns.set(fn, node);
    }
    return node;
  }

  /** The node arguments at position `index` arrive in (before destructuring). */
  paramSlot(fn: FunctionNode, index: number): number {
    let slots = this.#params.get(fn);
    if (!slots) {
      slots = [];
      this.#params.set(fn, slots);
    }
    let node = slots[index];
    if (node === undefined) {
      node = this.engine.node();
      slots[index] = node;
    }
    return node;
  }

  setRest(fn: FunctionNode, index: number, value: number): void {
    this.#rest.set(fn, { index, value });
  }

  /** `base.name` into `target` (a new node unless given); `name` undefined for a computed, unknown name. */
  load(base: number, name: string | undefined, member?: TSESTree.Node, target = this.engine.node()): number {
    const engine = this.engine;
    engine.listenValues(base, (value) => {
      const described = this.describe(value);
      if (described.kind === 'reply') {
        // A property of a reply is part of the reply (`keys.length`, `reply[1]`).
        engine.edge(base, target, Step.Copy);
        return;
      }
      if (described.kind === 'import') {
        // A few properties deep at most: `x = x.next` in a loop would otherwise make new values forever.
        if (name === undefined || name === '*' || described.path.split('.').length >= 4) return;
        const path = described.path === '' ? name : `${described.path}.${name}`;
        this.addImport(target, described.module, path, member ?? this.sourceCode.ast);
        return;
      }
      for (const model of this.models) {
        if (model.loadProperty?.(this, value, name ?? '*', target, member ?? this.sourceCode.ast)) return;
      }
      if (described.kind === 'class' && name === 'prototype') {
        engine.addValue(target, this.classPrototype(described.cls));
        return;
      }
      if (described.kind === 'instance' || described.kind === 'class') {
        if (name !== undefined && this.#loadMethod(described, value, name, base, target)) return;
        if (described.kind === 'instance' && name !== undefined)
          this.#loadFromPrototypes(described.cls, name, target);
      }
      if (name === undefined || name === '*') {
        engine.onFields(value, (_field, node) => engine.edge(node, target));
      } else {
        engine.edge(engine.field(value, name), target);
        if (!/^#/.test(name)) engine.edge(engine.field(value, '*'), target);
      }
    });
    return target;
  }

  /** Every element or property of `base`. */
  loadAll(base: number, target = this.engine.node()): number {
    return this.load(base, undefined, undefined, target);
  }

  /** `base.name = value`, for every object reaching `base`. */
  store(base: number, name: string | undefined, value: number): void {
    const engine = this.engine;
    engine.listenValues(base, (object) => {
      const described = this.describe(object);
      if (described.kind === 'function') return storeIntoConstructor(this, object, name, value);
      // A reply is a plain object or array once it arrives (`meta.key = key` on an HGETALL reply): what is put
      // in it travels with it, as part of the value.
      if (described.kind === 'reply') return engine.edge(value, base, Step.Derive);
      if (described.kind === 'import') return;
      engine.edge(value, engine.field(object, name ?? '*'), Step.Store);
    });
  }

  recordStore(site: StoreSite): void {
    this.storeSites.push(site);
  }

  /** Binds a declaration, parameter or assignment target to the value at `source`. */
  bind(pattern: TSESTree.Node, source: number, store?: TSESTree.Node): void {
    switch (pattern.type) {
      case AST_NODE_TYPES.Identifier: {
        const node = this.identifierNode(pattern);
        if (node === undefined) return;
        this.engine.edge(source, node);
        const variable = this.scopes.variableOf(pattern);
        if (store && variable) {
          this.recordStore({ node: store, kind: 'variable', variable, value: source, place: pattern.name });
        }
        return;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const base = this.valueOf(pattern.object);
        const name = this.memberName(pattern);
        this.store(base, name, source);
        const place = this.text(pattern);
        this.recordStore({ node: store ?? pattern, kind: 'field', base, value: source, place });
        // `sessions[key] = ...` for each key of a KEYS reply: the object holds the key too, as `{ [key]: ... }` does.
        if (pattern.computed && name === undefined && store) {
          const key = this.valueOf(pattern.property);
          this.store(base, '*', key);
          this.recordStore({ node: store, kind: 'field', base, value: key, place });
        }
        return;
      }
      case AST_NODE_TYPES.AssignmentPattern:
        this.bind(pattern.left, source, store);
        this.bind(pattern.left, this.valueOf(pattern.right), store);
        return;
      case AST_NODE_TYPES.ObjectPattern:
        for (const property of pattern.properties) {
          if (property.type === AST_NODE_TYPES.RestElement) {
            this.bind(property.argument, source, store);
            continue;
          }
          const name = staticPropertyName(property.key, property.computed);
          // The property is where each member is loaded: two imported functions destructured from one
          // `require()` are two values, not one made at the module.
          const loaded = this.load(source, name, property);
          // `({ redis }) => ...` of an awilix factory, `const { redis } = fastify`: a registered name. Not in a
          // summary's parameters: `createCartStore({ redis: cache })` is read with what its caller passes.
          if (!this.summarizing || !isParameterPattern(pattern))
            decoratedMember(this, loaded, name, property);
          this.bind(property.value, loaded, store);
        }
        return;
      case AST_NODE_TYPES.ArrayPattern:
        pattern.elements.forEach((element, index) => {
          if (!element) return;
          if (element.type === AST_NODE_TYPES.RestElement) this.bind(element.argument, source, store);
          else this.bind(element, this.load(source, String(index)), store);
        });
        return;
      case AST_NODE_TYPES.RestElement:
        this.bind(pattern.argument, source, store);
        return;
      case AST_NODE_TYPES.TSParameterProperty:
        this.bind(pattern.parameter, source, store);
        return;
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        this.bind(pattern.expression, source, store);
        return;
      default:
        return;
    }
  }

  /**
   * The static name of a member access, `#name` for private ones, or the string a constant names
   * (`redis[PROBE](key)` with `const PROBE = 'ttl'`, a method picked by a constant); undefined when computed from
   * anything else.
   */
  memberName(member: TSESTree.MemberExpression): string | undefined {
    return this.keyName(member.property, member.computed, member);
  }

  /**
   * The name of a member or class key: static, the string a constant holds, or, for a constant made by
   * `Symbol(...)` (`this[kCache]`, `[kCache] = new Map()`), a name of its own for that symbol.
   */
  keyName(key: TSESTree.Node, computed: boolean, at: TSESTree.Node): string | undefined {
    const name = staticPropertyName(key, computed);
    // `redis[method]`, `redis[Probe.Remaining]`: a constant, or a member of a constant object (`as const`).
    if (
      name !== undefined ||
      !computed ||
      (key.type !== AST_NODE_TYPES.Identifier && key.type !== AST_NODE_TYPES.MemberExpression)
    )
      return name;
    let constant = this.#constantMemberNames.get(at);
    if (constant === undefined) {
      const value = staticValue(key, this.sourceCode.getScope(at))?.value;
      constant =
        typeof value === 'string'
          ? value
          : key.type === AST_NODE_TYPES.Identifier
            ? (this.#symbolName(key) ?? null)
            : null;
      this.#constantMemberNames.set(at, constant);
    }
    return constant ?? undefined;
  }

  /** `const kCache = Symbol('cache')`: `@@kCache:<offset>`, one name per declaration. */
  #symbolName(identifier: TSESTree.Identifier): string | undefined {
    const variable = this.scopes.variableOf(identifier);
    const definition = variable?.defs[0];
    if (variable?.defs.length !== 1 || definition?.type !== 'Variable') return undefined;
    const declarator = definition.node;
    if (declarator.parent?.kind !== 'const') return undefined;
    const init = declarator.init;
    const callee = init?.type === AST_NODE_TYPES.CallExpression ? this.text(init.callee) : '';
    return callee === 'Symbol' || callee === 'Symbol.for'
      ? `@@${identifier.name}:${declarator.range[0]}`
      : undefined;
  }

  callSiteOf(node: TSESTree.Node): CallSite | undefined {
    return this.#callSiteOfNode.get(node);
  }

  newCallSite(
    node: TSESTree.Node,
    args: number[],
    receiver: number | undefined,
    result: number,
    options: { synthetic?: boolean; spreadFrom?: number } = {},
  ): CallSite {
    const site = this.engine.newCallSite({
      node,
      args,
      receiver,
      result,
      synthetic: options.synthetic ?? false,
      spreadFrom: options.spreadFrom ?? -1,
    });
    if (!site.synthetic) this.#callSiteOfNode.set(node, site);
    return site;
  }

  /** Calls whatever function values reach `callee` at `site` (functions of the module, bound methods, model values). */
  callValuesAt(callee: number, site: CallSite): void {
    this.engine.listenValues(callee, (value) => this.callValue(site, value));
  }

  callValue(site: CallSite, value: number): void {
    const described = this.describe(value);
    switch (described.kind) {
      case 'function':
        this.link(site, described.fn, site.receiver);
        return;
      case 'bound': {
        site.resolved = true;
        const receiver = described.self;
        const fixed = described.args ?? [];
        const inner =
          receiver === undefined && fixed.length === 0
            ? site
            : {
                ...site,
                receiver: receiver ?? site.receiver,
                args: [...fixed, ...site.args],
                spreadFrom: site.spreadFrom === -1 ? -1 : site.spreadFrom + fixed.length,
              };
        this.callValue(inner, described.target);
        return;
      }
      case 'method':
      case 'model':
        for (const model of this.models) {
          if (model.callModelValue?.(this, site, value)) {
            site.resolved = true;
            return;
          }
        }
        return;
      case 'import':
        for (const model of this.models) {
          if (!model.modules?.includes(described.module)) continue;
          if (model.callImport?.(this, site, described, site.node.type === AST_NODE_TYPES.NewExpression)) {
            site.resolved = true;
            return;
          }
        }
        return;
      default:
        return;
    }
  }

  /** A call of a function of the module: arguments into parameters, the receiver into `this`, the return back. */
  link(site: CallSite, fn: FunctionNode, receiver: number | undefined): void {
    // A signature without a body (an overload, a `declare`d function) runs nothing.
    if (!fn.body) return;
    const key = `${site.id}:${fn.range[0]}`;
    if (this.#linked.has(key)) return;
    this.#linked.add(key);
    const engine = this.engine;
    const returns = this.returnNode(fn);
    if (!engine.recordCall(site, fn, returns)) return;
    const rest = this.#rest.get(fn);
    site.args.forEach((arg, index) => {
      const spread = site.spreadFrom !== -1 && index >= site.spreadFrom;
      if (rest && index >= rest.index) {
        const array = this.constant(rest.value);
        const slot = spread ? '*' : String(index - rest.index);
        this.store(array, slot, arg);
        return;
      }
      if (spread) {
        for (let i = index; i < fn.params.length; i++)
          engine.edge(this.loadAll(arg), this.paramSlot(fn, i), Step.CallIn, site.id);
        return;
      }
      engine.edge(arg, this.paramSlot(fn, index), Step.CallIn, site.id);
    });
    if (receiver !== undefined && fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) {
      const self = this.functionThis(fn);
      // A method calling another of its own class passes the same `this`: nothing new to tag.
      if (receiver !== self) engine.edge(receiver, self, Step.CallIn, site.id);
    }
    // `eachPage(pattern, async (keys) => { total += keys.length })`: a callback the function only calls while it
    // runs runs within this call (`callback-parameters.ts`).
    if (!site.synthetic && site.node.type === AST_NODE_TYPES.CallExpression)
      site.node.arguments.forEach((argument, index) => {
        if (isFunctionNode(argument) && onlyCalledWhileRunning(this, fn, index)) this.oneShot.add(argument);
      });
    // `withRetry(() => redis.ttl(k))`: a function that only returns what its callback returns gives each
    // call the result of its own callback, not every caller's (`return await op()` merges them all).
    const runs = callbackRunner(fn, this.sourceCode.visitorKeys);
    const callback = runs === undefined ? undefined : site.args[runs];
    if (callback !== undefined) this.callCallback(site.node, callback, [], site.result);
    else engine.edge(returns, site.result, Step.Return, site.id);
  }

  /** Calls a function given as an argument, from a library (a promise callback, a listener) with these arguments. */
  callCallback(node: TSESTree.Node, callback: number, args: number[], result = this.engine.node()): CallSite {
    const site = this.newCallSite(node, args, undefined, result, { synthetic: true });
    this.callValuesAt(callback, site);
    return site;
  }

  #loadMethod(
    described: Extract<Value, { kind: 'instance' } | { kind: 'class' }>,
    value: number,
    name: string,
    base: number,
    target: number,
  ): boolean {
    const isStatic = described.kind === 'class';
    for (let cls: ClassNode | undefined = described.cls; cls; cls = this.superClassOf(cls)) {
      for (const element of cls.body.body) {
        if (element.type !== AST_NODE_TYPES.MethodDefinition || element.static !== isStatic) continue;
        if (staticPropertyName(element.key, element.computed) !== name) continue;
        // An overload's signature (`get(path: string): R;`) has no body: the implementation follows it.
        if (element.value.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression) continue;
        const fn = element.value as FunctionNode;
        if (element.kind === 'get') {
          const site = this.newCallSite(element, [], base, target, { synthetic: true });
          this.link(site, fn, this.constant(value));
          return true;
        }
        if (element.kind === 'method') {
          this.engine.addValue(target, this.value({ kind: 'function', fn }));
          return true;
        }
      }
    }
    return false;
  }

  /** A method put on the prototype of the class or of a class it extends (`Object.assign(C.prototype, mixin)`). */
  #loadFromPrototypes(cls: ClassNode, name: string, target: number): void {
    for (let current: ClassNode | undefined = cls; current; current = this.superClassOf(current)) {
      // The prototype may be written below the method reading it: made now when the module names it.
      const prototype =
        this.#classPrototypes.get(current) ??
        (this.#namesPrototype(current) ? this.classPrototype(current) : undefined);
      if (prototype !== undefined) this.engine.edge(this.engine.field(prototype, name), target);
    }
  }

  readonly #prototypeNamed = new Map<ClassNode, boolean>();

  /** The module's text mentions `C.prototype` for this class. */
  #namesPrototype(cls: ClassNode): boolean {
    let named = this.#prototypeNamed.get(cls);
    if (named === undefined) {
      named = cls.id !== null && this.sourceCode.text.includes(`${cls.id.name}.prototype`);
      this.#prototypeNamed.set(cls, named);
    }
    return named;
  }

  /** The class a class extends, when it is a class of the module (directly, or made by a mixin of the module). */
  superClassOf(cls: ClassNode): ClassNode | undefined {
    return this.#classOf(cls.superClass, cls);
  }

  /** The argument each mixin's class extends (`Memoizing(Repository)` gives `Repository`), as applied here. */
  readonly #mixinBases = new Map<ClassNode, TSESTree.Expression>();

  #classOf(expression: TSESTree.Expression | null | undefined, cls: ClassNode): ClassNode | undefined {
    if (!expression) return undefined;
    if (expression.type === AST_NODE_TYPES.ClassExpression) return expression;
    if (expression.type === AST_NODE_TYPES.CallExpression) return this.#mixinClass(expression);
    if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.scopes.variableOf(expression);
    const definition = variable?.defs[0];
    if (definition?.node.type === AST_NODE_TYPES.ClassDeclaration) return definition.node;
    if (definition?.node.type === AST_NODE_TYPES.VariableDeclarator) {
      const init = definition.node.init;
      if (init?.type === AST_NODE_TYPES.ClassExpression) return init;
    }
    // `class extends Base` inside a mixin: the class the mixin was applied to.
    if (definition?.type === 'Parameter') {
      this.#findMixinApplications();
      const applied = this.#mixinBases.get(cls);
      return applied === undefined ? undefined : this.#classOf(applied, cls);
    }
    return undefined;
  }

  #mixinsFound = false;

  /** Every `extends mixin(Base)` of the module, so a mixin's class knows its base whichever class is set up first. */
  #findMixinApplications(): void {
    if (this.#mixinsFound) return;
    this.#mixinsFound = true;
    forEachNode(this.sourceCode.ast, this.sourceCode.visitorKeys, (node) => {
      if (
        (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) &&
        node.superClass?.type === AST_NODE_TYPES.CallExpression
      )
        this.#mixinClass(node.superClass);
    });
  }

  /** `Memoizing(Repository)` with `const Memoizing = (Base) => class extends Base {...}` in the module. */
  #mixinClass(call: TSESTree.CallExpression): ClassNode | undefined {
    if (call.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
    const definition = this.scopes.variableOf(call.callee)?.defs[0]?.node;
    const fn =
      definition?.type === AST_NODE_TYPES.FunctionDeclaration
        ? definition
        : definition?.type === AST_NODE_TYPES.VariableDeclarator &&
            (definition.init?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
              definition.init?.type === AST_NODE_TYPES.FunctionExpression)
          ? definition.init
          : undefined;
    if (!fn) return undefined;
    const returned = returnedClasses(fn)[0];
    if (!returned) return undefined;
    const index = extendedParameter(fn, returned);
    const argument = index >= 0 ? call.arguments[index] : undefined;
    if (argument && argument.type !== AST_NODE_TYPES.SpreadElement && !this.#mixinBases.has(returned))
      this.#mixinBases.set(returned, argument);
    return returned;
  }

  /** Facts at a node whose value is of a kind, with the tag each arrived with. */
  *valuesOfKind<K extends Value['kind']>(
    node: number,
    kind: K,
  ): Generator<{ id: number; value: Extract<Value, { kind: K }>; tag: number }> {
    const seen = new Set<number>();
    for (const f of this.engine.factsAt(node)) {
      const id = valueOfFact(f);
      const value = this.describe(id);
      if (value.kind !== kind) continue;
      const key = id * 65536 + tagOfFact(f);
      if (seen.has(key)) continue;
      seen.add(key);
      yield { id, value: value as Extract<Value, { kind: K }>, tag: tagOfFact(f) };
    }
  }
}

export { isFunctionNode };

const runners = new WeakMap<FunctionNode, number | undefined>();

/**
 * The parameter whose call result is everything a function returns (`async (op) => { ... return await op();
 * ... }`, `(fn) => fn()`), or undefined. Retry, timing and logging wrappers are written this way.
 */
function callbackRunner(
  fn: FunctionNode,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
): number | undefined {
  if (runners.has(fn)) return runners.get(fn);
  const calledParameter = (node: TSESTree.Node | null | undefined): number => {
    const call = node ? unwrapExpression(node) : undefined;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier)
      return -1;
    return parameterIndex(fn, call.callee.name);
  };
  let index: number | undefined;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    const i = calledParameter(fn.body);
    index = i >= 0 ? i : undefined;
  } else {
    const found = new Set<number>();
    forEachNode(fn.body, visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.ReturnStatement && enclosingFunction(node) === fn)
        found.add(calledParameter(node.argument));
    });
    index = found.size === 1 && !found.has(-1) ? [...found][0] : undefined;
  }
  runners.set(fn, index);
  return index;
}

/** A function's parameter written as a pattern (`({ redis, ttl }) => ...`, `({ redis } = {}) => ...`). */
function isParameterPattern(pattern: TSESTree.Node): boolean {
  const parameter = pattern.parent?.type === AST_NODE_TYPES.AssignmentPattern ? pattern.parent : pattern;
  const fn = parameter.parent;
  return fn !== undefined && isFunctionNode(fn) && (fn.params as TSESTree.Node[]).includes(parameter);
}
