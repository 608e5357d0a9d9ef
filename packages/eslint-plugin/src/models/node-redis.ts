import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, propertyOf } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import { tagOfFact } from '../analysis/flow/facts.js';
import type { FlowModel } from '../analysis/flow/model.js';
import type { Value } from '../analysis/flow/values.js';
import { commandOfMethod } from '../clients/command-names.js';
import { clientCommand, isRawMethod } from './client-reads.js';
import { recordListener } from './listen.js';
import { newPipeline, queuedMethod } from './pipelines.js';
import { exportPath } from './export-name.js';
import { declareScripts } from './node-redis-scripts.js';

/** node-redis's factories (packages/redis/index.ts): every one takes `clientSideCache` (a pool in its second argument). */
const factories: Record<string, boolean> = {
  createClient: false,
  createClientPool: false,
  createSentinel: false,
  createCluster: true,
};
const cscClasses = new Set(['BasicClientSideCache', 'BasicPooledClientSideCache']);
const subscribeMethods = new Set([
  'subscribe',
  'SUBSCRIBE',
  'pSubscribe',
  'PSUBSCRIBE',
  'sSubscribe',
  'SSUBSCRIBE',
]);
/** Methods that hand back the same client (or a view of it sending on the same connection). */
const sameClient = new Set(['connect', 'withCommandOptions', 'legacy', 'withAbortSignal', 'asap']);

/** The options object written in place in `withCommandOptions({ ... })`. */
function commandOptions(site: CallSite): TSESTree.ObjectExpression | undefined {
  const call = site.node;
  const options = call.type === AST_NODE_TYPES.CallExpression ? call.arguments[0] : undefined;
  return options?.type === AST_NODE_TYPES.ObjectExpression ? options : undefined;
}

/** `withCommandOptions({ typeMapping: ... })`: options written in place that name a type mapping. */
function setsTypeMapping(site: CallSite): boolean {
  const options = commandOptions(site);
  return options !== undefined && propertyOf(options, 'typeMapping') !== undefined;
}

/** node-redis 6.4 `withCommandOptions({ cache: true })` or `{ cache: false }`: the view's mark, when a literal. */
function cacheMark(site: CallSite): boolean | undefined {
  const options = commandOptions(site);
  const value = options && propertyOf(options, 'cache')?.value;
  return value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'boolean' ? value.value : undefined;
}

function clientMethod(
  b: FlowBuilder,
  site: CallSite,
  value: number,
  described: Extract<Value, { kind: 'client' }>,
  tag: number,
  name: string,
): boolean {
  if (recordListener(b, site, name)) return true;
  // `withCommandOptions({ typeMapping })` is a type-mapped view, as `withTypeMapping(...)` is.
  const typed = name === 'withTypeMapping' || (name === 'withCommandOptions' && setsTypeMapping(site));
  const mark = name === 'withCommandOptions' && !typed ? cacheMark(site) : undefined;
  if (sameClient.has(name) && !typed && mark === undefined) {
    b.engine.addValue(site.result, value, tag);
    return true;
  }
  // `duplicate()` copies the client's options, the client-side cache among them; a view with a type mapping sends
  // on the same connection, but node-redis caches no call made with a non-default type mapping
  // (docs/clients.md): a client whose replies its cache never keeps.
  // A view marked for the cache (6.4) sends on the same connection; its cache keeps what the mark asks.
  const copyOrigin =
    name === 'duplicate'
      ? 'duplicate'
      : typed
        ? 'typed'
        : mark !== undefined
          ? `cache-${mark ? 'on' : 'off'}`
          : undefined;
  if (copyOrigin) {
    b.engine.addValue(
      site.result,
      b.value({
        kind: 'client',
        site: site.node,
        library: 'node-redis',
        cluster: described.cluster,
        // Which client it copies.
        origin: `${copyOrigin}:${value}`,
      }),
    );
    return true;
  }
  if (name === 'multi' || name === 'MULTI') {
    newPipeline(b, site, value, true, tag);
    return true;
  }
  if (name === 'executeIsolated' && site.args[0] !== undefined) {
    b.callCallback(site.node, site.args[0], [b.constant(value, tag)], site.result);
    return true;
  }
  if (subscribeMethods.has(name) && site.node.type === AST_NODE_TYPES.CallExpression) {
    const call = site.node;
    const listener = call.arguments[1];
    if (!b.subscriptionSites.some((s) => s.call === call && s.client === value)) {
      b.subscriptionSites.push({
        call,
        client: value,
        method: name,
        channels: call.arguments.slice(0, 1),
        callback: listener && isFunctionNode(listener) ? listener : listener,
      });
    }
    return true;
  }
  clientCommand(b, site, value, tag, name, { callbacks: true });
  return true;
}

/** node-redis MULTI: replies as a plain array; node-redis 4's `legacyMode` also takes an `exec` callback. */
const nodeRedisMulti = {
  isExec: (name: string) => name === 'exec' || name === 'execAsPipeline' || name === 'EXEC',
  callbacks: false,
  pairs: false,
};

/** node-redis (`redis`, `@redis/client`) 4 to 6, and node_redis 3 (`send_command`, callbacks). */
export const nodeRedisModel: FlowModel = {
  name: 'node-redis',
  modules: ['redis', '@redis/client'],
  callImport(b, site, imported, isNew) {
    const name = exportPath(imported.path);
    if (name in factories) {
      if (site.node.type === AST_NODE_TYPES.CallExpression) declareScripts(b, site.node.arguments[0]);
      b.engine.addValue(
        site.result,
        b.value({
          kind: 'client',
          site: site.node,
          library: 'node-redis',
          cluster: factories[name]!,
          origin: 'constructed',
        }),
      );
      return true;
    }
    if (cscClasses.has(name) && isNew) {
      b.engine.addValue(
        site.result,
        b.value({ kind: 'model', model: 'node-redis', type: 'client-side-cache', site: site.node }),
      );
      return true;
    }
    return false;
  },
  callMethod(b, site, receiver, f, name) {
    const described = b.describe(receiver);
    const tag = tagOfFact(f);
    if (described.kind === 'client' && described.library === 'node-redis')
      return clientMethod(b, site, receiver, described, tag, name);
    if (described.kind === 'pipeline' && described.client !== undefined) {
      const owner = b.describe(described.client);
      if (owner.kind === 'client' && owner.library === 'node-redis')
        return queuedMethod(b, site, receiver, tag, name, nodeRedisMulti);
    }
    return false;
  },
  loadProperty(b, value, name, target, member) {
    const described = b.describe(value);
    if (described.kind !== 'client' || described.library !== 'node-redis') return false;
    const parent = member.parent;
    const called = parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === member;
    if (!called && (commandOfMethod(name) || isRawMethod(name))) {
      b.engine.addValue(target, b.value({ kind: 'method', receiver: value, name }));
    }
    return true;
  },
  callModelValue(b, site, value) {
    const described = b.describe(value);
    if (described.kind !== 'method') return false;
    const owner = b.describe(described.receiver);
    if (owner.kind !== 'client' || owner.library !== 'node-redis') return false;
    clientCommand(b, site, described.receiver, 0, described.name, { callbacks: true });
    return true;
  },
};
