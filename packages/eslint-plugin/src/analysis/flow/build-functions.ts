import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { type ClassNode, type FunctionNode, ownConstructor, staticPropertyName } from '../ast.js';
import type { FlowBuilder } from './builder.js';
import { setupConstructorFunction } from './constructor-functions.js';
import { linkLocallyRegisteredParameter, registeredParameter } from '../registrations.js';
import {
  jsdocParameterClient,
  jsdocTypedClient,
  typedClient,
  typedCollection,
  typedImportedInstance,
  typedInstance,
  typedMembers,
  typedPatternClients,
  typedStore,
} from './typed-clients.js';

const functionNodes = new WeakMap<FlowBuilder, Map<FunctionNode, number>>();
const classNodes = new WeakMap<FlowBuilder, Set<ClassNode>>();

/** A function: its value, its parameters bound to the arguments that reach them, its expression body returned. */
export function setupFunction(b: FlowBuilder, fn: FunctionNode): number {
  let nodes = functionNodes.get(b);
  if (!nodes) {
    nodes = new Map();
    functionNodes.set(b, nodes);
  }
  const existing = nodes.get(fn);
  if (existing !== undefined) return existing;
  const value = b.value({ kind: 'function', fn });
  const node = b.constant(value);
  nodes.set(fn, node);
  b.functions.push(fn);
  setupConstructorFunction(b, fn, value);
  for (const model of b.models) model.setupFunction?.(b, fn);
  fn.params.forEach((parameter, index) => {
    if (parameter.type === AST_NODE_TYPES.RestElement) {
      const rest = b.value({ kind: 'object', site: parameter, shape: 'rest' });
      b.setRest(fn, index, rest);
      b.bind(parameter.argument, b.constant(rest));
      return;
    }
    const slot = b.paramSlot(fn, index);
    // `({ directory }: ChatDeps)`: a member typed by a class another module exports is an instance of it, beside
    // what callers pass (a client member is left to the registrations and to what callers pass).
    const typedObject = typedMembers(b, patternAnnotation(parameter), true);
    if (typedObject === undefined) b.bind(parameter, slot);
    else {
      const held = b.engine.node();
      b.engine.edge(slot, held);
      b.engine.addValue(held, typedObject);
      b.bind(parameter, held);
    }
    // A client member is known by its type only where neither a registration nor a caller of the module gives
    // one (deferred after what binding the pattern deferred); a summary reads it as what each caller passes.
    const pattern = parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.left : parameter;
    if (pattern.type === AST_NODE_TYPES.ObjectPattern && !b.summarizing) {
      for (const [binding, client] of typedPatternClients(b, pattern)) {
        const node = b.identifierNode(binding);
        if (node !== undefined) b.deferClient(node, client);
      }
    }
    // `(redis: Redis) => ...`: a client made elsewhere, known by its type.
    const declared = parameter.type === AST_NODE_TYPES.TSParameterProperty ? parameter.parameter : parameter;
    if (
      declared.type === AST_NODE_TYPES.Identifier &&
      !linkLocallyRegisteredParameter(b, fn, parameter, declared)
    ) {
      const typed =
        registeredParameter(b, fn, parameter, declared) ??
        typedClient(b, declared.typeAnnotation) ??
        jsdocParameterClient(b, fn, declared.name) ??
        typedInstance(b, declared.typeAnnotation) ??
        typedMembers(b, declared.typeAnnotation) ??
        typedStore(b, declared.typeAnnotation) ??
        typedCollection(b, declared.typeAnnotation);
      const node = b.identifierNode(declared);
      if (typed !== undefined && node !== undefined) b.engine.addValue(node, typed);
      else if (node !== undefined) typedImportedInstance(b, declared.typeAnnotation, node, declared);
    }
    if (parameter.type === AST_NODE_TYPES.TSParameterProperty) {
      // `constructor(private readonly redis: Redis)` is a field assignment.
      const id =
        parameter.parameter.type === AST_NODE_TYPES.AssignmentPattern
          ? parameter.parameter.left
          : parameter.parameter;
      if (id.type === AST_NODE_TYPES.Identifier) {
        const self = b.functionThis(fn);
        // The field holds what the parameter does, its declared type included.
        const held = b.identifierNode(id) ?? slot;
        b.store(self, id.name, held);
        b.recordStore({ node: parameter, kind: 'field', base: self, value: held, place: `this.${id.name}` });
      }
    }
  });
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.expression) {
    b.engine.edge(b.valueOf(fn.body), b.returnNode(fn));
  }
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
    const declared = b.identifierNode(fn.id);
    if (declared !== undefined) b.engine.edge(node, declared);
  }
  return node;
}

/** A class: its value, its instance and static fields, and the class it extends. */
export function setupClass(b: FlowBuilder, cls: ClassNode): number {
  let seen = classNodes.get(b);
  if (!seen) {
    seen = new Set();
    classNodes.set(b, seen);
  }
  const node = b.classValueNode(cls);
  if (seen.has(cls)) return node;
  seen.add(cls);
  b.classes.push(cls);
  if (cls.id) {
    const declared = b.identifierNode(cls.id);
    if (declared !== undefined) b.engine.edge(node, declared);
  }
  const self = b.classThis(cls);
  const parent = b.superClassOf(cls);
  if (parent) {
    setupClass(b, parent);
    b.engine.edge(self, b.classThis(parent));
  }
  for (const element of cls.body.body) {
    if (element.type === AST_NODE_TYPES.MethodDefinition) {
      decorateMethod(b, element);
      continue;
    }
    if (
      element.type !== AST_NODE_TYPES.PropertyDefinition &&
      element.type !== AST_NODE_TYPES.AccessorProperty
    )
      continue;
    const name = b.keyName(element.key, element.computed, element);
    const base = element.static ? node : self;
    const typed =
      typedClient(b, element.typeAnnotation) ??
      jsdocTypedClient(b, element) ??
      typedStore(b, element.typeAnnotation) ??
      (element.value ? undefined : typedCollection(b, element.typeAnnotation));
    if (typed !== undefined) b.store(base, name, b.constant(typed));
    else if (!element.value && element.typeAnnotation) {
      // `private readonly listings: CacheService<string[]>;` set from a container's cradle: an instance of the
      // class another module exports, as that module's summary describes it.
      const held = b.engine.node();
      typedImportedInstance(b, element.typeAnnotation, held, element);
      b.store(base, name, held);
    }
    if (!element.value) continue;
    const value = b.valueOf(element.value);
    b.store(base, name, value);
    b.recordStore({
      node: element,
      kind: 'field',
      base,
      value,
      place: `${element.static ? (cls.id?.name ?? 'class') : 'this'}.${name ?? '[computed]'}`,
    });
  }
  return node;
}

/**
 * `@memoize({ ttlMs })` on a method: the decorator is called with the method when the class is defined
 * (TC39 decorators, TypeScript 5; legacy ones get the method in a descriptor), so what it does with the method
 * (a memoizer keeps its results) is done once, as the module loads.
 */
function decorateMethod(b: FlowBuilder, element: TSESTree.MethodDefinition): void {
  if (element.kind !== 'method' || !element.decorators?.length) return;
  const method = b.constant(b.value({ kind: 'function', fn: element.value as FunctionNode }));
  // Legacy (`experimentalDecorators`) ones take `(target, key, descriptor)` and read `descriptor.value`; their
  // `target` is the prototype, not the method (`target.constructor.name` names the class).
  const descriptor = b.value({ kind: 'object', site: element, shape: 'object' });
  b.engine.edge(method, b.engine.field(descriptor, 'value'));
  for (const decorator of element.decorators)
    b.engine.listenValues(b.valueOf(decorator.expression), (value) => {
      const target = takesDescriptor(b, value) ? b.engine.node() : method;
      b.callCallback(decorator, b.constant(value), [target, b.engine.node(), b.constant(descriptor)]);
    });
}

/** A legacy method decorator: a function of three parameters (`(target, key, descriptor)`), here or imported. */
function takesDescriptor(b: FlowBuilder, value: number): boolean {
  const described = b.describe(value);
  if (described.kind === 'function') return described.fn.params.length >= 3;
  if (described.kind !== 'model' || described.model !== 'imported') return false;
  const params = (described.data as { fn?: { params?: number } } | undefined)?.fn?.params;
  return params !== undefined && params >= 3;
}

/** The constructor of a class, or of the nearest class of the module it extends. */
export function constructorOf(b: FlowBuilder, cls: ClassNode): FunctionNode | undefined {
  for (let current: ClassNode | undefined = cls; current; current = b.superClassOf(current)) {
    const ctor = ownConstructor(current);
    if (ctor) return ctor;
  }
  return undefined;
}

/** The declared type of a destructuring parameter (`{ a }: T`, `{ a }: T = {}`). */
function patternAnnotation(parameter: TSESTree.Parameter): TSESTree.TSTypeAnnotation | undefined {
  const pattern = parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.left : parameter;
  return pattern.type === AST_NODE_TYPES.ObjectPattern ? pattern.typeAnnotation : undefined;
}
