import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { importedName, staticPropertyName } from '../ast.js';

/** Where an exported name comes from: `name` of `module` (`''`: the module object itself). */
export interface ForwardTarget {
  module: string;
  name: string;
}

/**
 * Imports a module exports again as they are, by exported name: `import { x } from './m'; export { x }`, and the
 * CommonJS barrels `exports.x = require('./m').x`, `exports.m = require('./m')` (the module object) and
 * `const { x } = require('./m'); module.exports = { x }` (also `exports.x = x`, and `m.x` of
 * `const m = require('./m')`), and `module.exports = { ...require('./m') }` (as `export * from './m'`). They are
 * re-exports like `export { x } from './m'`: the importing module reads
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
              : importedName(specifier);
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
          if (property.type === AST_NODE_TYPES.SpreadElement) {
            // `module.exports = { ...require('./m') }`: everything `./m` exports, as `export * from './m'`.
            const spread = targetOf(property.argument, bindings);
            if (spread?.name === '') forwarded.set(`*${spread.module}`, { module: spread.module, name: '*' });
            continue;
          }
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const key = staticPropertyName(property.key, property.computed);
          if (key !== undefined) forward(key, property.value);
        }
      } else if (
        left.type === AST_NODE_TYPES.MemberExpression &&
        !left.computed &&
        isExportsObject(left.object)
      ) {
        const key = staticPropertyName(left.property, left.computed);
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
  const target = declarator.init ? requiredTarget(declarator.init) : undefined;
  if (target === undefined) return;
  const id = declarator.id;
  if (id.type === AST_NODE_TYPES.Identifier) {
    bindings.set(id.name, target);
  } else if (id.type === AST_NODE_TYPES.ObjectPattern && target.name === '') {
    for (const property of id.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const key = staticPropertyName(property.key, property.computed);
      if (key !== undefined && property.value.type === AST_NODE_TYPES.Identifier)
        bindings.set(property.value.name, { module: target.module, name: key });
    }
  }
}

/**
 * What an exported value forwards: `require('./m')` or `require('./m').x` itself, an import binding, or a member
 * of an imported module object.
 */
function targetOf(
  value: TSESTree.Node,
  bindings: ReadonlyMap<string, ForwardTarget>,
): ForwardTarget | undefined {
  const required = requiredTarget(value);
  if (required) return required;
  if (value.type === AST_NODE_TYPES.Identifier) return bindings.get(value.name);
  if (value.type === AST_NODE_TYPES.MemberExpression && value.object.type === AST_NODE_TYPES.Identifier) {
    const namespace = bindings.get(value.object.name);
    const name = staticPropertyName(value.property, value.computed);
    if (namespace?.name === '' && name !== undefined) return { module: namespace.module, name };
  }
  return undefined;
}

/** `require('./m')` (the module object, name `''`) or `require('./m').x`. */
function requiredTarget(node: TSESTree.Node): ForwardTarget | undefined {
  let name = '';
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const member = staticPropertyName(node.property, node.computed);
    if (member === undefined) return undefined;
    name = member;
    node = node.object;
  }
  if (
    node.type !== AST_NODE_TYPES.CallExpression ||
    node.callee.type !== AST_NODE_TYPES.Identifier ||
    node.callee.name !== 'require'
  )
    return undefined;
  const source = node.arguments[0];
  return source?.type === AST_NODE_TYPES.Literal && typeof source.value === 'string'
    ? { module: source.value, name }
    : undefined;
}

/** `module.exports` */
const isModuleExports = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.MemberExpression &&
  node.object.type === AST_NODE_TYPES.Identifier &&
  node.object.name === 'module' &&
  staticPropertyName(node.property, node.computed) === 'exports';

/** `exports` or `module.exports` */
const isExportsObject = (node: TSESTree.Node): boolean =>
  (node.type === AST_NODE_TYPES.Identifier && node.name === 'exports') || isModuleExports(node);
