import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { type ClassNode, enclosingFunction, staticPropertyName } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import { createRead } from '../flow/reads.js';
import { forEachNode } from '../walk.js';

/**
 * Template methods: a base class's method that keeps what a hook returns (`get(id)` doing `this.cache.set(id,
 * await this.load(id))`, with `load` abstract or left to subclasses). A summary marks each such call's result, so
 * the sinks it reaches say which hooks' results the base keeps, and a subclass's override (`protected async
 * load(id) { return redis.pttl(...) }`) is judged as kept where the base keeps it.
 */

/**
 * The members a class declares with a body or a value. An abstract method has neither: it is a hook; so is a
 * placeholder for subclasses, in JavaScript's way of saying abstract (`load(id) { throw new Error('not
 * implemented') }`, or an empty body).
 */
function concreteMembers(cls: ClassNode): Set<string> {
  const concrete = new Set<string>();
  for (const element of cls.body.body)
    if (
      (element.type === AST_NODE_TYPES.MethodDefinition && !isPlaceholder(element)) ||
      element.type === AST_NODE_TYPES.PropertyDefinition
    ) {
      const name = staticPropertyName(element.key, element.computed);
      if (name !== undefined) concrete.add(name);
    }
  return concrete;
}

/** A method whose body does nothing or only throws: left for subclasses to write. */
function isPlaceholder(method: TSESTree.MethodDefinition): boolean {
  const body = method.value.body;
  if (method.kind !== 'method' || !body) return false;
  return body.body.every((statement) => statement.type === AST_NODE_TYPES.ThrowStatement);
}

/** `this.name(...)` calls in a class's own methods (not in functions nested in another class). */
function thisCalls(b: FlowBuilder, cls: ClassNode): Array<{ call: TSESTree.CallExpression; name: string }> {
  const found: Array<{ call: TSESTree.CallExpression; name: string }> = [];
  for (const element of cls.body.body) {
    if (element.type !== AST_NODE_TYPES.MethodDefinition || element.static) continue;
    forEachNode(element.value, b.sourceCode.visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.ClassBody) return false;
      if (
        node.type === AST_NODE_TYPES.CallExpression &&
        node.callee.type === AST_NODE_TYPES.MemberExpression &&
        node.callee.object.type === AST_NODE_TYPES.ThisExpression
      ) {
        const name = staticPropertyName(node.callee.property, node.callee.computed);
        if (name !== undefined) found.push({ call: node, name });
      }
      return undefined;
    });
  }
  return found;
}

/** A hook call's marker: the label of a reply standing for what the hook returns there. */
export interface HookMarker {
  cls: ClassNode;
  name: string;
  label: number;
}

/** Before propagation: marks the result of every hook call in the module's classes (summaries only). */
export function seedHookMarkers(b: FlowBuilder, classes: Iterable<ClassNode>): HookMarker[] {
  const markers: HookMarker[] = [];
  for (const cls of classes) {
    const concrete = concreteMembers(cls);
    for (const { call, name } of thisCalls(b, cls)) {
      if (concrete.has(name)) continue;
      const fn = enclosingFunction(call);
      if (!fn) continue;
      const into = b.valueOf(call);
      const site = b.newCallSite(call, [], undefined, into, { synthetic: true });
      const shape = { style: 'marker', method: '', fn, index: -1, result: true } as const;
      markers.push({ cls, name, label: createRead(b, site, -1, 0, shape, { into, report: call }).label });
    }
  }
  return markers;
}

/** The classes a module declares that have methods calling hooks (only those are worth marking). */
export function classesOf(b: FlowBuilder): ClassNode[] {
  if (!/\bthis\.[\w$]+\(/.test(b.sourceCode.text) || !/\bclass\b/.test(b.sourceCode.text)) return [];
  const classes: ClassNode[] = [];
  forEachNode(b.sourceCode.ast, b.sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression)
      classes.push(node);
  });
  return classes;
}
