import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from '../ast.js';
import type { FlowBuilder } from './builder.js';

/**
 * Classes written before `class`: a function whose prototype gets methods (`Store.prototype.get = function`,
 * `Store.prototype = { … }`, `Object.assign(Store.prototype, …)`, `util.inherits(Store, …)`) or that is called
 * with `new`. connect-redis-style stores, older SDKs and much CommonJS code are written so.
 *
 * One object stands for every instance (and the prototype): it is `F.prototype`, `this` in `F` and in every
 * function stored on it, and what `new F()` gives. Whether it outlives a request is decided as for a class
 * (module-flow: made here and kept, or made elsewhere and a service).
 */
export interface ConstructorFunction {
  fn: FunctionNode;
  /** The function's value. */
  value: number;
  /** `F.prototype`: the instance object and anything assigned to the prototype. */
  prototype: number;
  /** The instance object. */
  instance: number;
  /** Functions stored on the prototype or the instance (methods), found as facts propagate. */
  methods: Set<FunctionNode>;
  /** `new F()` appears in the module. */
  madeHere: boolean;
}

const constructorNames = new WeakMap<FlowBuilder, Set<string>>();
const NAMES =
  /\b([A-Za-z_$][\w$]*)\.prototype\b|\bnew\s+([A-Za-z_$][\w$]*)|\binherits\(\s*([A-Za-z_$][\w$]*)/g;

/** Names the module's text uses as constructors; one scan of the text per module. */
function namesUsedAsConstructors(b: FlowBuilder): Set<string> {
  let names = constructorNames.get(b);
  if (!names) {
    names = new Set();
    for (const match of b.sourceCode.text.matchAll(NAMES)) names.add(match[1] ?? match[2] ?? match[3]!);
    constructorNames.set(b, names);
  }
  return names;
}

/** The name a function is known by: its own, or the variable or property it is assigned to. */
export function functionName(fn: FunctionNode): string | undefined {
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression) return undefined;
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier)
    return parent.id.name;
  if (
    parent?.type === AST_NODE_TYPES.AssignmentExpression &&
    parent.left.type === AST_NODE_TYPES.MemberExpression &&
    parent.left.property.type === AST_NODE_TYPES.Identifier
  )
    return parent.left.property.name;
  return undefined;
}

/** A method of a class or an object literal is no constructor function. */
function isPlainFunction(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (
    parent?.type !== AST_NODE_TYPES.MethodDefinition &&
    !(parent?.type === AST_NODE_TYPES.Property && (parent.method || parent.kind !== 'init'))
  );
}

/** Sets a function up as a constructor when the module uses it as one (called by setupFunction). */
export function setupConstructorFunction(b: FlowBuilder, fn: FunctionNode, value: number): void {
  const name = functionName(fn);
  if (name === undefined || !isPlainFunction(fn) || !namesUsedAsConstructors(b).has(name)) return;
  const engine = b.engine;
  const instance = b.value({ kind: 'object', site: fn, shape: 'instance' });
  const prototype = engine.field(value, 'prototype');
  engine.addValue(prototype, instance);
  const self = b.functionThis(fn);
  engine.edge(prototype, self);
  const entry: ConstructorFunction = { fn, value, prototype, instance, methods: new Set(), madeHere: false };
  b.constructorFunctions.set(fn, entry);
  // `this` in a function stored on the prototype (or on the instance, `this.get = function`) is the instance.
  engine.listenValues(prototype, (object) =>
    engine.onFields(object, (_name, field) =>
      engine.listenValues(field, (stored) => {
        const described = b.describe(stored);
        if (described.kind !== 'function' || described.fn === fn || !isPlainFunction(described.fn)) return;
        if (described.fn.type === AST_NODE_TYPES.ArrowFunctionExpression) return;
        entry.methods.add(described.fn);
        engine.edge(prototype, b.functionThis(described.fn));
      }),
    ),
  );
}

/** `F.prototype = { … }`: what is assigned joins the prototype (a store into a function value is dropped otherwise). */
export function storeIntoConstructor(
  b: FlowBuilder,
  fnValue: number,
  name: string | undefined,
  value: number,
): void {
  if (name !== 'prototype') return;
  const described = b.describe(fnValue);
  if (described.kind !== 'function' || !b.constructorFunctions.has(described.fn)) return;
  b.engine.edge(value, b.engine.field(fnValue, 'prototype'));
}

/** `new F(...)` of a constructor function: the instance, with `this` in `F` already holding it. */
export function newOfConstructor(b: FlowBuilder, fn: FunctionNode): number | undefined {
  const entry = b.constructorFunctions.get(fn);
  if (!entry) return undefined;
  entry.madeHere = true;
  return entry.prototype;
}
