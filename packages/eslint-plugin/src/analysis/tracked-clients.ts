import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { TrackingMode } from '@valkey-track/rules-data';
import { calleeName, staticPropertyName, unwrapExpression } from './ast.js';
import { commandCall } from './command-call.js';
import type { ModuleAnalysis } from './module-analysis.js';
import { isKnown } from './static-args.js';
import type { NodeRedisVersion } from '../clients/node-redis.js';
import { parseTracking } from '../clients/tracking-arguments.js';
import type { ClientSetting, PluginSettings } from '../util/settings.js';

export type CacheKind = 'node-redis' | 'glide' | 'manual';

/** A client whose replies are cached and kept fresh (or not) by CLIENT TRACKING. */
export interface TrackedClient {
  kind: CacheKind;
  /** The alias-graph place of the client object; undefined for clients named only in settings. */
  place: number | undefined;
  /** Where tracking is turned on or the cache is configured. */
  site: TSESTree.Node;
  mode: TrackingMode;
  /** BCAST prefixes; undefined when they are not literals. */
  prefixes: string[] | undefined;
  /** False when the tracking arguments are not all literals, so the mode itself may differ. */
  certain: boolean;
  nodeRedisVersion?: NodeRedisVersion;
  /** glide: whether the server invalidates entries (`serverAssisted`); undefined when not a literal. */
  serverAssisted?: boolean | undefined;
  /** The setting that named this client, for clients found by name. */
  setting?: ClientSetting;
}

const nodeRedisFactories = new Set(['createClient', 'createClientPool', 'createCluster', 'createSentinel']);
const glideClasses = /^Glide(Cluster)?Client$/;

/** The node of one type an expression is, directly or through a `const` (`const cache = ClientSideCache.create(...)`). */
function throughConst<T extends TSESTree.Node>(
  node: TSESTree.Node | undefined,
  analysis: ModuleAnalysis,
  type: T['type'],
): T | undefined {
  if (!node) return undefined;
  const inner = unwrapExpression(node);
  if (inner.type === type) return inner as T;
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const definition = analysis.variableOf(inner)?.defs[0];
    if (definition?.node.type === AST_NODE_TYPES.VariableDeclarator && definition.node.init) {
      const init = unwrapExpression(definition.node.init);
      if (init.type === type) return init as T;
    }
  }
  return undefined;
}

const objectLiteral = (node: TSESTree.Node | undefined, analysis: ModuleAnalysis) =>
  throughConst<TSESTree.ObjectExpression>(node, analysis, AST_NODE_TYPES.ObjectExpression);

const callExpression = (node: TSESTree.Node | undefined, analysis: ModuleAnalysis) =>
  throughConst<TSESTree.CallExpression>(node, analysis, AST_NODE_TYPES.CallExpression);

function property(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find(
    (p): p is TSESTree.Property =>
      p.type === AST_NODE_TYPES.Property && staticPropertyName(p.key, p.computed) === name,
  );
}

function glideServerAssisted(
  cacheValue: TSESTree.Node,
  analysis: ModuleAnalysis,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean | undefined {
  const create = callExpression(cacheValue, analysis);
  if (!create || calleeName(create) !== 'create') return undefined;
  const options = create.arguments[2];
  if (!options) return false;
  const literal = objectLiteral(options, analysis);
  if (!literal) return undefined;
  const assisted = property(literal, 'serverAssisted');
  if (!assisted) return false;
  const value = ASTUtils.getStaticValue(assisted.value, sourceCode.getScope(assisted.value));
  return value ? Boolean(value.value) : undefined;
}

function fromSetting(
  setting: ClientSetting,
  place: number | undefined,
  site: TSESTree.Node,
  settings: PluginSettings,
): TrackedClient {
  return {
    kind: setting.cache ?? 'manual',
    place,
    site,
    mode: setting.mode ?? 'default',
    prefixes: setting.prefixes ?? [],
    certain: true,
    nodeRedisVersion: setting.nodeRedisVersion ?? settings.nodeRedisVersion,
    // Named clients are assumed to cache every read of the kind unless the setting says otherwise.
    serverAssisted: setting.serverAssisted ?? true,
    setting,
  };
}

/** Every place in the module that holds a client whose replies are cached with tracking. */
export function findTrackedClients(
  analysis: ModuleAnalysis,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: PluginSettings,
  nodeRedisVersion: () => NodeRedisVersion,
): TrackedClient[] {
  const clients: TrackedClient[] = [];
  for (const call of analysis.calls) {
    const name = calleeName(call);
    const callee = call.callee;
    const factory = settings.clientFactories.find((f) => f.name === name);
    if (factory) {
      clients.push(fromSetting(factory, analysis.placeOf(call), call, settings));
      continue;
    }
    if (
      name === 'createClient' &&
      callee.type === AST_NODE_TYPES.MemberExpression &&
      callee.object.type === AST_NODE_TYPES.Identifier &&
      glideClasses.test(callee.object.name)
    ) {
      const options = objectLiteral(call.arguments[0], analysis);
      const cache = options && property(options, 'clientSideCache');
      if (cache) {
        clients.push({
          kind: 'glide',
          place: analysis.placeOf(call),
          site: cache,
          mode: 'default',
          prefixes: [],
          certain: true,
          serverAssisted: glideServerAssisted(cache.value, analysis, sourceCode),
        });
      }
      continue;
    }
    if (name !== undefined && nodeRedisFactories.has(name)) {
      const cache = call.arguments
        .map((arg) => objectLiteral(arg, analysis))
        .map((options) => options && property(options, 'clientSideCache'))
        .find(Boolean);
      if (cache) {
        // node-redis turns on default-mode tracking for its cache (packages/client/lib/client/cache.ts: `CLIENT TRACKING ON`).
        clients.push({
          kind: 'node-redis',
          place: analysis.placeOf(call),
          site: cache,
          mode: 'default',
          prefixes: [],
          certain: true,
          nodeRedisVersion: nodeRedisVersion(),
        });
      }
      continue;
    }
    const command = commandCall(call, sourceCode);
    if (!command) continue;
    const [first, second] = command.words;
    if (first === undefined || second === undefined || !isKnown(first) || !isKnown(second)) continue;
    if (first.toUpperCase() !== 'CLIENT' || second.toUpperCase() !== 'TRACKING') continue;
    const state = parseTracking(command.words.slice(2));
    if (!state?.on) continue;
    clients.push({
      kind: 'manual',
      place: analysis.placeOf(command.receiver),
      site: call,
      mode: state.mode,
      prefixes: state.prefixes,
      certain: state.certain,
    });
  }
  return clients;
}

/** The name a receiver goes by, for matching `trackedClients` settings: `redis`, `this.redis`, `ctx.redis`. */
export function receiverName(receiver: TSESTree.Node): string | undefined {
  const node = unwrapExpression(receiver);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression)
    return staticPropertyName(node.property, node.computed)?.replace(/^#/, '');
  return undefined;
}

/** The settings entry that names a receiver, for clients tracked in another module. */
export function clientNamedInSettings(
  receiver: TSESTree.Node,
  analysis: ModuleAnalysis,
  settings: PluginSettings,
): ClientSetting | undefined {
  const name = receiverName(receiver);
  if (name === undefined) return undefined;
  const node = unwrapExpression(receiver);
  // An imported binding also matches by the name it was exported under (`import { redis as r }`).
  if (node.type === AST_NODE_TYPES.Identifier) {
    const definition = analysis.variableOf(node)?.defs[0];
    if (definition?.node.type === AST_NODE_TYPES.ImportSpecifier) {
      const imported = definition.node.imported;
      const importedName = imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
      const match = settings.trackedClients.find((c) => c.name === importedName);
      if (match) return match;
    }
  }
  return settings.trackedClients.find((c) => c.name === name);
}

export { fromSetting as trackedClientFromSetting };
