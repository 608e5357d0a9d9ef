import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type ClassNode, staticPropertyName } from '../ast.js';
import type { FlowBuilder } from './builder.js';

/** The class at the top of a class's chain in the module: the one whose base, if any, the module does not show. */
export function topClassOf(b: FlowBuilder, cls: ClassNode): ClassNode {
  let top = cls;
  for (let parent = b.superClassOf(top); parent; parent = b.superClassOf(parent)) top = parent;
  return top;
}

/**
 * Whether a class of the module, or one it extends in the module, declares a member of this name: a method or
 * accessor, and a field too unless `methodsOnly`.
 */
export function chainDeclares(b: FlowBuilder, cls: ClassNode, name: string, methodsOnly = false): boolean {
  for (let current: ClassNode | undefined = cls; current; current = b.superClassOf(current)) {
    for (const element of current.body.body) {
      if (
        (element.type === AST_NODE_TYPES.MethodDefinition ||
          (!methodsOnly && element.type === AST_NODE_TYPES.PropertyDefinition)) &&
        staticPropertyName(element.key, element.computed) === name
      )
        return true;
    }
  }
  return false;
}
