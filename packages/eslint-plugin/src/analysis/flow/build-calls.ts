import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { asyncRunnerOf, type AsyncRunner } from './async-runners.js';
import { staticValue } from '../static-value.js';
import { calleeName, isFunctionNode } from '../ast.js';
import type { FlowBuilder } from './builder.js';
import { constructorOf } from './build-functions.js';
import { newOfConstructor } from './constructor-functions.js';
import { Step, type CallSite } from './engine.js';
import { contextEntry, wrapperServiceClient } from '../registrations.js';
import { isGlobalFunction } from './global-functions.js';

/** Promise methods: the callback runs once, with the promise's value (or its error). */
const promiseMethods = new Set(['then', 'catch', 'finally', 'spread']);
/** Bluebird's `spread(fn)`: `fn` gets the array's elements as arguments; this many when `fn` is not written there. */
const SPREAD_ARGUMENTS = 4;

function argumentNodes(b: FlowBuilder, call: TSESTree.CallExpression | TSESTree.NewExpression) {
  let spreadFrom = -1;
  const args = call.arguments.map((argument, index) => {
    if (argument.type === AST_NODE_TYPES.SpreadElement) {
      if (spreadFrom === -1) spreadFrom = index;
      return b.valueOf(argument.argument);
    }
    return b.valueOf(argument);
  });
  return { args, spreadFrom };
}

/** `promise.then(onValue, onError)`, `.catch(onError)`, `.finally(cb)`, Bluebird's `.spread(fn)`: whatever the receiver is. */
function promiseCall(b: FlowBuilder, site: CallSite, call: TSESTree.CallExpression, name: string): void {
  const receiver = site.receiver!;
  const engine = b.engine;
  for (const argument of call.arguments) if (isFunctionNode(argument)) b.oneShot.add(argument);
  const [first, second] = site.args;
  if (name === 'then') {
    // `.then(null, onError)` hands the value on as it is.
    const passes = first === undefined || isNothing(call.arguments[0]);
    if (!passes) b.callCallback(call, first, [receiver], site.result);
    else engine.edge(receiver, site.result);
    // `.then(Number)`, `.then(JSON.parse)`: a function of the language still computes from the value.
    if (first !== undefined && isGlobalFunction(b, call.arguments[0]))
      engine.edge(receiver, site.result, Step.Derive);
    if (second !== undefined) b.callCallback(call, second, [engine.node()], site.result);
  } else if (name === 'spread') {
    // `Promise.all([a, b]).spread((x, y) => ...)`: each element to the parameter at its index.
    const written = call.arguments[0];
    const count = written && isFunctionNode(written) ? written.params.length : SPREAD_ARGUMENTS;
    const elements = Array.from({ length: count }, (_, index) => b.load(receiver, String(index)));
    if (first !== undefined) b.callCallback(call, first, elements, site.result);
  } else if (name === 'catch') {
    engine.edge(receiver, site.result);
    if (first !== undefined) b.callCallback(call, first, [engine.node()], site.result);
  } else {
    engine.edge(receiver, site.result);
    if (first !== undefined) b.callCallback(call, first, []);
  }
  site.resolved = true;
}

/** `null` or `undefined` written as an argument. */
const isNothing = (node: TSESTree.Node | undefined): boolean =>
  (node?.type === AST_NODE_TYPES.Literal && node.value === null) ||
  (node?.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');

function methodCall(b: FlowBuilder, site: CallSite, call: TSESTree.CallExpression, name: string): void {
  if (promiseMethods.has(name)) promiseCall(b, site, call, name);
  b.engine.listenValues(site.receiver!, (value, f) => {
    for (const model of b.models) {
      if (model.callMethod?.(b, site, value, f, name)) {
        site.resolved = true;
        return;
      }
    }
  });
}

/** A `require` an ES module makes for itself: `const require = createRequire(import.meta.url)`. */
function isMadeRequire(b: FlowBuilder, callee: TSESTree.Identifier): boolean {
  const definition = b.scopes.variableOf(callee)?.defs[0];
  if (definition?.node.type !== AST_NODE_TYPES.VariableDeclarator) return false;
  const init = definition.node.init;
  return init?.type === AST_NODE_TYPES.CallExpression && calleeName(init) === 'createRequire';
}

/** `require('x')` of CommonJS, or of a `require` made with `createRequire`. */
function requireCall(b: FlowBuilder, call: TSESTree.CallExpression): number | undefined {
  if (call.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const global = call.callee.name === 'require' && b.scopes.variableOf(call.callee) === null;
  if (!global && !isMadeRequire(b, call.callee)) return undefined;
  const source = call.arguments[0];
  if (source?.type !== AST_NODE_TYPES.Literal || typeof source.value !== 'string') return undefined;
  const node = b.engine.node();
  b.addImport(node, source.value, '', call);
  return node;
}

const trackingMethods = new Set([
  'call',
  'callBuffer',
  'client',
  'clientTracking',
  'sendCommand',
  'send_command',
]);

/**
 * Whatever `CLIENT TRACKING` is sent on is a client, even when the module does not show where it is made (a
 * parameter, a global): `redis.call('CLIENT', 'TRACKING', 'ON')` on an injected `redis`.
 */
function inferClient(b: FlowBuilder, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): void {
  const name = b.memberName(callee);
  if (name === undefined || !trackingMethods.has(name)) return;
  const words = call.arguments.slice(0, 2).map((argument) => {
    const value = staticValue(argument, b.sourceCode.getScope(argument));
    return typeof value?.value === 'string'
      ? value.value.toUpperCase()
      : Array.isArray(value?.value)
        ? value.value.slice(0, 2).join(' ').toUpperCase()
        : '';
  });
  const text =
    name === 'client' || name === 'clientTracking'
      ? `CLIENT ${name === 'clientTracking' ? 'TRACKING' : words[0]}`
      : words.join(' ');
  if (!text.startsWith('CLIENT TRACKING')) return;
  const object = callee.object;
  const client = b.value({
    kind: 'client',
    site: object,
    library: 'unknown',
    cluster: false,
    origin: 'inferred',
  });
  if (object.type === AST_NODE_TYPES.MemberExpression) {
    const owner = b.valueOf(object.object);
    const field = b.memberName(object);
    // Only when nothing else there is a client: a client the module makes is described better by its maker.
    b.engine.listenValues(owner, (value) => {
      if (b.describe(value).kind === 'client') return;
      const node = b.engine.field(value, field ?? '*');
      if (!b.engine.valuesAt(node).some((v) => b.describe(v).kind === 'client'))
        b.engine.addValue(node, client);
    });
  } else if (object.type === AST_NODE_TYPES.Identifier) {
    const node = b.identifierNode(object);
    if (node !== undefined) b.deferClient(node, client);
  }
}

/** A call: its callee's function values, the receiver's models, and the arguments' callbacks. */
export function buildCall(b: FlowBuilder, call: TSESTree.CallExpression): number {
  const required = requireCall(b, call);
  if (required !== undefined) return required;
  const result = b.engine.node();
  const called =
    call.callee.type === AST_NODE_TYPES.Identifier
      ? call.callee.name
      : call.callee.type === AST_NODE_TYPES.MemberExpression
        ? b.memberName(call.callee)
        : undefined;
  const made = b.settings ? b.namedClient([called], true) : undefined;
  if (made !== undefined) b.engine.addValue(result, made);
  const { args, spreadFrom } = argumentNodes(b, call);
  const callee = call.callee;
  const runner = asyncRunnerOf(call);
  if (runner) return runAsync(b, call, runner, args, result);
  if (callee.type === AST_NODE_TYPES.Super) {
    const site = b.newCallSite(call, args, b.thisNodeAt(call), result, { spreadFrom });
    const cls = callee.parent.parent;
    let owner: TSESTree.Node | undefined = call.parent;
    while (owner && owner.type !== AST_NODE_TYPES.ClassBody) owner = owner.parent;
    const parent = owner ? b.superClassOf(owner.parent as never) : undefined;
    const ctor = parent ? constructorOf(b, parent) : undefined;
    if (ctor) b.link(site, ctor, site.receiver);
    else site.resolved = cls !== undefined;
    return result;
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const receiver = b.valueOf(callee.object);
    inferClient(b, call, callee);
    const site = b.newCallSite(call, args, receiver, result, { spreadFrom });
    b.callValuesAt(b.valueOf(callee), site);
    const name = b.memberName(callee);
    if (name === 'get') contextEntry(b, result, call);
    else wrapperServiceClient(b, result, call);
    if (name !== undefined) {
      b.memberCalls.push([receiver, callee.object, name]);
      for (const model of b.models) model.declareMethod?.(b, call, name);
      methodCall(b, site, call, name);
    }
    return result;
  }
  const site = b.newCallSite(call, args, undefined, result, { spreadFrom });
  b.callValuesAt(b.valueOf(callee), site);
  if (callee.type === AST_NODE_TYPES.Identifier && b.scopes.variableOf(callee) === null) {
    for (const model of b.models) {
      if (model.callGlobal?.(b, site, callee.name)) {
        site.resolved = true;
        break;
      }
    }
  }
  // An immediately invoked function runs once, where it stands.
  if (isFunctionNode(callee)) b.oneShot.add(callee);
  return result;
}

/**
 * A compiled async function (`async-runners.ts`): `__awaiter(this, ..., function* () {...})` runs the generator
 * now with that `this` and gives what it returns; `_asyncToGenerator(function* () {...})` gives the generator as
 * the async function, called later with its caller's `this` and arguments. Whatever defines the runner itself
 * (Babel's helper at the top of the file) is not followed.
 */
function runAsync(
  b: FlowBuilder,
  call: TSESTree.CallExpression,
  runner: AsyncRunner,
  args: number[],
  result: number,
): number {
  const generator = call.arguments[runner.generator] as TSESTree.FunctionExpression;
  if (runner.kind === 'wraps') {
    b.engine.edge(args[runner.generator]!, result);
    return result;
  }
  const self = runner.self === undefined ? undefined : args[runner.self];
  const site = b.newCallSite(call, [], self, result);
  site.resolved = true;
  b.oneShot.add(generator);
  b.link(site, generator, self);
  return result;
}

/** `new C(...)`: an instance of a class of the module, or whatever a model makes of an imported constructor. */
export function buildNew(b: FlowBuilder, expression: TSESTree.NewExpression): number {
  const result = b.engine.node();
  const { args, spreadFrom } = argumentNodes(b, expression);
  const site = b.newCallSite(expression, args, undefined, result, { spreadFrom });
  const callee = b.valueOf(expression.callee);
  b.engine.listenValues(callee, (value) => {
    const described = b.describe(value);
    if (described.kind === 'class') {
      const instance = b.value({ kind: 'instance', cls: described.cls, site: expression });
      const self = b.constant(instance);
      b.engine.edge(self, result);
      b.engine.edge(self, b.classThis(described.cls));
      const ctor = constructorOf(b, described.cls);
      if (ctor) b.link(site, ctor, self);
      site.resolved = true;
      return;
    }
    const instance = described.kind === 'function' ? newOfConstructor(b, described.fn) : undefined;
    if (instance !== undefined && described.kind === 'function') {
      b.engine.edge(instance, result);
      b.link(site, described.fn, instance);
      site.resolved = true;
      return;
    }
    b.callValue(site, value);
  });
  if (
    expression.callee.type === AST_NODE_TYPES.Identifier &&
    b.scopes.variableOf(expression.callee) === null
  ) {
    for (const model of b.models) {
      if (model.callGlobal?.(b, site, `new ${expression.callee.name}`)) {
        site.resolved = true;
        break;
      }
    }
  }
  return result;
}
