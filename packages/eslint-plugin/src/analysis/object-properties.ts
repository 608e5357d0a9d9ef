import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';

/** The object literals reaching a node, and the property `name` of each. */
export function propertiesAt(b: FlowBuilder, node: number, name: string): TSESTree.Property[] {
  const found: TSESTree.Property[] = [];
  for (const value of b.engine.valuesAt(node)) {
    const described = b.describe(value);
    if (described.kind !== 'object' || described.site.type !== AST_NODE_TYPES.ObjectExpression) continue;
    for (const property of described.site.properties) {
      if (
        property.type === AST_NODE_TYPES.Property &&
        staticPropertyName(property.key, property.computed) === name
      )
        found.push(property);
    }
  }
  return found;
}
