import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  calleeName,
  type ClassNode,
  type FunctionNode,
  isFunctionNode,
  staticPropertyName,
} from '../analysis/ast.js';
import { perBuilder } from '../analysis/flow/per-builder.js';
import { EMITTED_FIELD } from '../analysis/flow/values.js';
import { forEachNode } from '../analysis/walk.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { chainDeclares, topClassOf } from '../analysis/flow/class-chain.js';
import { functionName } from '../analysis/flow/constructor-functions.js';
import type { CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { exportName } from './export-name.js';
import { listenMethods, staticString } from './listen.js';

/**
 * Node's EventEmitter (`new EventEmitter()` of `events` or `node:events`, and eventemitter3's), and the
 * module's classes that extend it (`class Feed extends EventEmitter`, `this.emit(...)` in its methods): what
 * `emit(event, ...args)` passes reaches the listeners of that event as their arguments, so a listener that
 * keeps one (`bus.on('sample', (s) => history.push(s))`) keeps the reply the emitting code read; so does the
 * array `events.once(bus, 'sample')` resolves to. Events are told apart by name where the module shows it; an
 * emit or a listener whose event it does not show meets every listener or emit.
 */
const emitterExports: Record<string, readonly string[]> = {
  events: ['', 'EventEmitter'],
  'node:events': ['', 'EventEmitter'],
  eventemitter3: ['', 'EventEmitter'],
};
/** `once(emitter, event)` of `events`: a promise of the arguments of the event's next emit. */
const onceExports: Record<string, readonly string[]> = {
  events: ['once'],
  'node:events': ['once'],
};

/** Arguments passed on per emit: listeners rarely take more. */
const MAX_ARGUMENTS = 4;
/** The node holding argument `index` of the emits of `bucket`: an event's name, `?` (names not shown) or `*` (all). */
const emitted = (b: FlowBuilder, emitter: number, bucket: string, index: number) =>
  b.engine.field(emitter, `${EMITTED_FIELD}${bucket}:${index}`);

/** A listener of `event` (undefined: not shown) gets the emits of its event and those whose event is not shown. */
function listen(b: FlowBuilder, site: CallSite, emitter: number, event: string | undefined): void {
  const listener = site.args[1];
  if (listener === undefined) return;
  const args = Array.from({ length: MAX_ARGUMENTS }, (_, i) => {
    const arg = b.engine.node();
    for (const bucket of event === undefined ? ['*'] : [event, '?'])
      b.engine.edge(emitted(b, emitter, bucket, i), arg);
    return arg;
  });
  b.callCallback(site.node, listener, args);
}

function emit(b: FlowBuilder, site: CallSite, emitter: number, event: string | undefined): void {
  site.args.slice(1, 1 + MAX_ARGUMENTS).forEach((arg, i) => {
    b.engine.edge(arg, emitted(b, emitter, event ?? '?', i));
    b.engine.edge(arg, emitted(b, emitter, '*', i));
  });
}

/** `events.once(emitter, event)`: its result holds what the event's emits pass, as an array of arguments. */
function once(b: FlowBuilder, site: CallSite): void {
  const emitter = site.args[0];
  if (emitter === undefined || site.node.type !== AST_NODE_TYPES.CallExpression) return;
  const event = staticString(b, site.node.arguments[1]);
  const args = b.value({ kind: 'object', site: site.node, shape: 'array' });
  b.engine.addValue(site.result, args);
  b.engine.listenValues(emitter, (value) => {
    if (!isEmitter(b, value)) return;
    for (let i = 0; i < MAX_ARGUMENTS; i++)
      for (const bucket of event === undefined ? ['*'] : [event, '?'])
        b.engine.edge(emitted(b, value, bucket, i), b.engine.field(args, String(i)));
  });
}

/** Whether a class of the module extends EventEmitter, at the top of its chain in the module. */
function extendsEmitter(b: FlowBuilder, cls: ClassNode): boolean {
  const base = topClassOf(b, cls).superClass;
  if (!base) return false;
  return b.engine.valuesAt(b.valueOf(base)).some((value) => {
    const described = b.describe(value);
    return (
      described.kind === 'import' &&
      emitterExports[described.module]?.includes(exportName(described.path)) === true
    );
  });
}

/** `F` of `F.prototype`; any other expression as it is. */
const withoutPrototype = (node: TSESTree.Node): TSESTree.Node =>
  node.type === AST_NODE_TYPES.MemberExpression &&
  staticPropertyName(node.property, node.computed) === 'prototype'
    ? node.object
    : node;

/** Whether an expression is EventEmitter itself (`EventEmitter`, `events.EventEmitter`, `EventEmitter.prototype`). */
function namesEmitter(b: FlowBuilder, node: TSESTree.Node): boolean {
  return b.engine.valuesAt(b.valueOf(withoutPrototype(node))).some((value) => {
    const described = b.describe(value);
    return (
      described.kind === 'import' &&
      emitterExports[described.module]?.includes(exportName(described.path)) === true
    );
  });
}

const emitterConstructors = perBuilder<FunctionNode, boolean>();

/**
 * Whether a constructor function makes emitters, as code written before `class` says so: `EventEmitter.call(this)`
 * in its body, `util.inherits(F, EventEmitter)`, `Object.setPrototypeOf(F.prototype, EventEmitter.prototype)` or
 * `F.prototype = Object.create(EventEmitter.prototype)`.
 */
function constructsEmitters(b: FlowBuilder, fn: FunctionNode): boolean {
  const known = emitterConstructors(b);
  const cached = known.get(fn);
  if (cached !== undefined) return cached;
  const name = functionName(fn);
  const namesFn = (node: TSESTree.Node | undefined) => {
    const target = node && withoutPrototype(node);
    return target?.type === AST_NODE_TYPES.Identifier && target.name === name;
  };
  let found = false;
  if (/\.(?:call|apply)\(\s*this|inherits\(|setPrototypeOf\(|Object\.create\(/.test(b.sourceCode.text)) {
    forEachNode(b.sourceCode.ast, b.sourceCode.visitorKeys, (node) => {
      if (found) return;
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const method = calleeName(node);
        const [first, second] = node.arguments;
        // `EventEmitter.call(this)` inside the constructor.
        if (
          (method === 'call' || method === 'apply') &&
          first?.type === AST_NODE_TYPES.ThisExpression &&
          node.callee.type === AST_NODE_TYPES.MemberExpression &&
          fn.range[0] <= node.range[0] &&
          node.range[1] <= fn.range[1]
        )
          found = namesEmitter(b, node.callee.object);
        else if ((method === 'inherits' || method === 'setPrototypeOf') && namesFn(first) && second)
          found = namesEmitter(b, second);
      } else if (
        node.type === AST_NODE_TYPES.AssignmentExpression &&
        node.left.type === AST_NODE_TYPES.MemberExpression &&
        namesFn(node.left) &&
        node.right.type === AST_NODE_TYPES.CallExpression &&
        calleeName(node.right) === 'create' &&
        node.right.arguments[0] !== undefined
      )
        found = namesEmitter(b, node.right.arguments[0]);
    });
  }
  known.set(fn, found);
  return found;
}

/**
 * An emitter: one the module makes with `new EventEmitter()`, an instance of a class extending it, or of a
 * constructor function that inherits from it.
 */
function isEmitter(b: FlowBuilder, value: number): boolean {
  const described = b.describe(value);
  if (described.kind === 'model') return described.model === 'event-emitters';
  if (described.kind === 'object' && described.shape === 'instance' && isFunctionNode(described.site))
    return b.constructorFunctions.has(described.site) && constructsEmitters(b, described.site);
  return described.kind === 'instance' && extendsEmitter(b, described.cls);
}

export const eventEmittersModel: FlowModel = {
  name: 'event-emitters',
  modules: [...Object.keys(emitterExports)],
  callImport(b, site, imported, isNew) {
    const name = exportName(imported.path);
    if (!isNew && onceExports[imported.module]?.includes(name)) {
      once(b, site);
      return true;
    }
    if (!isNew || !emitterExports[imported.module]?.includes(name)) return false;
    b.engine.addValue(
      site.result,
      b.value({ kind: 'model', model: 'event-emitters', type: 'emitter', site: site.node }),
    );
    return true;
  },
  callMethod(b, site, receiver, _fact, name) {
    if (site.node.type !== AST_NODE_TYPES.CallExpression || !isEmitter(b, receiver)) return false;
    const described = b.describe(receiver);
    // A subclass's own `emit` or `on` is its code, not EventEmitter's.
    if (described.kind === 'instance' && chainDeclares(b, described.cls, name, true)) return false;
    const event = staticString(b, site.node.arguments[0]);
    if (name in listenMethods) {
      b.engine.edge(receiver, site.result);
      listen(b, site, receiver, event);
      return true;
    }
    if (name === 'emit') {
      emit(b, site, receiver, event);
      return true;
    }
    return false;
  },
};
