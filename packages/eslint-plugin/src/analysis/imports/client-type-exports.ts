import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder } from '../flow/builder.js';
import { type ClientType, clientTypeOf } from '../flow/typed-clients.js';

/**
 * The type aliases a module exports for a client (`export type Redis = ReturnType<typeof createClient>` of a
 * commands module): a parameter another module annotates with one holds a client made elsewhere, as one annotated
 * with the library's own type does.
 */
export function exportedClientTypes(b: FlowBuilder): Map<string, ClientType> {
  const found = new Map<string, ClientType>();
  const add = (exported: string, type: TSESTree.TypeNode) => {
    const client = clientTypeOf(b, type);
    if (client) found.set(exported, client);
  };
  for (const statement of b.sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration) continue;
    const declaration = statement.declaration;
    if (declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration)
      add(declaration.id.name, declaration.typeAnnotation);
    if (statement.source) continue;
    // `export type { Redis }`: an alias declared above.
    for (const specifier of statement.specifiers) {
      if (
        specifier.local.type !== AST_NODE_TYPES.Identifier ||
        specifier.exported.type !== AST_NODE_TYPES.Identifier
      )
        continue;
      const alias = b.scopes.variableOf(specifier.local)?.defs[0]?.node;
      if (alias?.type === AST_NODE_TYPES.TSTypeAliasDeclaration)
        add(specifier.exported.name, alias.typeAnnotation);
    }
  }
  return found;
}
