import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, importedName, singleAssignment, staticPropertyName, unwrapExpression } from './ast.js';
import { cacheConstruction } from './cache-constants.js';

type Scope = TSESLint.Scope.Scope;

/**
 * The constant an import stands for: `specifier` as the source writes it, `path` the export's name (`default`
 * for a default import, `''` for a whole CommonJS module or namespace) then member names.
 */
export type ImportedConstants = (specifier: string, path: readonly string[], site: TSESTree.Node) => unknown;

const resolvers = new WeakMap<TSESTree.Program, ImportedConstants>();

/** Lets `staticValue` read the constants a module imports (set once per linted module, before its analysis). */
export function registerImportedConstants(program: TSESTree.Program, resolve: ImportedConstants): void {
  resolvers.set(program, resolve);
}

function programOf(scope: Scope): TSESTree.Program | undefined {
  let current: Scope | null = scope;
  while (current?.upper) current = current.upper;
  return current?.block.type === AST_NODE_TYPES.Program ? current.block : undefined;
}

/**
 * The global `require`, or one the module makes for itself (`const require = createRequire(import.meta.url)`,
 * `module.createRequire(...)`), not some other local function named so.
 */
function isRequire(callee: TSESTree.Identifier, scope: Scope): boolean {
  const definition = ASTUtils.findVariable(scope, callee)?.defs[0];
  if (!definition) return true;
  if (definition.node.type !== AST_NODE_TYPES.VariableDeclarator || !definition.node.init) return false;
  const init = unwrapExpression(definition.node.init);
  return init.type === AST_NODE_TYPES.CallExpression && calleeName(init) === 'createRequire';
}

/** `require('x')` with a literal specifier, not a local `require`. */
function requiredModule(node: TSESTree.Node, scope: Scope): string | undefined {
  if (
    node.type !== AST_NODE_TYPES.CallExpression ||
    node.callee.type !== AST_NODE_TYPES.Identifier ||
    node.callee.name !== 'require'
  )
    return undefined;
  if (!isRequire(node.callee, scope)) return undefined;
  const source = node.arguments[0];
  return source?.type === AST_NODE_TYPES.Literal && typeof source.value === 'string'
    ? source.value
    : undefined;
}

/** The import a binding is: its module and the export it names (`import { A as B }`, `const { A } = require()`). */
function importOf(
  identifier: TSESTree.Identifier,
  scope: Scope,
): { specifier: string; path: string[]; site: TSESTree.Node } | undefined {
  const variable = ASTUtils.findVariable(scope, identifier);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || !definition) return undefined;
  if (definition.type === 'ImportBinding') {
    const declaration = definition.parent;
    if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || declaration.importKind === 'type')
      return undefined;
    const specifier = definition.node;
    if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier)
      return { specifier: declaration.source.value, path: ['default'], site: specifier };
    if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier)
      return { specifier: declaration.source.value, path: [], site: specifier };
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
      return { specifier: declaration.source.value, path: [importedName(specifier)], site: specifier };
    }
    return undefined;
  }
  if (definition.type !== 'Variable' || definition.node.type !== AST_NODE_TYPES.VariableDeclarator)
    return undefined;
  if (variable.references.filter((reference) => reference.isWrite()).length > 1) return undefined;
  const declarator = definition.node;
  const init = declarator.init && unwrapExpression(declarator.init);
  if (!init) return undefined;
  // `const C = require('./constants')`, `const C = require('./constants').default`.
  let base: TSESTree.Node = init;
  const members: string[] = [];
  while (base.type === AST_NODE_TYPES.MemberExpression) {
    const name = staticPropertyName(base.property, base.computed);
    if (name === undefined) return undefined;
    members.unshift(name);
    base = base.object;
  }
  const specifier = requiredModule(base, scope);
  if (specifier === undefined) return undefined;
  const declared = definition.name;
  if (declarator.id === declared) return { specifier, path: members, site: base };
  // `const { CHANNEL, PREFIX: prefix } = require('./constants')`.
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  for (const property of declarator.id.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.value !== declared) continue;
    const name = staticPropertyName(property.key, property.computed);
    return name === undefined ? undefined : { specifier, path: [...members, name], site: base };
  }
  return undefined;
}

const mutators = new Set([
  'push',
  'unshift',
  'splice',
  'pop',
  'shift',
  'fill',
  'reverse',
  'sort',
  'copyWithin',
]);

/**
 * Whether the variable an expression reads (`args`, `args.length`, `opts.prefixes`) is changed after its
 * declaration (`args.push('PREFIX', p)`, `opts.prefixes = …`, `args[2] = …`): a `const` array that grows is
 * no constant, however ESLint's `getStaticValue` reads its initializer.
 */
function changedInPlace(node: TSESTree.Node, scope: Scope): boolean {
  let base = unwrapExpression(node);
  while (base.type === AST_NODE_TYPES.MemberExpression) base = unwrapExpression(base.object);
  if (base.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(scope, base);
  if (!variable) return false;
  return variable.references.some((reference) => {
    let member: TSESTree.Node = reference.identifier;
    while (member.parent?.type === AST_NODE_TYPES.MemberExpression && member.parent.object === member)
      member = member.parent;
    if (member === reference.identifier) return false;
    const parent = member.parent;
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member) return true;
    if (parent?.type === AST_NODE_TYPES.UpdateExpression) return true;
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === member) {
      const method = (member as TSESTree.MemberExpression).property;
      return method.type === AST_NODE_TYPES.Identifier && mutators.has(method.name);
    }
    return false;
  });
}

/**
 * A module's array constant grown by its own top level (`const PREFIXES = [...BASE]; PREFIXES.push(KEY.exp);`),
 * read by functions that run after the module has loaded: the initializer with every push and unshift applied,
 * when those are the only changes and all their arguments are constants. `undefined` for anything else.
 */
function grownAtTopLevel(node: TSESTree.Node, scope: Scope, depth: number): { value: unknown } | undefined {
  const identifier = unwrapExpression(node);
  if (identifier.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(scope, identifier);
  const declarator = variable?.defs.length === 1 ? variable.defs[0]!.node : undefined;
  if (
    !variable ||
    declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
    declarator.id.type !== AST_NODE_TYPES.Identifier ||
    !declarator.init ||
    declarator.parent.parent?.type !== AST_NODE_TYPES.Program
  )
    return undefined;
  const growths: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    if (reference.init) continue;
    if (reference.isWrite()) return undefined;
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const call = member.parent;
    const method = staticPropertyName(member.property, member.computed);
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) {
      if (call?.type === AST_NODE_TYPES.AssignmentExpression && call.left === member) return undefined;
      continue;
    }
    if (!mutators.has(method ?? '')) continue;
    if (
      (method !== 'push' && method !== 'unshift') ||
      call.parent?.type !== AST_NODE_TYPES.ExpressionStatement ||
      call.parent.parent?.type !== AST_NODE_TYPES.Program
    )
      return undefined;
    growths.push(call);
  }
  if (growths.length === 0) return undefined;
  const initial = staticValue(declarator.init, scope, depth + 1);
  if (!initial || !Array.isArray(initial.value)) return undefined;
  const items = [...(initial.value as unknown[])];
  for (const call of growths.sort((a, b) => a.range[0] - b.range[0])) {
    const added: unknown[] = [];
    for (const argument of call.arguments) {
      const found =
        argument.type === AST_NODE_TYPES.SpreadElement ? null : staticValue(argument, scope, depth + 1);
      if (!found) return undefined;
      added.push(found.value);
    }
    const method = staticPropertyName((call.callee as TSESTree.MemberExpression).property, false);
    if (method === 'push') items.push(...added);
    else items.unshift(...added);
  }
  return { value: items };
}

/**
 * The value of an expression when the module shows it, as `ASTUtils.getStaticValue` gives it, and also when it
 * is a constant another module exports (`constants.CHANNEL`, `import { PREFIX } from './keys'`): channel names,
 * key prefixes, command arrays and Lua sources are often kept in a constants module.
 */
export function staticValue(node: TSESTree.Node, scope: Scope, depth = 0): { value: unknown } | null {
  if (changedInPlace(node, scope)) return (depth <= 3 && grownAtTopLevel(node, scope, depth)) || null;
  const local = ASTUtils.getStaticValue(node, scope);
  if (local || depth > 3) return local;
  const program = programOf(scope);
  const resolve = program && resolvers.get(program);
  if (!resolve) return null;
  const inner = unwrapExpression(node);
  const composite = compositeValue(inner, scope, depth);
  if (composite !== undefined) return composite;
  const members: string[] = [];
  let base: TSESTree.Node = inner;
  while (base.type === AST_NODE_TYPES.MemberExpression) {
    const name = base.computed
      ? (() => {
          const key = staticValue(base.property, scope, depth + 1)?.value;
          return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
        })()
      : staticPropertyName(base.property, false);
    if (name === undefined) return null;
    members.unshift(name);
    base = base.object;
  }
  if (base.type !== AST_NODE_TYPES.Identifier) return null;
  const imported = importOf(base, scope);
  if (!imported) {
    // `const CHANNEL = constants.INVALIDATE` or `const { PREFIX } = settings` in this module.
    const variable = ASTUtils.findVariable(scope, base);
    const definition = variable?.defs[0];
    if (
      variable?.defs.length !== 1 ||
      definition?.node.type !== AST_NODE_TYPES.VariableDeclarator ||
      !definition.node.init ||
      variable.references.filter((reference) => reference.isWrite()).length > 1
    )
      return null;
    const declarator = definition.node;
    const path: string[] = [];
    if (declarator.id !== definition.name) {
      if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return null;
      const property = declarator.id.properties.find(
        (p) => p.type === AST_NODE_TYPES.Property && p.value === definition.name,
      ) as TSESTree.Property | undefined;
      const name = property && staticPropertyName(property.key, property.computed);
      if (name === undefined) return null;
      path.push(name);
    }
    const init = staticValue(declarator.init!, scope, depth + 1);
    return init ? member(init.value, [...path, ...members]) : null;
  }
  const value = resolve(imported.specifier, [...imported.path, ...members], imported.site);
  return value === undefined ? null : { value };
}

/**
 * An array, template or `+` whose parts are constants, some of them imported (`prefixes: [PRODUCT_PREFIX,
 * CATEGORY_PREFIX]`, `` `${PREFIX}hot:` ``), which `getStaticValue` cannot read; `undefined` for other expressions.
 */
function compositeValue(
  node: TSESTree.Node,
  scope: Scope,
  depth: number,
): { value: unknown } | null | undefined {
  const part = (expression: TSESTree.Node) => staticValue(expression, scope, depth + 1);
  if (node.type === AST_NODE_TYPES.ArrayExpression) {
    const items: unknown[] = [];
    for (const element of node.elements) {
      if (!element) return null;
      // `[...BASE_PREFIXES, KEY.experiment]`: a constant array spread in place.
      const spread = element.type === AST_NODE_TYPES.SpreadElement;
      const found = part(spread ? element.argument : element);
      if (!found || (spread && !Array.isArray(found.value))) return null;
      if (spread) items.push(...(found.value as unknown[]));
      else items.push(found.value);
    }
    return { value: items };
  }
  if (node.type === AST_NODE_TYPES.TemplateLiteral) {
    let text = node.quasis[0]!.value.cooked ?? '';
    for (const [index, expression] of node.expressions.entries()) {
      const found = part(expression);
      if (!found || (typeof found.value !== 'string' && typeof found.value !== 'number')) return null;
      text += String(found.value) + (node.quasis[index + 1]!.value.cooked ?? '');
    }
    return { value: text };
  }
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') {
    const left = part(node.left);
    const right = left && part(node.right);
    if (!left || !right) return null;
    const [a, b] = [left.value, right.value];
    if (typeof a === 'number' && typeof b === 'number') return { value: a + b };
    if (![a, b].every((value) => typeof value === 'string' || typeof value === 'number')) return null;
    return { value: String(a) + String(b) };
  }
  return undefined;
}

function member(value: unknown, path: readonly string[]): { value: unknown } | null {
  let current = value;
  for (const name of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, name)) return null;
    current = (current as Record<string, unknown>)[name];
  }
  return { value: current };
}

/** A value plain enough to hand from module to module: strings, numbers, booleans, arrays and plain objects. */
function plain(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.length <= 100_000;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return true;
  if (depth > 4 || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length <= 1000 && value.every((item) => plain(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const entries = Object.values(value as Record<string, unknown>);
  return entries.length <= 1000 && entries.every((item) => plain(item, depth + 1));
}

/**
 * The constants a module exports, by export name (`default` for `export default` and for `module.exports = {...}`
 * as a default import sees it; `''` for the whole CommonJS module): `export const`, `export { a as b }`,
 * `export default {...}`, `module.exports = {...}`, `module.exports.X =` and `exports.X =`.
 */
/** `Object.freeze(x)` is `x`, and so are `x as const` and `x satisfies T`. */
function unfrozen(node: TSESTree.Node): TSESTree.Node {
  if (node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSSatisfiesExpression)
    return unfrozen(node.expression);
  if (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.arguments.length === 1 &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    node.callee.object.type === AST_NODE_TYPES.Identifier &&
    node.callee.object.name === 'Object' &&
    staticPropertyName(node.callee.property, node.callee.computed) === 'freeze'
  )
    return unfrozen(node.arguments[0]!);
  return node;
}

/** The members of an enum whose initializers are all constants (a string enum, or numbers given explicitly). */
function enumMembers(
  declaration: TSESTree.TSEnumDeclaration,
  sourceCode: Readonly<TSESLint.SourceCode>,
): Record<string, unknown> | undefined {
  const members: Record<string, unknown> = {};
  const list =
    (declaration as { body?: { members: TSESTree.TSEnumMember[] } }).body?.members ?? declaration.members;
  for (const member of list) {
    const key = member.id.type === AST_NODE_TYPES.Identifier ? member.id.name : String(member.id.value);
    if (!member.initializer) return undefined;
    const found = ASTUtils.getStaticValue(member.initializer, sourceCode.getScope(member.initializer));
    if (!found || (typeof found.value !== 'string' && typeof found.value !== 'number')) return undefined;
    members[key] = found.value;
  }
  return members;
}

/**
 * On an object of a constants module's constant members: the keys it also has whose values the module does not
 * show (`{ mode: env.MODE }`), so that a missing key can be told from an unknown one.
 */
export const UNKNOWN_MEMBERS = Symbol('unknown members');

/** The keys of a constant object whose values its module does not show ({@link UNKNOWN_MEMBERS}). */
export const unknownMembers = (object: object): readonly string[] =>
  ((object as Record<symbol, unknown>)[UNKNOWN_MEMBERS] as string[] | undefined) ?? [];

/** The members of an object literal whose values are constants, nested objects followed (a partial object). */
function constantMembers(
  literal: TSESTree.ObjectExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): Record<string, unknown> {
  const members: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const property of literal.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.kind !== 'init') continue;
    const key = staticPropertyName(property.key, property.computed);
    if (key === undefined) continue;
    // Through imports too: `{ evictionPolicy: EvictionPolicy.LFU }` with glide's enum (package-constants.ts).
    const found = staticValue(property.value, sourceCode.getScope(property.value));
    const cache = found
      ? undefined
      : cacheConstruction(
          property.value,
          sourceCode,
          (o) => constantMembers(o, sourceCode, depth + 1),
          (n) => staticValue(n, sourceCode.getScope(n)),
        );
    if (found && plain(found.value)) members[key] = found.value;
    else if (cache) members[key] = cache;
    else {
      const inner = unfrozen(property.value);
      if (inner.type === AST_NODE_TYPES.ObjectExpression && depth < 3)
        members[key] = constantMembers(inner, sourceCode, depth + 1);
      else unknown.push(key);
    }
  }
  if (unknown.length > 0) Object.defineProperty(members, UNKNOWN_MEMBERS, { value: unknown });
  return members;
}

/** The initializer of a `const` an identifier names, when it is assigned nowhere else. */
function declaredValue(node: TSESTree.Node, scope: Scope): TSESTree.Node | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const declaration = ASTUtils.findVariable(scope, node)?.defs[0]?.parent;
  return declaration?.type === AST_NODE_TYPES.VariableDeclaration && declaration.kind === 'const'
    ? singleAssignment(node, scope)
    : undefined;
}

export function moduleConstants(sourceCode: Readonly<TSESLint.SourceCode>): Map<string, unknown> {
  const constants = new Map<string, unknown>();
  const ast = sourceCode.ast;
  const scope = sourceCode.getScope(ast);
  const add = (name: string, node: TSESTree.Node | null | undefined) => {
    if (!node) return;
    // Through imports too: `export const SEARCH_PREFIXES = [KEY_PREFIX.listing, KEY_PREFIX.price]`.
    const found = staticValue(node, sourceCode.getScope(node));
    if (found && plain(found.value)) constants.set(name, found.value);
    else {
      // `export const config = { mode: env.MODE, prefixes: ['a:'] } as const`: its constant members; also
      // through the name it is declared under (`const redisConfig = {...}; export default redisConfig`).
      const literal = unfrozen(declaredValue(node, scope) ?? node);
      if (literal.type === AST_NODE_TYPES.ObjectExpression) {
        const members = constantMembers(literal, sourceCode);
        if (Object.keys(members).length > 0) constants.set(name, members);
      }
    }
  };
  let commonjs: Record<string, unknown> | undefined;
  for (const statement of ast.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      // `export enum KeyPrefix { Usage = 'usage:' }`: an object of its string and number members.
      if (declaration?.type === AST_NODE_TYPES.TSEnumDeclaration) {
        const members = enumMembers(declaration, sourceCode);
        if (members) constants.set(declaration.id.name, members);
      }
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration && declaration.kind === 'const') {
        for (const declarator of declaration.declarations)
          if (declarator.id.type === AST_NODE_TYPES.Identifier) add(declarator.id.name, declarator.init);
      }
      if (!statement.source) {
        for (const specifier of statement.specifiers) {
          if (specifier.local.type !== AST_NODE_TYPES.Identifier) continue;
          const exported =
            specifier.exported.type === AST_NODE_TYPES.Identifier
              ? specifier.exported.name
              : String(specifier.exported.value);
          add(exported, specifier.local);
        }
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const declaration = statement.declaration;
      if (
        declaration.type !== AST_NODE_TYPES.FunctionDeclaration &&
        declaration.type !== AST_NODE_TYPES.ClassDeclaration &&
        declaration.type !== AST_NODE_TYPES.TSInterfaceDeclaration &&
        declaration.type !== AST_NODE_TYPES.TSDeclareFunction
      )
        add('default', declaration);
    } else if (
      statement.type === AST_NODE_TYPES.ExpressionStatement &&
      statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
      statement.expression.operator === '='
    ) {
      const { left, right } = statement.expression;
      if (left.type !== AST_NODE_TYPES.MemberExpression) continue;
      const name = staticPropertyName(left.property, left.computed);
      const object = left.object;
      const isModule = (node: TSESTree.Node) =>
        node.type === AST_NODE_TYPES.Identifier &&
        node.name === 'module' &&
        !ASTUtils.findVariable(scope, node)?.defs.length;
      const isExports = (node: TSESTree.Node) =>
        (node.type === AST_NODE_TYPES.Identifier &&
          node.name === 'exports' &&
          !ASTUtils.findVariable(scope, node)?.defs.length) ||
        (node.type === AST_NODE_TYPES.MemberExpression &&
          isModule(node.object) &&
          staticPropertyName(node.property, node.computed) === 'exports');
      const literal = unfrozen(right);
      if (isModule(object) && name === 'exports' && literal.type === AST_NODE_TYPES.ObjectExpression) {
        // `module.exports = { PREFIX, CHANNEL: '...', keyOf: (id) => ... }`: the constant members, whatever the
        // rest is (`Object.freeze({ port: Number(env.PORT), channel: '__redis__:invalidate' })` too).
        commonjs = { ...(commonjs ?? {}), ...constantMembers(literal, sourceCode) };
      } else if (isModule(object) && name === 'exports') {
        const found = ASTUtils.getStaticValue(right, sourceCode.getScope(right));
        if (found && plain(found.value)) {
          if (found.value && typeof found.value === 'object' && !Array.isArray(found.value))
            commonjs = { ...(commonjs ?? {}), ...(found.value as Record<string, unknown>) };
          else constants.set('', found.value);
        }
      } else if (isExports(object) && name !== undefined) {
        const found = ASTUtils.getStaticValue(right, sourceCode.getScope(right));
        if (found && plain(found.value)) commonjs = { ...(commonjs ?? {}), [name]: found.value };
      }
    }
  }
  if (commonjs) {
    // A CommonJS module is its `module.exports`: whole (`require`), by member, or as a default import.
    if (!constants.has('')) constants.set('', commonjs);
    if (!constants.has('default')) constants.set('default', commonjs);
    for (const [name, value] of Object.entries(commonjs))
      if (!constants.has(name)) constants.set(name, value);
  }
  return constants;
}

/** The constant at `path` among a module's constants (`['default', 'CHANNELS', 'invalidate']`). */
export function constantAt(constants: ReadonlyMap<string, unknown>, path: readonly string[]): unknown {
  if (path.length === 0) {
    if (constants.has('')) return constants.get('');
    // A namespace import of an ES module: the object of its named exports.
    const named: Record<string, unknown> = {};
    for (const [name, value] of constants) if (name !== '' && name !== 'default') named[name] = value;
    return named;
  }
  const [first, ...rest] = path;
  if (constants.has(first!)) return member(constants.get(first!), rest)?.value;
  // A CommonJS module's members through its whole value (`require('./c').A` written as path ['A']).
  if (constants.has('')) return member(constants.get(''), path)?.value;
  return undefined;
}
