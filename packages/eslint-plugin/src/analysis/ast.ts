import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

export type FunctionNode =
  TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

export const isFunctionNode = (node: TSESTree.Node): node is FunctionNode =>
  node.type === AST_NODE_TYPES.FunctionDeclaration ||
  node.type === AST_NODE_TYPES.FunctionExpression ||
  node.type === AST_NODE_TYPES.ArrowFunctionExpression;

/** The name of a non-computed (or literal-computed) property or member, `#name` for private ones. */
export function staticPropertyName(key: TSESTree.Node, computed: boolean): string | undefined {
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  if (!computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (
    key.type === AST_NODE_TYPES.Literal &&
    (typeof key.value === 'string' || typeof key.value === 'number')
  ) {
    return String(key.value);
  }
  if (key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0) {
    return key.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The property of an object literal with a static name (`useValue` of `{ provide, useValue }`). */
export const propertyOf = (object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined =>
  object.properties.find(
    (p): p is TSESTree.Property =>
      p.type === AST_NODE_TYPES.Property && staticPropertyName(p.key, p.computed) === name,
  );

/** The method name of `a.b.name(...)`, if the callee is a member access with a static name. */
export function calleeMethodName(call: TSESTree.CallExpression): string | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return staticPropertyName(callee.property, callee.computed);
}

/** The name an expression ends in: `name`, or `x.name` (`x['name']`). */
export function endName(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) return staticPropertyName(node.property, node.computed);
  return undefined;
}

/** The name a call is made by: `name(...)` or `x.name(...)`. */
export const calleeName = (call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined =>
  endName(call.callee);

/** An expression without the TypeScript wrappers around it (`x!`, `x as T`, `x satisfies T`, `<T>x`); {@link unwrapExpression} also strips `await` and optional chains. */
export function withoutTypes(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion
  )
    current = current.expression;
  return current;
}

/** Strips TypeScript-only wrappers, `await` and optional chains that do not change which object a value is. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.AwaitExpression:
        current = current.argument;
        break;
      default:
        return current;
    }
  }
}

/** The name a function or value is declared as: `function load() {}`, `const load = () => ...`. */
export function declaredName(node: TSESTree.Node): TSESTree.Identifier | undefined {
  const id =
    node.type === AST_NODE_TYPES.FunctionDeclaration
      ? node.id
      : node.parent?.type === AST_NODE_TYPES.VariableDeclarator && node.parent.init === node
        ? node.parent.id
        : undefined;
  return id?.type === AST_NODE_TYPES.Identifier ? id : undefined;
}

/** The nearest enclosing function of a node, if any. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/** The class whose instance `this` is at a node, if it is one. */
export function thisClass(
  node: TSESTree.Node,
): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ArrowFunctionExpression) continue;
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock) {
      if (current.type === AST_NODE_TYPES.PropertyDefinition && current.static) return undefined;
      const body = current.parent;
      return body.parent as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
    }
    if (
      current.type === AST_NODE_TYPES.FunctionExpression ||
      current.type === AST_NODE_TYPES.FunctionDeclaration
    ) {
      const owner = current.parent;
      if (owner?.type === AST_NODE_TYPES.MethodDefinition && !owner.static) {
        return owner.parent.parent as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
      }
      return undefined;
    }
  }
  return undefined;
}

/** The identifier a function's parameter at `index` binds (`key` or `key = ''`); undefined for a pattern. */
export function parameterIdentifier(fn: FunctionNode, index: number): TSESTree.Identifier | undefined {
  const parameter = fn.params[index];
  if (parameter?.type === AST_NODE_TYPES.Identifier) return parameter;
  if (
    parameter?.type === AST_NODE_TYPES.AssignmentPattern &&
    parameter.left.type === AST_NODE_TYPES.Identifier
  )
    return parameter.left;
  return undefined;
}

/** The index of the parameter a plain identifier `name` binds (`(op) => op()`), or -1. */
export function parameterIndex(fn: FunctionNode, name: string): number {
  return fn.params.findIndex((p) => p.type === AST_NODE_TYPES.Identifier && p.name === name);
}

/** What a function returns as written: an arrow's expression body, or the argument of each `return` of its body. */
export function returnedExpressions(fn: FunctionNode): TSESTree.Expression[] {
  // An overload signature or an abstract method has no body.
  if (!fn.body) return [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  return fn.body.body.flatMap((statement) =>
    statement.type === AST_NODE_TYPES.ReturnStatement && statement.argument ? [statement.argument] : [],
  );
}

/** The function a declaration gives its name: `function f() {}`, or `const f = () => ...` (a variable's `defs[0].node`). */
export function declaredFunction(declaration: TSESTree.Node | undefined): FunctionNode | undefined {
  if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration) return declaration;
  return declaration?.type === AST_NODE_TYPES.VariableDeclarator &&
    declaration.init &&
    isFunctionNode(declaration.init)
    ? declaration.init
    : undefined;
}

/** The instance getters of a class that return one of its fields as written (`get catalog() { return this.#catalog; }`). */
export function gettersOfFields(cls: ClassNode): Map<string, string> {
  const getters = new Map<string, string>();
  for (const element of cls.body.body) {
    if (element.type !== AST_NODE_TYPES.MethodDefinition || element.kind !== 'get' || element.static)
      continue;
    const name = staticPropertyName(element.key, element.computed);
    // An abstract getter has no body to return anything.
    if (element.value.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression) continue;
    const field = returnedThisField(element.value);
    if (name !== undefined && field !== undefined) getters.set(name, field);
  }
  return getters;
}

/** The module a node is in, or undefined for a node cut off from one. */
export function programOf(node: TSESTree.Node): TSESTree.Program | undefined {
  let program: TSESTree.Node = node;
  while (program.parent) program = program.parent;
  return program.type === AST_NODE_TYPES.Program ? program : undefined;
}

/** The constructor a class declares itself, if any (its bases' are theirs). */
export function ownConstructor(cls: ClassNode): FunctionNode | undefined {
  const element = cls.body.body.find(
    (e): e is TSESTree.MethodDefinition =>
      e.type === AST_NODE_TYPES.MethodDefinition && e.kind === 'constructor',
  );
  return element?.value as FunctionNode | undefined;
}

/**
 * The instance members a class's constructor sets from its arguments, with each argument's index: parameter
 * properties (`constructor(private readonly client: Valkey)`) and `this.client = client` in its body.
 */
export function constructorArguments(cls: ClassNode): Map<string, number> {
  const found = new Map<string, number>();
  const fn = ownConstructor(cls);
  if (fn?.type !== AST_NODE_TYPES.FunctionExpression) return found;
  fn.params.forEach((param, index) => {
    if (
      param.type === AST_NODE_TYPES.TSParameterProperty &&
      param.parameter.type === AST_NODE_TYPES.Identifier
    )
      found.set(param.parameter.name, index);
  });
  for (const statement of fn.body.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const assignment = statement.expression;
    if (assignment.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=') continue;
    const { left, right } = assignment;
    if (left.type !== AST_NODE_TYPES.MemberExpression || left.object.type !== AST_NODE_TYPES.ThisExpression)
      continue;
    const name =
      left.property.type === AST_NODE_TYPES.PrivateIdentifier
        ? `#${left.property.name}`
        : staticPropertyName(left.property, left.computed);
    const index = right.type === AST_NODE_TYPES.Identifier ? parameterIndex(fn, right.name) : -1;
    if (name !== undefined && index >= 0) found.set(name, index);
  }
  return found;
}

/** The field a function returns as written (`#catalog` of `return this.#catalog;`), if that is all it returns. */
function returnedThisField(fn: FunctionNode): string | undefined {
  const [returned, ...others] = returnedExpressions(fn);
  if (others.length > 0 || returned?.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (returned.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
  if (returned.property.type === AST_NODE_TYPES.PrivateIdentifier) return `#${returned.property.name}`;
  return staticPropertyName(returned.property, returned.computed);
}

/**
 * The classes a function returns as written: an arrow's body (`(Base) => class extends Base {}`), `return class`,
 * or a class declared in its body and returned by name (`class Memoizing extends Base {...} return Memoizing`).
 */
export function returnedClasses(fn: FunctionNode): ClassNode[] {
  const declared = (name: string) =>
    fn.body?.type === AST_NODE_TYPES.BlockStatement
      ? fn.body.body.find(
          (statement): statement is TSESTree.ClassDeclarationWithName =>
            statement.type === AST_NODE_TYPES.ClassDeclaration && statement.id?.name === name,
        )
      : undefined;
  return returnedExpressions(fn).flatMap((returned): ClassNode[] => {
    if (returned.type === AST_NODE_TYPES.ClassExpression) return [returned];
    const named = returned.type === AST_NODE_TYPES.Identifier ? declared(returned.name) : undefined;
    return named ? [named] : [];
  });
}

/** The parameter a mixin's class extends (`Base` of `(Base) => class extends Base {}`), by index, or -1. */
export function extendedParameter(fn: FunctionNode, cls: ClassNode): number {
  const base = cls.superClass;
  return base?.type === AST_NODE_TYPES.Identifier ? parameterIndex(fn, base.name) : -1;
}

/** The name an import specifier takes from its module (`import { redis as r }` -> `redis`). */
export function importedName(specifier: TSESTree.ImportSpecifier): string {
  const imported = specifier.imported;
  return imported.type === AST_NODE_TYPES.Identifier ? imported.name : String(imported.value);
}

/** The initializer of a variable that is assigned once (`const key = \`user:${id}\``), if any. */
export function singleAssignment(
  identifier: TSESTree.Identifier,
  scope: TSESLint.Scope.Scope,
): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(scope, identifier);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || definition?.node.type !== AST_NODE_TYPES.VariableDeclarator)
    return undefined;
  if (definition.node.id !== definition.name) return undefined;
  const writes = variable.references.filter((reference) => reference.isWrite());
  if (writes.length > 1) return undefined;
  return definition.node.init ?? undefined;
}

/** Whether `node` lies inside `outer` (or is it). */
export function within(node: TSESTree.Node, outer: TSESTree.Node): boolean {
  return node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];
}

/** The module a `require('x')` call names, if the node is one. */
export function requiredModule(node: TSESTree.Node | null | undefined): string | undefined {
  return node?.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof node.arguments[0].value === 'string'
    ? node.arguments[0].value
    : undefined;
}
