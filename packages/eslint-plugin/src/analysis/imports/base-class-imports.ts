import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { ImportResolver } from '../flow/builder.js';

/**
 * The imports a module's classes extend (`class ReadThroughRepository<T> extends BaseRepository<T>` with
 * `BaseRepository` imported): a shallow summary, which reads no other module, still reads these, so a class chain
 * through several modules (a repository extending a read-through layer extending a base with `remember`) keeps
 * what each base says about the members its subclasses inherit. Each step of the chain is itself a shallow
 * reading. Only the module's top-level classes: where chains are declared.
 */
export function baseClassImports(
  program: TSESTree.Program,
  resolve: ImportResolver,
): ImportResolver | undefined {
  const extended = new Set<string>();
  for (const statement of program.body) {
    const declaration =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration ||
      statement.type === AST_NODE_TYPES.ExportDefaultDeclaration
        ? statement.declaration
        : statement;
    if (declaration?.type === AST_NODE_TYPES.ClassDeclaration && declaration.superClass)
      namesExtended(declaration.superClass, extended);
  }
  if (extended.size === 0) return undefined;
  return (b, module, path, site, force) => {
    const local =
      site.type === AST_NODE_TYPES.ImportSpecifier || site.type === AST_NODE_TYPES.ImportDefaultSpecifier
        ? site.local.name
        : undefined;
    return local !== undefined && extended.has(local) ? resolve(b, module, path, site, force) : [];
  };
}

/**
 * The names a superclass expression is made of: the class (`BaseRepository`, `Repository<T>`), or a mixin
 * applied to one (`Cacheable(Repository<User>)`, `Timestamped(Cacheable(Base))`): the mixin and its classes.
 */
function namesExtended(node: TSESTree.Node, names: Set<string>, depth = 0): void {
  if (depth > 4) return;
  if (node.type === AST_NODE_TYPES.Identifier) names.add(node.name);
  else if (node.type === AST_NODE_TYPES.TSInstantiationExpression)
    namesExtended(node.expression, names, depth + 1);
  else if (node.type === AST_NODE_TYPES.CallExpression) {
    namesExtended(node.callee, names, depth + 1);
    for (const argument of node.arguments) namesExtended(argument, names, depth + 1);
  }
}
