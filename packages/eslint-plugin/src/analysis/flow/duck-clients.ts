import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, staticPropertyName } from '../ast.js';
import { commands } from '@valkey-track/rules-data';
import { commandOfMethod, normalizeName } from '../../clients/command-names.js';
import type { FlowBuilder } from './builder.js';
import { staticValue } from '../static-value.js';
import { namesInvalidationChannel } from '../invalidation/subscriptions.js';

/**
 * Command methods other libraries also have (Map, Set, lru-cache, node-cache, keyv, memcached, streams, event
 * emitters, ORMs): calling one says nothing about the receiver. Every other command method (`hgetall`,
 * `zrevrange`, `pttl`, `srandmember`, `xpending`, ...) and `pipeline()`/`multi()` are only a client's.
 */
const sharedNames = new Set(
  [
    'get',
    'set',
    'del',
    'delete',
    'keys',
    'has',
    'type',
    'exists',
    'info',
    'time',
    'sort',
    'scan',
    'dump',
    'object',
    'memory',
    'ttl',
    'expire',
    'incr',
    'decr',
    'append',
    'prepend',
    'publish',
    'subscribe',
    'unsubscribe',
    'connect',
    'quit',
    'disconnect',
    'call',
    'ping',
    'echo',
    'select',
    'save',
    'config',
    'client',
    'watch',
    'exec',
    'discard',
    'auth',
    'hello',
    'reset',
    'wait',
    'monitor',
    'shutdown',
    'sync',
    'touch',
    'copy',
    'move',
    'rename',
    'mget',
    'mset',
    'getttl',
    'take',
    'lcs',
    'role',
    'debug',
    'command',
    'function',
    'eval',
    'failover',
    'readonly',
    'readwrite',
    'flushall',
    'flushdb',
    'asking',
    'cluster',
    'module',
    'latency',
    'slowlog',
    'acl',
    'psync',
    'replicaof',
    'slaveof',
    'bgsave',
    'lastsave',
    'restore',
    'migrate',
    'unlink',
    'persist',
    'swapdb',
    'sintercard',
    'substr',
    'getdel',
    'getex',
    'setex',
    'setnx',
    'incrby',
    'decrby',
    'strlen',
    'lpos',
    'push',
    'pop',
    'add',
    // ESLint's `sourceCode.getRange(node)`, spreadsheets' `sheet.getRange('A1')`, bit sets' `getBit`/`setBit`.
    'getrange',
    'setrange',
    'getbit',
    'setbit',
    // chokidar's and fs's `unwatch`/`unwatchFile`.
    'unwatch',
  ].map(normalizeName),
);
const pipelineMethods = new Set(['pipeline', 'multi']);

/** A stable name for what an expression refers to: a variable, `this` of a class, and properties below them. */
function pathOf(b: FlowBuilder, node: TSESTree.Node): string | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier: {
      const variable = b.scopes.variableOf(node);
      // An undeclared name is a property of the global object: `global.redis`, `globalThis.redis`, `redis`.
      if (!variable)
        return node.name === 'global' || node.name === 'globalThis' ? 'global' : `global.${node.name}`;
      const definition = variable.defs[0]?.name ?? variable.identifiers[0];
      return definition ? `var:${definition.range[0]}` : undefined;
    }
    case AST_NODE_TYPES.ThisExpression: {
      let current: TSESTree.Node | undefined = node;
      while (current && current.type !== AST_NODE_TYPES.ClassBody) current = current.parent;
      if (current) return `this:${current.range[0]}`;
      const fn = enclosingFunction(node);
      if (!fn) return undefined;
      // A function on a constructor's prototype (`Repo.prototype.load = function () { this.client... }`) and
      // the constructor itself share their `this`, as a class's methods do.
      const owner =
        prototypeOwner(fn) ?? (fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id?.name : undefined);
      return owner ? `this:prototype:${owner}` : `this:${fn.range[0]}`;
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = staticPropertyName(node.property, node.computed);
      const base = name === undefined ? undefined : pathOf(b, node.object);
      return base === undefined ? undefined : `${base}.${name}`;
    }
    case AST_NODE_TYPES.CallExpression: {
      // A getter called with the same constant or variable each time (`context.get(valkeyContext)`,
      // `c.get('redis')`, `container.resolve(TOKENS.cache)`) names one object, as a property does.
      const callee = pathOf(b, node.callee);
      if (callee === undefined) return undefined;
      const args: string[] = [];
      for (const arg of node.arguments) {
        const path =
          arg.type === AST_NODE_TYPES.Literal && typeof arg.value !== 'object'
            ? JSON.stringify(arg.value)
            : pathOf(b, arg);
        if (path === undefined) return undefined;
        args.push(path);
      }
      return `${callee}(${args.join(',')})`;
    }
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
      return pathOf(b, node.expression);
    default:
      return undefined;
  }
}

/** `X` of `X.prototype.m = function`, `X.prototype = { m() {} }` and `Object.assign(X.prototype, { m() {} })`. */
function prototypeOwner(fn: TSESTree.Node): string | undefined {
  const parent = fn.parent;
  const prototypeOf = (node: TSESTree.Node | undefined) =>
    node?.type === AST_NODE_TYPES.MemberExpression &&
    staticPropertyName(node.property, node.computed) === 'prototype' &&
    node.object.type === AST_NODE_TYPES.Identifier
      ? node.object.name
      : undefined;
  if (
    parent?.type === AST_NODE_TYPES.AssignmentExpression &&
    parent.left.type === AST_NODE_TYPES.MemberExpression
  )
    return prototypeOf(parent.left.object);
  if (parent?.type !== AST_NODE_TYPES.Property || parent.parent.type !== AST_NODE_TYPES.ObjectExpression)
    return undefined;
  const holder = parent.parent.parent;
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression) return prototypeOf(holder.left);
  if (holder?.type === AST_NODE_TYPES.CallExpression) return prototypeOf(holder.arguments[0]);
  return undefined;
}

/** The method names (normalized) only a client has: `pipeline`, `multi` and the command methods no other library shares. */
export function clientOnlyMethods(): string[] {
  const names = new Set<string>(pipelineMethods);
  for (const entry of commands()) {
    const name = normalizeName(entry.name);
    if (!sharedNames.has(name) && commandOfMethod(name)) names.add(name);
  }
  return [...names].sort((a, b) => b.length - a.length);
}

/** Whether calling a method says the receiver is a client. */
export function distinctiveMethod(name: string): boolean {
  return (
    pipelineMethods.has(name) ||
    (commandOfMethod(name) !== undefined && !sharedNames.has(normalizeName(name)))
  );
}

/**
 * A call of a shared method whose arguments only a client takes: a subscription to the invalidation channel, or
 * `call('CLIENT', ...)` (a subscriber that only fetches its id and listens, typed nowhere).
 */
function clientOnlyArguments(b: FlowBuilder, object: TSESTree.Node, name: string): boolean {
  const call = object.parent?.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const [first] = call.arguments;
  if (first === undefined) return false;
  if (/^[ps]?subscribe$/.test(name)) return namesInvalidationChannel(b, first);
  if (name !== 'call' && name !== 'send_command') return false;
  const word = staticValue(first, b.sourceCode.getScope(first))?.value;
  return typeof word === 'string' && word.toUpperCase() === 'CLIENT';
}

/**
 * After the module is built: every receiver of a method call whose path (`this.props.redis`) some call shows to
 * be a client's gets a client, unless propagation gives it one (see module-flow).
 */
export function addDuckClients(b: FlowBuilder): void {
  const clientPaths = new Map<string, TSESTree.Node>();
  const receivers: Array<[number, string]> = [];
  for (const [receiver, object, name] of b.memberCalls) {
    const path = pathOf(b, object);
    if (path === undefined) continue;
    receivers.push([receiver, path]);
    if ((distinctiveMethod(name) || clientOnlyArguments(b, object, name)) && !clientPaths.has(path))
      clientPaths.set(path, object);
  }
  if (clientPaths.size === 0) return;
  for (const [receiver, path] of receivers) {
    const site = clientPaths.get(path);
    if (site)
      b.deferClient(
        receiver,
        b.value({ kind: 'client', site, library: 'unknown', cluster: false, origin: 'inferred' }),
      );
  }
}

/** The path of an expression, for matching it against {@link duckClients}. */
export const receiverPath = pathOf;

/**
 * After imports are read: an argument of a call of another module's function that sends a client-only command on
 * it (`leaseRemaining(ctx, id)` sending `pttl` on `ctx.valkey`) is a client, when nothing the module shows says
 * what it is (a framework's `ctx`, typed nowhere the analysis reads); a stub object with the same method is not.
 */
export function addArgumentClients(b: FlowBuilder): void {
  for (const { node, argument, method } of b.argumentReceivers) {
    if (!distinctiveMethod(method) || pathOf(b, argument) === undefined) continue;
    b.deferWhereEmpty(
      node,
      b.value({
        kind: 'client',
        site: argument,
        library: 'unknown',
        cluster: false,
        origin: 'inferred',
      }),
    );
  }
}
