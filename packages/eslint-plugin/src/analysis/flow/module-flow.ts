import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { forwardedImports } from './forwarded-imports.js';
import {
  calleeMethodName,
  type ClassNode,
  enclosingFunction,
  type FunctionNode,
  importedName,
  isFunctionNode,
} from '../ast.js';
import { forEachNode } from '../walk.js';
import { buildExpression } from './build-expressions.js';
import { setupClass, setupFunction } from './build-functions.js';
import { FlowBuilder, type ImportResolver, type RegistrationResolver, type StoreSite } from './builder.js';
import type { ConstructorFunction } from './constructor-functions.js';
import { Step } from './engine.js';
import { valueOfFact } from './facts.js';
import type { FlowModel } from './model.js';
import { perCallObjects } from './per-call-objects.js';
import { longLivedRoots, longLivedValues, sinksOf, type Sink } from './sinks.js';
import { wrappedCallbacks } from './wrapped-callbacks.js';
import { typedClient } from './typed-clients.js';
import { addArgumentClients, addDuckClients } from './duck-clients.js';
import { passesClient } from './passes-client.js';
import type { PluginSettings } from '../../util/settings.js';
import { unresolvedArrayCallback } from '../../models/builtins.js';
import { mapEntry } from '../../models/stores.js';

/** Expressions that do something: every other expression is built when one of these (or a declaration) needs it. */
const effects = new Set<string>([
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.AssignmentExpression,
  AST_NODE_TYPES.TaggedTemplateExpression,
  AST_NODE_TYPES.YieldExpression,
]);

/** What the analysis of one module found: the builder's facts, the values that outlive a request, and sinks. */
export interface ModuleFlow {
  builder: FlowBuilder;
  longLived: ReadonlySet<number>;
  /** For every reply label kept somewhere that outlives the request: where. */
  sinks: ReadonlyMap<number, Sink[]>;
  exportNodes: readonly number[];
  /** ES module exports by exported name (`default` included); CommonJS exports are the fields of `module.exports`. */
  namedExports: ReadonlyMap<string, number>;
  /**
   * `export { x } from './y'`, `export * from './y'` and imports exported again (`forwardedImports`): exported
   * name (or `*`) -> module and its name.
   */
  reexports: ReadonlyMap<string, { module: string; name: string }>;
}

interface Exports {
  nodes: number[];
  named: Map<string, number>;
  reexports: Map<string, { module: string; name: string }>;
}

function importPath(specifier: TSESTree.ImportDeclaration['specifiers'][number]): string {
  return specifier.type === AST_NODE_TYPES.ImportSpecifier ? importedName(specifier) : '';
}

function visit(b: FlowBuilder, node: TSESTree.Node, exports: Exports): void {
  const exportNodes = exports.nodes;
  switch (node.type) {
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
      setupFunction(b, node);
      return;
    case AST_NODE_TYPES.ClassDeclaration:
    case AST_NODE_TYPES.ClassExpression:
      setupClass(b, node);
      return;
    case AST_NODE_TYPES.VariableDeclarator: {
      // A declaration is a store: of a module variable its functions may serve later (sinks.ts, servedLater),
      // or of a function's variable that a closure outliving the call reads.
      if (node.init) b.bind(node.id, b.valueOf(node.init), node);
      const typed =
        node.id.type === AST_NODE_TYPES.Identifier ? typedClient(b, node.id.typeAnnotation) : undefined;
      const declared = typed === undefined ? undefined : b.identifierNode(node.id);
      if (typed === undefined || declared === undefined) return;
      // `export const catalog: Valkey = createCatalogClient('api')`: the factory's client, with its tracking;
      // the annotation says what it is only when the initializer gives no client the analysis knows.
      if (node.init) b.deferredClients.push([declared, typed]);
      else b.engine.addValue(declared, typed);
      return;
    }
    case AST_NODE_TYPES.ForOfStatement: {
      const left = node.left;
      const iterated = b.valueOf(node.right);
      const elements = b.loadAll(iterated);
      // A Map iterates as `[key, value]` entries: `for (const [name, state] of next) flags.set(name, state)`.
      b.engine.listenValues(iterated, (value) => {
        const described = b.describe(value);
        if (described.kind === 'store' && described.library === 'map')
          b.engine.addValue(elements, mapEntry(b, value, node));
      });
      if (left.type === AST_NODE_TYPES.VariableDeclaration) {
        const declarator = left.declarations[0];
        if (declarator) b.bind(declarator.id, elements);
      } else {
        b.bind(left, elements, node);
      }
      return;
    }
    case AST_NODE_TYPES.ReturnStatement: {
      const fn = enclosingFunction(node);
      if (fn && node.argument) b.engine.edge(b.valueOf(node.argument), b.returnNode(fn));
      return;
    }
    case AST_NODE_TYPES.ImportDeclaration:
      if (node.importKind === 'type') return;
      for (const specifier of node.specifiers) {
        const local = b.identifierNode(specifier.local);
        if (local === undefined) continue;
        b.addImport(local, node.source.value, importPath(specifier), specifier);
      }
      return;
    case AST_NODE_TYPES.TSImportEqualsDeclaration: {
      // `import Redis = require('ioredis')`: the module object, as `require` gives it.
      const reference = node.moduleReference;
      if (node.importKind === 'type' || reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return;
      const local = b.identifierNode(node.id);
      const source = reference.expression;
      if (local !== undefined && typeof source.value === 'string') b.addImport(local, source.value, '', node);
      return;
    }
    case AST_NODE_TYPES.TSExportAssignment: {
      // `export = new PromoCodes()`: TypeScript's `module.exports = ...`.
      const value = b.valueOf(node.expression);
      b.store(b.globalNode('module'), 'exports', value);
      exportNodes.push(value);
      return;
    }
    case AST_NODE_TYPES.ExportDefaultDeclaration: {
      const declaration = node.declaration;
      let value: number | undefined;
      if (
        declaration.type === AST_NODE_TYPES.ClassDeclaration ||
        declaration.type === AST_NODE_TYPES.ClassExpression
      ) {
        b.exportedClasses.add(declaration);
        value = setupClass(b, declaration);
      } else if (isFunctionNode(declaration)) {
        value = setupFunction(b, declaration);
      } else if (
        declaration.type !== AST_NODE_TYPES.TSInterfaceDeclaration &&
        declaration.type !== AST_NODE_TYPES.TSDeclareFunction
      ) {
        value = b.valueOf(declaration);
      }
      if (value !== undefined) {
        exportNodes.push(value);
        exports.named.set('default', value);
      }
      return;
    }
    case AST_NODE_TYPES.ExportNamedDeclaration: {
      const declaration = node.declaration;
      if (declaration?.type === AST_NODE_TYPES.ClassDeclaration) b.exportedClasses.add(declaration);
      const named = (name: TSESTree.Identifier) => {
        const id = b.identifierNode(name);
        if (id === undefined) return;
        exportNodes.push(id);
        exports.named.set(name.name, id);
      };
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier) named(declarator.id);
        }
      } else if (declaration && 'id' in declaration && declaration.id?.type === AST_NODE_TYPES.Identifier) {
        named(declaration.id);
      }
      for (const specifier of node.specifiers) {
        const exported =
          specifier.exported.type === AST_NODE_TYPES.Identifier
            ? specifier.exported.name
            : String(specifier.exported.value);
        const local =
          specifier.local.type === AST_NODE_TYPES.Identifier
            ? specifier.local.name
            : String(specifier.local.value);
        if (node.source) {
          exports.reexports.set(exported, { module: node.source.value, name: local });
          continue;
        }
        if (specifier.local.type !== AST_NODE_TYPES.Identifier) continue;
        const id = b.identifierNode(specifier.local);
        if (id === undefined) continue;
        exportNodes.push(id);
        exports.named.set(exported, id);
      }
      return;
    }
    case AST_NODE_TYPES.ExportAllDeclaration: {
      // `export * as ns from './y'` names the namespace; `export * from './y'` passes every name through.
      const exported = node.exported;
      const name = exported
        ? exported.type === AST_NODE_TYPES.Identifier
          ? exported.name
          : String((exported as unknown as TSESTree.StringLiteral).value)
        : `*${exports.reexports.size}`;
      exports.reexports.set(name, { module: node.source.value, name: '*' });
      return;
    }
    default:
      if (effects.has(node.type)) b.valueOf(node);
      return;
  }
}

/** A listener for pub/sub messages: on a client another module made, it may be an invalidation handler. */
const messageListener = /\.(?:on|once|addListener|prependListener)\(\s*['"`]p?message(?:Buffer)?['"`]/;

/** Classes whose instances are made outside the module: exported, never made here, or framework components. */
function externallyMade(b: FlowBuilder, cls: ClassNode, exported: ReadonlySet<number>): boolean {
  if (b.exportedClasses.has(cls)) return true;
  if (exported.has(b.value({ kind: 'class', cls }))) return true;
  for (const { value } of b.valuesOfKind(b.classThis(cls), 'instance')) {
    if (value.site !== undefined) return false;
  }
  return true;
}

/** The class a function is a method (or a function inside a method) of. */
function classOfMethod(fn: FunctionNode): ClassNode | undefined {
  for (let node: TSESTree.Node | undefined = fn; node; node = node.parent) {
    if (node.type === AST_NODE_TYPES.ClassBody) return node.parent as ClassNode;
  }
  return undefined;
}

/** Whether an instance holds a client or a store (directly or in an instance it holds), or extends an imported class. */
function isService(b: FlowBuilder, instance: number, depth: number): boolean {
  const described = b.describe(instance);
  if (described.kind !== 'instance') return false;
  if (described.cls.superClass && !b.superClassOf(described.cls)) return true;
  for (const field of b.engine.fieldsOf(instance).values()) {
    for (const value of b.engine.valuesAt(field)) {
      const held = b.describe(value);
      if (held.kind === 'client' || held.kind === 'store' || held.kind === 'pipeline') return true;
      if (held.kind === 'instance' && depth > 0 && isService(b, value, depth - 1)) return true;
    }
  }
  const parent = b.superClassOf(described.cls);
  return (
    parent !== undefined &&
    depth > 0 &&
    isService(b, b.value({ kind: 'instance', cls: parent, site: undefined }), depth - 1)
  );
}

/** A constructor function whose instances hold a client or a store, or whose methods talk to the server. */
function isConstructedService(b: FlowBuilder, made: ConstructorFunction): boolean {
  for (const field of b.engine.fieldsOf(made.instance).values()) {
    for (const value of b.engine.valuesAt(field)) {
      const kind = b.describe(value).kind;
      if (kind === 'client' || kind === 'store' || kind === 'pipeline') return true;
    }
  }
  const methods = new Set<FunctionNode>([made.fn, ...made.methods]);
  return b.reads.some((read) => {
    if (read.onParameter) return false;
    for (let node: TSESTree.Node | undefined = read.enclosing; node; node = node.parent)
      if (methods.has(node as FunctionNode)) return true;
    return false;
  });
}

/** Every value reachable from the nodes (through fields). */
function reachable(b: FlowBuilder, nodes: readonly number[]): Set<number> {
  const seen = new Set<number>();
  const stack = nodes.flatMap((node) => b.engine.valuesAt(node));
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    for (const field of b.engine.fieldsOf(value).values()) stack.push(...b.engine.valuesAt(field));
  }
  return seen;
}

/** `module.exports = …`, `module.exports.x = …`, `exports.x = …`: a CommonJS module that exports something. */
const COMMONJS_EXPORT = /\bmodule\.exports\b|(?<![.\w$])exports\.[\w$]+\s*=|^\s*export\s*=/m;

/** CommonJS: `module.exports = X` is the default export, and the fields of X (or of `exports`) are named ones. */
function collectCommonJsExports(b: FlowBuilder, named: Map<string, number>): void {
  const add = (object: number) => {
    for (const [name, field] of b.engine.fieldsOf(object))
      if (name !== '*' && !named.has(name)) named.set(name, field);
  };
  for (const moduleObject of b.engine.valuesAt(b.globalNode('module'))) {
    const exported = b.engine.fieldsOf(moduleObject).get('exports');
    if (exported === undefined) continue;
    if (!named.has('default')) named.set('default', exported);
    for (const object of b.engine.valuesAt(exported)) add(object);
  }
  for (const exportsObject of b.engine.valuesAt(b.globalNode('exports'))) add(exportsObject);
}

/** Calls nobody resolved (a function of another module, a global): their result is computed from their inputs. */
function deriveUnresolved(b: FlowBuilder): void {
  for (const site of b.engine.callSites) {
    if (!site || site.synthetic || site.resolved) continue;
    site.resolved = true;
    const name = site.node.type === AST_NODE_TYPES.CallExpression ? calleeMethodName(site.node) : undefined;
    if (name !== undefined) unresolvedArrayCallback(b, site, name);
    for (const arg of site.args) b.engine.edge(arg, site.result, Step.Derive);
    if (site.receiver !== undefined) b.engine.edge(site.receiver, site.result, Step.Derive);
  }
}

export interface AnalyzeOptions {
  /** The module can hold no client (nothing names one): build nothing. */
  skip?: boolean;
  /** What the exports of other modules are, for their imports here. */
  imports?: ImportResolver;
  /** What other modules register with a framework, for the parameters and properties it fills here. */
  registrations?: RegistrationResolver;
  /**
   * What the module exports is wanted (a summary): read its client-less imports even when it reads nothing
   * itself, since it may hand on a client another module made (`exports.redis = createPair(url).client`).
   */
  exportsMatter?: boolean;
  /** At most this many facts (default: the engine's budget for a linted module). */
  maxFacts?: number;
  /** Called once the module is built and before facts propagate (a summary seeds parameters here). */
  beforeRun?: (b: FlowBuilder, named: ReadonlyMap<string, number>) => void;
  /** Classes a container makes anew for each request (`imports/request-scoped.ts`): their fields serve one. */
  requestScoped?: (cls: ClassNode) => boolean;
  /** The module a global name is imported from by the framework (Nitro's `server/utils/`). */
  autoImport?: (name: string) => string | undefined;
  /** The module's file. */
  file?: string;
}

export function analyzeFlow(
  sourceCode: Readonly<TSESLint.SourceCode>,
  models: readonly FlowModel[],
  settings?: PluginSettings,
  options: AnalyzeOptions = {},
): ModuleFlow {
  const b = new FlowBuilder(
    sourceCode,
    models,
    buildExpression,
    settings,
    options.imports,
    options.registrations,
  );
  if (options.maxFacts !== undefined) b.engine.maxFacts = options.maxFacts;
  b.autoImport = options.autoImport;
  b.file = options.file;
  b.summarizing = options.exportsMatter ?? false;
  if (options.skip) {
    return {
      builder: b,
      longLived: new Set(),
      sinks: new Map(),
      exportNodes: [],
      namedExports: new Map(),
      reexports: new Map(),
    };
  }
  const exports: Exports = { nodes: [], named: new Map(), reexports: new Map() };
  const exportNodes = exports.nodes;
  forEachNode(sourceCode.ast, sourceCode.visitorKeys, (node) => visit(b, node, exports));
  for (const [exported, target] of forwardedImports(sourceCode.ast))
    if (!exports.reexports.has(exported)) exports.reexports.set(exported, target);
  const exportsSomething = exportNodes.length > 0 || COMMONJS_EXPORT.test(sourceCode.text);
  addDuckClients(b);
  options.beforeRun?.(b, exports.named);
  b.engine.run();
  const exported = reachable(b, [...exportNodes, b.globalNode('module'), b.globalNode('exports')]);
  const external: number[] = [];
  for (const cls of b.classes) {
    if (!externallyMade(b, cls, exported)) continue;
    const instance = b.value({ kind: 'instance', cls, site: undefined });
    b.engine.addValue(b.classThis(cls), instance);
    external.push(instance);
  }
  b.engine.run();
  // Client-less imports are read once the module has reads (or clients it recognises by their methods, or hands
  // a client to a call: `eachKeyPage({ redis: valkey }, 'price:*', onPage)` may read on it), before
  // those recognised clients are added: an imported client is described better by its own module.
  if (
    (b.reads.length > 0 ||
      b.deferredClients.length > 0 ||
      b.deferredClientSources.length > 0 ||
      messageListener.test(sourceCode.text) ||
      options.exportsMatter ||
      passesClient(b)) &&
    b.pendingImports.length > 0
  ) {
    for (const [node, module, path, site] of b.pendingImports.splice(0))
      b.addImport(node, module, path, site, true);
    b.engine.run();
  }
  // Clients recognised by what is sent on them, where nothing the module shows says what the receiver is.
  // A pipeline or MULTI queues what is sent on it (`redis.pipeline().incr(k).pttl(k)`): no client to guess there,
  // or its commands would be sent twice and `exec()` would answer with every reply at every position.
  const holdsClient = (node: number) =>
    b.engine.valuesAt(node).some((value) => {
      const kind = b.describe(value).kind;
      return kind === 'client' || kind === 'pipeline';
    });
  // What this module registers comes first: it says more than the methods sent on the receiver do.
  for (const [node, source] of b.deferredClientSources) {
    if (holdsClient(node)) continue;
    for (const value of b.engine.valuesAt(source))
      if (b.describe(value).kind === 'client') b.engine.addValue(node, value);
  }
  for (const [node, client] of b.deferredClients) if (!holdsClient(node)) b.engine.addValue(node, client);
  addArgumentClients(b);
  for (const [node, value] of b.deferredWhereEmpty)
    if (b.engine.valuesAt(node).length === 0) b.engine.addValue(node, value);
  // A cache the module registers with its framework (`server.bind({ memo: new Map() })` in a plugin's `register`)
  // lives as long as the server does, wherever it was made.
  for (const [node, source] of b.deferredStoreSources) {
    // A reply there is no value of its own: `c.get('memo')` on a parameter reads like a GET until it is known.
    if (b.engine.valuesAt(node).some((value) => b.describe(value).kind !== 'reply')) continue;
    const stores = b.engine.valuesAt(source).filter((value) => b.describe(value).kind === 'store');
    for (const value of stores) b.engine.addValue(node, value);
    if (stores.length > 0) b.rootNodes.push(source);
  }
  b.engine.run();
  // An instance made outside the module lives as long as a service does only when it is one: it holds a
  // client or a cache, talks to the server itself, or a framework makes it (a React component). A data
  // object (`new Order(row)` elsewhere, per request) keeps nothing beyond the request.
  const talking = new Set(
    b.reads
      .filter((read) => !read.onParameter)
      .map((read) => read.enclosing && classOfMethod(read.enclosing))
      .filter(Boolean),
  );
  for (const instance of external) {
    const described = b.describe(instance);
    if (described.kind === 'instance' && options.requestScoped?.(described.cls)) continue;
    if (isService(b, instance, 2) || (described.kind === 'instance' && talking.has(described.cls))) {
      exportNodes.push(b.constant(instance));
    }
  }
  for (const made of b.constructorFunctions.values()) {
    if (made.madeHere && !exported.has(made.value)) continue;
    if (isConstructedService(b, made)) exportNodes.push(b.constant(made.instance));
  }

  // Values computed by code the module does not show carry replies only: with no read, there is nothing to carry.
  if (b.reads.length > 0) {
    deriveUnresolved(b);
    b.engine.run();
  }
  const roots = longLivedRoots(b, exportNodes);
  const longLived = longLivedValues(b, roots);
  collectCommonJsExports(b, exports.named);
  const perCall = perCallObjects(b, longLived, roots);
  const ownCallbacks = wrappedCallbacks(b);
  return {
    builder: b,
    longLived,
    sinks: sinksOf(
      b,
      longLived,
      (site, label) => perCall(site, label) && ownCallbacks(site, label),
      exportsSomething,
    ),
    exportNodes,
    namedExports: exports.named,
    reexports: exports.reexports,
  };
}

export type { Sink, StoreSite, FunctionNode };
export { valueOfFact };
