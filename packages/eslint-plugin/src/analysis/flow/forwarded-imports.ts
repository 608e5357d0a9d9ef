import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/** Where an exported name comes from: `name` of `module` (`''`: the module object itself). */
export interface ForwardTarget {
  module: string;
  name: string;
}

/**
 * Imports a module exports again as they are, by exported name: `import { x } from './m'; export { x }` and the
 * CommonJS barrel `const { x } = require('./m'); module.exports = { x }` (also `exports.x = x`, and `m.x` of
 * `const m = require('./m')`). They are re-exports like `export { x } from './m'`: the importing module reads
 * what `./m` says `x` is, since this module's own analysis sees only an import. Top-level statements only.
 */
export function forwardedImports(program: TSESTree.Program): Map<string, ForwardTarget> {
  const bindings = new Map<string, ForwardTarget>();
  const forwarded = new Map<string, ForwardTarget>();
  const forward = (exported: string, value: TSESTree.Node | null | undefined) => {
    const target = value ? targetOf(value, bindings) : undefined;
    if (target && !forwarded.has(exported)) forwarded.set(exported, target);
  };
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      if (statement.importKind === 'type') continue;
      for (const specifier of statement.specifiers) {
        const name =
          specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier
            ? 'default'
            : specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier
              ? ''
              : specifier.imported.type === AST_NODE_TYPES.Identifier
                ? specifier.imported.name
                : String(specifier.imported.value);
        bindings.set(specifier.local.name, { module: statement.source.value, name });
      }
    } else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) requireBindings(declarator, bindings);
    } else if (
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration &&
      !statement.source &&
      statement.exportKind !== 'type'
    ) {
      for (const specifier of statement.specifiers) {
        if (specifier.exportKind === 'type' || specifier.local.type !== AST_NODE_TYPES.Identifier) continue;
        const exported =
          specifier.exported.type === AST_NODE_TYPES.Identifier
            ? specifier.exported.name
            : String(specifier.exported.value);
        forward(exported, specifier.local);
      }
    } else if (
      statement.type === AST_NODE_TYPES.ExpressionStatement &&
      statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
      statement.expression.operator === '='
    ) {
      const { left, right } = statement.expression;
      if (isModuleExports(left) && right.type === AST_NODE_TYPES.ObjectExpression) {
        for (const property of right.properties) {
          if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
          const key = propertyName(property.key);
          if (key !== undefined) forward(key, property.value);
        }
      } else if (
        left.type === AST_NODE_TYPES.MemberExpression &&
        !left.computed &&
        isExportsObject(left.object)
      ) {
        const key = propertyName(left.property);
        if (key !== undefined) forward(key, right);
      }
    }
  }
  return forwarded;
}

/** `const { x, y: z } = require('./m')`, `const m = require('./m')`, `const x = require('./m').x`. */
function requireBindings(
  declarator: TSESTree.VariableDeclarator,
  bindings: Map<string, ForwardTarget>,
): void {
  let init = declarator.init;
  let member = '';
  if (init?.type === AST_NODE_TYPES.MemberExpression && !init.computed) {
    const name = propertyName(init.property);
    if (name === undefined) return;
    member = name;
    init = init.object;
  }
  const module = requiredModule(init);
  if (module === undefined) return;
  const id = declarator.id;
  if (id.type === AST_NODE_TYPES.Identifier) {
    bindings.set(id.name, { module, name: member });
  } else if (id.type === AST_NODE_TYPES.ObjectPattern && member === '') {
    for (const property of id.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
      const key = propertyName(property.key);
      if (key !== undefined && property.value.type === AST_NODE_TYPES.Identifier)
        bindings.set(property.value.name, { module, name: key });
    }
  }
}

/** What an exported value forwards: an import binding, or a member of an imported module object. */
function targetOf(
  value: TSESTree.Node,
  bindings: ReadonlyMap<string, ForwardTarget>,
): ForwardTarget | undefined {
  if (value.type === AST_NODE_TYPES.Identifier) return bindings.get(value.name);
  if (
    value.type === AST_NODE_TYPES.MemberExpression &&
    !value.computed &&
    value.object.type === AST_NODE_TYPES.Identifier
  ) {
    const namespace = bindings.get(value.object.name);
    const name = propertyName(value.property);
    if (namespace?.name === '' && name !== undefined) return { module: namespace.module, name };
  }
  return undefined;
}

function requiredModule(node: TSESTree.Node | null | undefined): string | undefined {
  if (
    node?.type !== AST_NODE_TYPES.CallExpression ||
    node.callee.type !== AST_NODE_TYPES.Identifier ||
    node.callee.name !== 'require'
  )
    return undefined;
  const source = node.arguments[0];
  return source?.type === AST_NODE_TYPES.Literal && typeof source.value === 'string'
    ? source.value
    : undefined;
}

const propertyName = (key: TSESTree.Node): string | undefined =>
  key.type === AST_NODE_TYPES.Identifier
    ? key.name
    : key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string'
      ? key.value
      : undefined;

/** `module.exports` */
const isModuleExports = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.MemberExpression &&
  !node.computed &&
  node.object.type === AST_NODE_TYPES.Identifier &&
  node.object.name === 'module' &&
  propertyName(node.property) === 'exports';

/** `exports` or `module.exports` */
const isExportsObject = (node: TSESTree.Node): boolean =>
  (node.type === AST_NODE_TYPES.Identifier && node.name === 'exports') || isModuleExports(node);
