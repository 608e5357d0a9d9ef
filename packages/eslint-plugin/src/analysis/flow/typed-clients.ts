import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder } from './builder.js';
import type { ClientLibrary } from './values.js';

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

/** The client an annotation names (`redis: Redis` with `import Redis from 'ioredis'`), made where the type is written. */
export function typedClient(
  b: FlowBuilder,
  annotation: TSESTree.TSTypeAnnotation | undefined,
): number | undefined {
  const type = annotation?.typeAnnotation;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  let name = type.typeName;
  let member: string | undefined;
  if (name.type === AST_NODE_TYPES.TSQualifiedName) {
    member = name.right.name;
    name = name.left;
  }
  if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = b.scopes.variableOf(name)?.defs[0];
  if (definition?.type !== 'ImportBinding') return undefined;
  const declaration = definition.parent as TSESTree.ImportDeclaration;
  const known = clientTypes[declaration.source.value];
  if (!known) return undefined;
  const specifier = definition.node;
  const imported =
    specifier.type === AST_NODE_TYPES.ImportSpecifier
      ? specifier.imported.type === AST_NODE_TYPES.Identifier
        ? specifier.imported.name
        : String(specifier.imported.value)
      : 'default';
  const typeName = member ?? imported;
  const cluster = known.types[typeName];
  if (cluster === undefined) return undefined;
  return b.value({ kind: 'client', site: type, library: known.library, cluster, origin: 'typed' });
}
