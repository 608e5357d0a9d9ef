import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticValue, unknownMembers } from './static-value.js';
import { staticPropertyName } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import type { Read } from './flow/reads.js';
import type { Value } from './flow/values.js';
import { instantiate } from './instantiate.js';
import { readVariants } from './read-words.js';
import { type ArgItem, isKnown } from './static-args.js';
import type { NodeRedisVersion } from '../clients/node-redis.js';
import { parseTracking, type TrackingState } from '../clients/tracking-arguments.js';
import type { ClientSetting } from '../util/settings.js';
import { importedTracking } from './imports/factory-tracking.js';
import { propertiesAt } from './object-properties.js';
import { nodeRedisChoice, type NodeRedisChoice } from './node-redis-choice.js';
import { cacheOfConstantOptions } from './constant-options-cache.js';
import { constantOption } from './constant-option.js';
import type { ClientSummary } from './imports/summary.js';

/** One way the module turns tracking on for a client: where, and in which mode. */
export interface TrackingOn extends TrackingState {
  /** The CLIENT TRACKING read; undefined for a client whose tracking settings describe. */
  read: Read | undefined;
  /** Where it is sent: the read, or the call of the wrapper that chose the words. */
  report: TSESTree.Node | undefined;
}

/** A library's own client-side cache on a client. */
export type LibraryCache =
  | {
      kind: 'node-redis';
      version: NodeRedisVersion;
      property: TSESTree.Node | undefined;
      /** What the cache's options choose to keep (6.4); absent: every eligible read. */
      choice?: NodeRedisChoice;
      /** A `withCommandOptions({ cache })` view: what the mark asks for every read of the view. */
      mark?: boolean;
    }
  | {
      kind: 'glide';
      serverAssisted: boolean | undefined;
      property: TSESTree.Node | undefined;
      create: TSESTree.Node;
      /** Made in another module (a config module's options): `create` is then the client's creation. */
      madeElsewhere?: true;
      /** The entry TTL in milliseconds, for a cache made in another module. */
      ttl?: number;
    };

export interface ClientInfo {
  value: number;
  client: Extract<Value, { kind: 'client' }>;
  tracking: TrackingOn[];
  cache: LibraryCache | undefined;
  /** The settings entry a client named in settings comes from. */
  setting?: ClientSetting;
  /**
   * A view that sends on another client's connection without its cache (node-redis `withTypeMapping`): the
   * connection tracks as that client's cache has it track, though the view's replies are never cached by it.
   */
  connectionCache?: LibraryCache['kind'];
  /** For a type-mapped view of a client with a node-redis cache: that cache, as it treats the view's reads. */
  viewOfNodeRedis?: Extract<LibraryCache, { kind: 'node-redis' }>;
  /**
   * node-redis `emitInvalidate`: the option that turns tracking on in every handshake and emits invalidated keys
   * (the client's own property, or the `duplicate()` call that copies it).
   */
  invalidateEvents?: TSESTree.Node;
}

/** The words of a read in each of its forms (as written, and as each wrapper caller fills them in). */
export function readInstances(
  b: FlowBuilder,
  read: Read,
): Array<{ words: ArgItem[]; report: TSESTree.Node }> {
  return readVariants(b, read).flatMap((words) =>
    instantiate(b, words, read.enclosing).map((instance) => ({
      words: instance.words,
      report: instance.report ?? read.report,
    })),
  );
}

const upper = (item: ArgItem | undefined): string =>
  item !== undefined && isKnown(item) ? item.toUpperCase() : '';

/** `CLIENT <sub>` of a read's words, upper case, or ''. */
export const clientSubcommand = (words: readonly ArgItem[]): string =>
  upper(words[0]) === 'CLIENT' ? upper(words[1]) : '';

const turnsNothingOn = (value: TSESTree.Node): boolean =>
  (value.type === AST_NODE_TYPES.Literal && (value.value === null || value.value === false)) ||
  (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') ||
  value.type === AST_NODE_TYPES.ConditionalExpression ||
  value.type === AST_NODE_TYPES.LogicalExpression;

/** Whether a glide `ClientSideCache` asks for server assistance (`serverAssisted: true`); undefined when not a literal. */
function serverAssisted(b: FlowBuilder, create: TSESTree.Node): boolean | undefined {
  const site = b.callSiteOf(create);
  if (!site) return undefined;
  const isNew = create.type === AST_NODE_TYPES.NewExpression;
  const options = site.args[isNew ? 0 : 2];
  if (options === undefined) return false;
  const properties = propertiesAt(b, options, 'serverAssisted');
  if (properties.length === 0) {
    const literal = b.engine.valuesAt(options).every((v) => b.describe(v).kind === 'object');
    if (literal) return false;
    // A constant object, here or imported (`new ClientSideCache(CACHE_SETTINGS.profiles)`).
    const argument = (create as TSESTree.CallExpression | TSESTree.NewExpression).arguments[isNew ? 0 : 2];
    const constant = argument && staticValue(argument, b.sourceCode.getScope(argument));
    if (!constant || typeof constant.value !== 'object' || constant.value === null) return undefined;
    const given = constant.value as Record<string | symbol, unknown>;
    if ('serverAssisted' in given) return Boolean(given.serverAssisted);
    // A member the constants module does not show may be it (`{ serverAssisted: env.ASSIST === '1' }`).
    return unknownMembers(given).includes('serverAssisted') ? undefined : false;
  }
  let result: boolean | undefined;
  for (const property of properties) {
    const value = staticValue(property.value, b.sourceCode.getScope(property.value));
    if (!value) return undefined;
    result = (result ?? false) || Boolean(value.value);
  }
  return result;
}

/** The node-redis cache another module's summary gives a client. */
function importedNodeRedisCache(
  summary: { choice?: NodeRedisChoice; mark?: boolean },
  version: () => NodeRedisVersion,
): LibraryCache {
  return {
    kind: 'node-redis',
    version: version(),
    property: undefined,
    ...(summary.choice ? { choice: summary.choice } : {}),
    ...(summary.mark !== undefined ? { mark: summary.mark } : {}),
  };
}

function libraryCache(
  b: FlowBuilder,
  client: Extract<Value, { kind: 'client' }>,
  version: () => NodeRedisVersion,
): LibraryCache | undefined {
  // node-redis 6.4 `withCommandOptions({ cache })`: the client's cache, with the view's mark on every read.
  const marked = /^cache-(on|off):(\d+)$/.exec(client.origin);
  const parent = marked ? b.describe(Number(marked[2])) : undefined;
  if (marked && parent?.kind === 'client') {
    // A view of a client another module made: the cache its summary says that client has.
    const imported = b.importedClients.get(Number(marked[2]));
    const cache = imported
      ? imported.cache?.kind === 'node-redis'
        ? importedNodeRedisCache(imported.cache, version)
        : undefined
      : libraryCache(b, parent, version);
    return cache?.kind === 'node-redis' ? { ...cache, mark: marked[1] === 'on' } : cache;
  }
  const site = b.callSiteOf(client.site);
  // node-redis `duplicate(overrides)` copies the client's options: its cache, unless the overrides name one.
  const copied = copiedClient(b, client);
  if (site && copied && client.library === 'node-redis') {
    const overrides = site.args[0];
    if (overrides !== undefined && propertiesAt(b, overrides, 'clientSideCache').length > 0)
      return libraryCache(b, { ...client, origin: 'constructed' }, version);
    // A copy of a client another module made: the cache its summary says that client has.
    if ('imported' in copied)
      return copied.imported.cache?.kind === 'node-redis'
        ? importedNodeRedisCache(copied.imported.cache, version)
        : undefined;
    return libraryCache(b, copied.parent, version);
  }
  if (!site || client.origin !== 'constructed') return undefined;
  const isPool =
    client.site.type === AST_NODE_TYPES.CallExpression &&
    client.site.callee.type !== AST_NODE_TYPES.Super &&
    /createClientPool$/.test(b.text(client.site.callee));
  const options = site.args[isPool ? 1 : 0];
  if (options === undefined) return undefined;
  const cacheNodes = b.engine
    .valuesAt(options)
    .map((value) => b.engine.fieldsOf(value).get('clientSideCache'))
    .filter((n): n is number => n !== undefined);
  const property = propertiesAt(b, options, 'clientSideCache')[0];
  // Options another module makes, read as its constants (`createClient(config.redis)`).
  const argument = (client.site as TSESTree.CallExpression).arguments?.[isPool ? 1 : 0];
  if (client.library === 'node-redis') {
    // A provider of a package the analysis does not read (`new SimpleClientSideCache()`) has no value here, but
    // any provider turns the library's cache and tracking on; `undefined`, `null` or `false` turn nothing on.
    const written = property !== undefined && !turnsNothingOn(property.value);
    return written || cacheNodes.some((node) => b.engine.valuesAt(node).length > 0)
      ? { kind: 'node-redis', version: version(), property, choice: nodeRedisChoice(b, cacheNodes) }
      : cacheOfConstantOptions(b, client, argument, version);
  }
  if (client.library === 'glide') {
    for (const node of cacheNodes) {
      for (const value of b.engine.valuesAt(node)) {
        const described = b.describe(value);
        if (
          described.kind === 'model' &&
          described.model === 'glide' &&
          described.type === 'client-side-cache'
        ) {
          return {
            kind: 'glide',
            serverAssisted: serverAssisted(b, described.site),
            property,
            create: described.site,
          };
        }
      }
    }
    return cacheOfConstantOptions(b, client, argument, version);
  }
  return undefined;
}

/**
 * node-redis 5's `emitInvalidate: true` (with `RESP: 3`): the client sends `CLIENT TRACKING ON` in every
 * connection's handshake, reconnects included, and emits each invalidated key as an `invalidate` event for the
 * app's own cache (lib/client/index.ts). A `duplicate()` copies it with the other options, unless it overrides it.
 */
function emitsInvalidations(
  b: FlowBuilder,
  client: Extract<Value, { kind: 'client' }>,
  depth = 0,
): TSESTree.Node | undefined {
  if (client.library !== 'node-redis' || client.cluster || depth > 4) return undefined;
  const site = b.callSiteOf(client.site);
  const options = site?.args[0];
  const given = options === undefined ? [] : propertiesAt(b, options, 'emitInvalidate');
  if (given.length > 0) {
    return given.find((property) => {
      if (turnsNothingOn(property.value)) return false;
      const value = staticValue(property.value, b.sourceCode.getScope(property.value));
      return value === null || Boolean(value.value);
    });
  }
  const copied = copiedClient(b, client);
  if (!copied) {
    // Options another module makes, read as its constants (`createClient(config.flags)`).
    const argument =
      client.site.type === AST_NODE_TYPES.CallExpression ? client.site.arguments[0] : undefined;
    if (argument === undefined || argument.type === AST_NODE_TYPES.ObjectExpression) return undefined;
    const option = constantOption(b, argument, 'emitInvalidate');
    return typeof option === 'object' && option.value === true ? client.site : undefined;
  }
  // A copy of a client another module made: as its summary says.
  if ('imported' in copied) return copied.imported.invalidateEvents ? client.site : undefined;
  return emitsInvalidations(b, copied.parent, depth + 1) ? client.site : undefined;
}

/**
 * The client a `duplicate()` copies (`origin` `duplicate:<id>`): one another module made, as its summary says, or
 * one of this module's.
 */
function copiedClient(
  b: FlowBuilder,
  client: Extract<Value, { kind: 'client' }>,
): { imported: ClientSummary } | { parent: Extract<Value, { kind: 'client' }> } | undefined {
  const copied = /^duplicate:(\d+)$/.exec(client.origin);
  if (!copied) return undefined;
  const id = Number(copied[1]);
  const imported = b.importedClients.get(id);
  if (imported) return { imported };
  const parent = b.describe(id);
  return parent.kind === 'client' ? { parent } : undefined;
}

/** Tracking a module does not send itself but knows is on (a client's settings, node-redis's `emitInvalidate`). */
function knownTracking(mode: TrackingOn['mode'], prefixes: string[]): TrackingOn {
  return {
    on: true,
    mode,
    prefixes,
    redirect: false,
    noloop: false,
    certain: true,
    read: undefined,
    report: undefined,
  };
}

/** A client set up in another module, described by its settings entry. */
function fromSetting(
  id: number,
  client: Extract<Value, { kind: 'client' }>,
  setting: ClientSetting,
  version: () => NodeRedisVersion,
): ClientInfo {
  const info: ClientInfo = { value: id, client, tracking: [], cache: undefined, setting };
  if (setting.cache === 'node-redis') {
    info.cache = { kind: 'node-redis', version: setting.nodeRedisVersion ?? version(), property: undefined };
  } else if (setting.cache === 'glide') {
    info.cache = {
      kind: 'glide',
      serverAssisted: setting.serverAssisted ?? true,
      property: undefined,
      create: client.site,
    };
  } else {
    info.tracking.push(knownTracking(setting.mode ?? 'default', setting.prefixes ?? []));
  }
  return info;
}

/** Every client of the module, with how its replies are cached and kept fresh. */
export function clientStates(b: FlowBuilder, version: () => NodeRedisVersion): Map<number, ClientInfo> {
  const clients = new Map<number, ClientInfo>();
  for (let id = 0; id < b.engine.values.size; id++) {
    const value = b.describe(id);
    if (value.kind !== 'client') continue;
    const imported = b.importedClients.get(id);
    if (imported) {
      const info: ClientInfo = {
        value: id,
        client: value,
        tracking: importedTracking(b, imported, value.site),
        cache: undefined,
      };
      if (imported.cache?.kind === 'node-redis') info.cache = importedNodeRedisCache(imported.cache, version);
      // A type-mapped view another module made: it tracks as its client's cache has the connection track.
      if (imported.connectionCache) info.connectionCache = imported.connectionCache;
      if (imported.cache?.kind === 'glide')
        info.cache = {
          kind: 'glide',
          serverAssisted: imported.cache.serverAssisted,
          property: undefined,
          create: value.site,
        };
      clients.set(id, info);
      continue;
    }
    const named = /^(setting|factory):(.*)$/.exec(value.origin);
    if (named) {
      const list = named[1] === 'factory' ? b.settings?.clientFactories : b.settings?.trackedClients;
      const setting = list?.find((s) => s.name === named[2]);
      if (setting) clients.set(id, fromSetting(id, value, setting, version));
      continue;
    }
    const info: ClientInfo = {
      value: id,
      client: value,
      tracking: [],
      cache: libraryCache(b, value, version),
    };
    info.invalidateEvents = emitsInvalidations(b, value);
    if (info.invalidateEvents) info.tracking.push(knownTracking('default', []));
    clients.set(id, info);
  }
  for (const read of b.reads) {
    const info = clients.get(read.client);
    if (!info) continue;
    for (const instance of readInstances(b, read)) {
      if (clientSubcommand(instance.words) !== 'TRACKING') continue;
      const state = parseTracking(instance.words.slice(2));
      if (state?.on) info.tracking.push({ ...state, read, report: instance.report });
    }
  }
  // A type-mapped view shares its client's connection, and so its tracking (turned on by hand or by the cache).
  for (const info of clients.values()) {
    const viewOf = /^(?:typed|cache-on|cache-off):(\d+)$/.exec(info.client.origin);
    const parent = viewOf ? clients.get(Number(viewOf[1])) : undefined;
    if (!parent) continue;
    info.tracking.push(...parent.tracking);
    info.connectionCache = parent.cache?.kind ?? parent.connectionCache;
    // node-redis 6.4 keeps nothing a type-mapped view reads: under OPTIN it sends no `CLIENT CACHING yes` for it,
    // under OPTOUT a `CLIENT CACHING no`, as for a read marked `cache: false`.
    if (!info.cache && parent.cache?.kind === 'node-redis')
      info.viewOfNodeRedis = { ...parent.cache, mark: false };
  }
  return clients;
}
