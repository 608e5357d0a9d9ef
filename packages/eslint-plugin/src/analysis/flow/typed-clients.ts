import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder } from './builder.js';
import type { ClientLibrary } from './values.js';
import { injectedCacheIsRemote } from '../../models/remote-stores.js';
import { importedName, staticPropertyName } from '../ast.js';

/** Client types by module: a binding annotated with one holds a client made elsewhere. */
const clientTypes: Record<string, { library: ClientLibrary; types: Record<string, boolean> }> = {
  ioredis: { library: 'ioredis', types: { default: false, Redis: false, Cluster: true } },
  iovalkey: { library: 'ioredis', types: { default: false, Redis: false, Valkey: false, Cluster: true } },
  redis: {
    library: 'node-redis',
    types: {
      RedisClientType: false,
      RedisClusterType: true,
      RedisSentinelType: false,
      RedisClientPoolType: false,
    },
  },
  '@redis/client': { library: 'node-redis', types: { RedisClientType: false, RedisClusterType: true } },
  '@valkey/valkey-glide': { library: 'glide', types: { GlideClient: false, GlideClusterClient: true } },
};

/** The export a type names (`Redis` with `import Redis from 'ioredis'`): module and name. */
function importedType(
  b: FlowBuilder,
  type: TSESTree.TypeNode | undefined,
): { module: string; name: string; type: TSESTree.TypeNode } | undefined {
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  let name = type.typeName;
  let member: string | undefined;
  if (name.type === AST_NODE_TYPES.TSQualifiedName) {
    member = name.right.name;
    name = name.left;
  }
  if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
  const imported = importOf(b, name);
  return imported && { module: imported.module, name: member ?? imported.name, type };
}

/** The module and export an identifier's import binds (`import Redis from 'ioredis'`, `import Redis = require(...)`). */
function importOf(b: FlowBuilder, name: TSESTree.Identifier): { module: string; name: string } | undefined {
  const definition = b.scopes.variableOf(name)?.defs[0];
  if (definition?.type !== 'ImportBinding') return undefined;
  const declaration = definition.parent;
  let module: string | undefined;
  if (declaration.type === AST_NODE_TYPES.ImportDeclaration) module = declaration.source.value;
  // `import Redis = require('ioredis')` (TS import-equals): the module object, as the default import.
  else if (
    declaration.type === AST_NODE_TYPES.TSImportEqualsDeclaration &&
    declaration.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference
  ) {
    module = String(declaration.moduleReference.expression.value);
  }
  if (module === undefined) return undefined;
  const specifier = definition.node;
  return {
    module,
    name: specifier.type === AST_NODE_TYPES.ImportSpecifier ? importedName(specifier) : 'default',
  };
}

const annotatedImport = (b: FlowBuilder, annotation: TSESTree.TSTypeAnnotation | undefined) =>
  importedType(b, annotation?.typeAnnotation);

/** node-redis's factories, by what the client they make is: `ReturnType<typeof createClient>` names a client. */
const clientFactories: Record<string, Record<string, boolean>> = {
  redis: { createClient: false, createCluster: true, createSentinel: false },
  '@redis/client': { createClient: false, createCluster: true },
};

/** A client type, as the project's code names one. */
export interface ClientType {
  library: ClientLibrary;
  cluster: boolean;
}

/** How many aliases deep a type is followed (`type Redis = Client`, `type Client = RedisClientType`). */
const MAX_ALIASES = 3;

/**
 * The client a type names: a client type of a client module (`Redis` of ioredis), node-redis's factory's return
 * type (`ReturnType<typeof createClient>`, the alias its docs suggest), or a type alias of the module for either
 * (`type Redis = ReturnType<typeof createClient>`).
 */
export function clientTypeOf(
  b: FlowBuilder,
  type: TSESTree.TypeNode | undefined,
  depth = 0,
): ClientType | undefined {
  if (type?.type !== AST_NODE_TYPES.TSTypeReference || depth > MAX_ALIASES) return undefined;
  const found = importedType(b, type);
  if (found) {
    const known = clientTypes[found.module];
    const cluster = known?.types[found.name];
    return known && cluster !== undefined ? { library: known.library, cluster } : undefined;
  }
  if (type.typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = b.scopes.variableOf(type.typeName);
  const declaration = variable?.defs[0]?.node;
  if (declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration)
    return clientTypeOf(b, declaration.typeAnnotation, depth + 1);
  // A global helper type, not one the module declares.
  if (variable?.defs.length) return undefined;
  const argument = type.typeArguments?.params[0];
  if (type.typeName.name === 'Awaited') return clientTypeOf(b, argument, depth + 1);
  if (type.typeName.name !== 'ReturnType' || argument?.type !== AST_NODE_TYPES.TSTypeQuery) return undefined;
  const factory = argument.exprName;
  const imported = factory.type === AST_NODE_TYPES.Identifier ? importOf(b, factory) : undefined;
  const cluster = imported && clientFactories[imported.module]?.[imported.name];
  return cluster === undefined ? undefined : { library: 'node-redis', cluster };
}

/** The client an annotation names (`redis: Redis` with `import Redis from 'ioredis'`), made where the type is written. */
export function typedClient(
  b: FlowBuilder,
  annotation: TSESTree.TSTypeAnnotation | undefined,
): number | undefined {
  const type = annotation?.typeAnnotation;
  const client = clientTypeOf(b, type);
  if (!client || !type) return undefined;
  return b.value({ kind: 'client', site: type, ...client, origin: 'typed' });
}

/** Cache types by module: a binding annotated with one holds a cache made elsewhere (a store Nest injects). */
const storeTypes: Record<string, { library: string; types: readonly string[] }> = {
  'cache-manager': { library: 'cache-manager', types: ['Cache', 'MemoryCache'] },
  keyv: { library: 'keyv', types: ['default', 'Keyv'] },
  'lru-cache': { library: 'lru-cache', types: ['LRUCache', 'default'] },
  'node-cache': { library: 'node-cache', types: ['default', 'NodeCache'] },
};

/**
 * The cache an annotation names (`@Inject(CACHE_MANAGER) private cache: Cache` with `import { Cache } from
 * 'cache-manager'`): what is put in it is kept, as in one made in the module.
 */
export function typedStore(
  b: FlowBuilder,
  annotation: TSESTree.TSTypeAnnotation | undefined,
): number | undefined {
  const found = annotatedImport(b, annotation);
  const known = found && storeTypes[found.module];
  if (!found || !known?.types.includes(found.name)) return undefined;
  if (known.library === 'cache-manager' && injectedCacheIsRemote(b.file))
    return b.value({ kind: 'model', model: 'cache-libraries', type: 'remote', site: found.type });
  return b.value({ kind: 'store', site: found.type, library: known.library, cache: true });
}

/** The name a type annotation gives as a plain reference (`Redis` of `redis: Redis`, `Map` of `Map<K, V>`). */
function typeName(annotation: TSESTree.TSTypeAnnotation | undefined): TSESTree.Identifier | undefined {
  const type = annotation?.typeAnnotation;
  return type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier
    ? type.typeName
    : undefined;
}

/** The language's collections by type name: an annotated binding holds one made elsewhere. */
const collectionTypes: Record<string, string> = {
  Map: 'map',
  ReadonlyMap: 'map',
  Set: 'set',
  ReadonlySet: 'set',
  WeakMap: 'weakmap',
  WeakSet: 'weakset',
};

/**
 * The collection an annotation names (`memo: Map<string, unknown>` of a service's dependencies): made
 * elsewhere, it holds what is put in it as long as what holds it lives.
 */
export function typedCollection(
  b: FlowBuilder,
  annotation: TSESTree.TSTypeAnnotation | undefined,
): number | undefined {
  const name = typeName(annotation);
  const library = name && collectionTypes[name.name];
  // A type of the module's own (or an import) with the same name is not the global one.
  if (!name || !library || b.scopes.variableOf(name)?.defs.length) return undefined;
  return b.value({ kind: 'store', site: annotation!.typeAnnotation, library, cache: false });
}

/** The JSDoc block right before a node (or before the statement or export that holds it). */
function jsdocOf(b: FlowBuilder, node: TSESTree.Node): string | undefined {
  let target: TSESTree.Node = node;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property)
    target = parent;
  else if (parent?.type === AST_NODE_TYPES.VariableDeclarator) target = parent.parent;
  if (
    target.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration ||
    target.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration
  ) {
    target = target.parent;
  }
  const comments = b.sourceCode.getCommentsBefore(target);
  const last = comments[comments.length - 1];
  return last?.type === 'Block' && last.value.startsWith('*') ? last.value : undefined;
}

/** A client named by a JSDoc type: `import('iovalkey').Redis`, or a binding required or imported from a client module. */
function clientOfJsdocType(b: FlowBuilder, type: string, site: TSESTree.Node): number | undefined {
  const imported = /^\s*import\(\s*['"]([^'"]+)['"]\s*\)(?:\.(\w+))?\s*$/.exec(type);
  if (imported) {
    const known = clientTypes[imported[1]!];
    const name = imported[2] ?? 'default';
    const cluster = known?.types[name];
    if (!known || cluster === undefined) return undefined;
    return b.value({ kind: 'client', site, library: known.library, cluster, origin: 'typed' });
  }
  const named = /^\s*([\w$]+)(?:\.([\w$]+))?\s*$/.exec(type);
  if (!named) return undefined;
  // `@type {Redis}` with `const Redis = require('ioredis')` or `import Redis from 'ioredis'` in the module.
  const scope = b.sourceCode.scopeManager?.globalScope;
  const variable =
    scope?.set.get(named[1]!) ??
    scope?.childScopes
      .find((s) => s.type === 'module' || s.block.type === AST_NODE_TYPES.Program)
      ?.set.get(named[1]!);
  const definition = variable?.defs[0];
  let module: string | undefined;
  let exported = named[2] ?? 'default';
  if (definition?.type === 'ImportBinding' && definition.parent.type === AST_NODE_TYPES.ImportDeclaration) {
    module = definition.parent.source.value;
    const specifier = definition.node;
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier && !named[2]) exported = importedName(specifier);
  } else if (
    definition?.type === 'Variable' &&
    definition.node.init?.type === AST_NODE_TYPES.CallExpression
  ) {
    const init = definition.node.init;
    const source = init.arguments[0];
    if (
      init.callee.type === AST_NODE_TYPES.Identifier &&
      init.callee.name === 'require' &&
      source?.type === AST_NODE_TYPES.Literal
    ) {
      module = String(source.value);
      if (definition.node.id.type === AST_NODE_TYPES.ObjectPattern && !named[2]) exported = named[1]!;
    }
  }
  // `@typedef {import('iovalkey').default} Valkey` in a comment of the module, then `@param {Valkey} redis`.
  if (!module && !named[2]) {
    const aliased = typedefOf(b, named[1]!);
    return aliased === undefined ? undefined : clientOfJsdocType(b, aliased, site);
  }
  const known = module ? clientTypes[module] : undefined;
  const cluster = known?.types[exported] ?? (exported === 'default' ? undefined : known?.types[exported]);
  if (!known || cluster === undefined) return undefined;
  return b.value({ kind: 'client', site, library: known.library, cluster, origin: 'typed' });
}

/** The type a JSDoc `@typedef {type} name` of the module gives `name`, unless it names another typedef. */
function typedefOf(b: FlowBuilder, name: string): string | undefined {
  for (const comment of b.sourceCode.getAllComments()) {
    if (comment.type !== 'Block' || !comment.value.startsWith('*')) continue;
    for (const match of comment.value.matchAll(/@typedef\s*\{([^}]+)\}\s*([\w$]+)/g))
      if (match[2] === name && match[1]!.includes('import(')) return match[1]!;
  }
  return undefined;
}

/** `/** @type {import('iovalkey').Redis} *\/` before a field or variable. */
export function jsdocTypedClient(b: FlowBuilder, node: TSESTree.Node): number | undefined {
  const comment = jsdocOf(b, node);
  const type = comment && /@type\s*\{([^}]+)\}/.exec(comment)?.[1];
  return type ? clientOfJsdocType(b, type, node) : undefined;
}

/** `@param {import('iovalkey').Redis} name` in the JSDoc of a function. */
export function jsdocParameterClient(b: FlowBuilder, fn: TSESTree.Node, name: string): number | undefined {
  const comment = jsdocOf(b, fn);
  if (!comment) return undefined;
  for (const match of comment.matchAll(/@param\s*\{([^}]+)\}\s*\[?([\w$]+)/g)) {
    if (match[2] === name) return clientOfJsdocType(b, match[1]!, fn);
  }
  return undefined;
}

/**
 * An instance of a class of the module an annotation names (`private readonly inner: ValkeyRepository<T>`): a
 * wrapper handed its repository, a service handed another service. Made elsewhere, so one value per class.
 */
export function typedInstance(
  b: FlowBuilder,
  annotation: TSESTree.TSTypeAnnotation | undefined,
): number | undefined {
  const name = typeName(annotation);
  const definition = name && b.scopes.variableOf(name)?.defs[0];
  const cls = definition?.node;
  if (cls?.type !== AST_NODE_TYPES.ClassDeclaration) return undefined;
  return b.value({ kind: 'instance', cls, site: undefined });
}

/**
 * A binding annotated with a class another module exports (`constructor(pool: ConnectionPool)`, filled by a
 * dependency-injection container): an instance of it, as the model that made the class describes.
 */
/** Type-only import bindings already given their module's value, per module analysis. */
const typeOnlyImports = new WeakMap<FlowBuilder, Set<number>>();
function typeOnlyImportsOf(b: FlowBuilder): Set<number> {
  let bound = typeOnlyImports.get(b);
  if (!bound) {
    bound = new Set();
    typeOnlyImports.set(b, bound);
  }
  return bound;
}

export function typedImportedInstance(
  b: FlowBuilder,
  annotation: TSESTree.TSTypeAnnotation | undefined,
  node: number,
  site: TSESTree.Node,
): void {
  const name = typeName(annotation);
  if (!name) return;
  const variable = b.scopes.variableOf(name);
  const definition = variable?.defs[0];
  if (!variable || definition?.type !== 'ImportBinding') return;
  const binding = b.variableNode(variable);
  // `import type { Store } from './store'` binds no value; the type still names the class the parameter holds.
  const declaration = definition.parent;
  const specifier = definition.node;
  if (
    declaration.type === AST_NODE_TYPES.ImportDeclaration &&
    (declaration.importKind === 'type' ||
      (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type')) &&
    !typeOnlyImportsOf(b).has(binding)
  ) {
    typeOnlyImportsOf(b).add(binding);
    const path = specifier.type === AST_NODE_TYPES.ImportSpecifier ? importedName(specifier) : '';
    b.addImport(binding, declaration.source.value, path, specifier);
  }
  b.engine.listenValues(binding, (value) => {
    for (const model of b.models) {
      const instance = model.instanceOf?.(b, value, site);
      if (instance !== undefined) {
        b.engine.addValue(node, instance);
        return;
      }
    }
  });
}

/** Whether an annotation names a type an import binds (`Connections` of `import type { Connections }`). */
function importsType(b: FlowBuilder, annotation: TSESTree.TSTypeAnnotation | undefined): boolean {
  const name = typeName(annotation);
  return name !== undefined && b.scopes.variableOf(name)?.defs[0]?.type === 'ImportBinding';
}

/** The members of a type literal, or of an interface or object type alias of the module a reference names. */
function typeMembers(
  b: FlowBuilder,
  type: TSESTree.TypeNode | undefined,
): TSESTree.TypeElement[] | undefined {
  if (type?.type === AST_NODE_TYPES.TSTypeLiteral) return type.members;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier)
    return undefined;
  const name = type.typeName.name;
  for (const statement of b.sourceCode.ast.body) {
    const declaration =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.TSInterfaceDeclaration && declaration.id.name === name)
      return declaration.body.body;
    if (
      declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration &&
      declaration.id.name === name &&
      declaration.typeAnnotation.type === AST_NODE_TYPES.TSTypeLiteral
    )
      return declaration.typeAnnotation.members;
  }
  return undefined;
}

/**
 * The clients a destructured parameter's declared type gives its members (`({ redis }: RouterDeps)` with
 * `interface RouterDeps { redis: Valkey }`): each binding with the client its member's type names.
 */
export function typedPatternClients(
  b: FlowBuilder,
  pattern: TSESTree.ObjectPattern,
): Array<[TSESTree.Identifier, number]> {
  const members = typeMembers(b, pattern.typeAnnotation?.typeAnnotation);
  if (!members) return [];
  const typed: Array<[TSESTree.Identifier, number]> = [];
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name = staticPropertyName(property.key, property.computed);
    const binding =
      property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (name === undefined || binding.type !== AST_NODE_TYPES.Identifier) continue;
    const member = members.find(
      (one): one is TSESTree.TSPropertySignature =>
        one.type === AST_NODE_TYPES.TSPropertySignature &&
        !one.computed &&
        staticPropertyName(one.key, false) === name,
    );
    const client = member && typedClient(b, member.typeAnnotation);
    if (client !== undefined) typed.push([binding, client]);
  }
  return typed;
}

/**
 * An object whose declared type gives members client types (`deps: UsageDeps` with `interface UsageDeps {
 * redis?: Valkey }`, `{ redis }: { redis: Redis }`): those members hold clients made elsewhere. `importedOnly`:
 * only the members typed by a class another module exports.
 */
export function typedMembers(
  b: FlowBuilder,
  annotation: TSESTree.TSTypeAnnotation | undefined,
  importedOnly = false,
): number | undefined {
  const members = typeMembers(b, annotation?.typeAnnotation);
  if (!members) return undefined;
  let object: number | undefined;
  const objectValue = () => (object ??= b.value({ kind: 'object', site: annotation!, shape: 'object' }));
  for (const member of members) {
    if (member.type !== AST_NODE_TYPES.TSPropertySignature || member.computed) continue;
    const name = staticPropertyName(member.key, false);
    if (name === undefined) continue;
    // A client, a cache or a collection (`memo: Map<string, unknown>`), or an instance of a class of the module.
    const held = importedOnly
      ? undefined
      : (typedClient(b, member.typeAnnotation) ??
        typedStore(b, member.typeAnnotation) ??
        typedCollection(b, member.typeAnnotation) ??
        typedInstance(b, member.typeAnnotation));
    if (held !== undefined) b.store(b.constant(objectValue()), name, b.constant(held));
    // An instance of a class another module exports (`conns: Connections`): as that module's summary describes it.
    else if (importsType(b, member.typeAnnotation))
      typedImportedInstance(b, member.typeAnnotation, b.engine.field(objectValue(), name), member);
  }
  return object;
}
