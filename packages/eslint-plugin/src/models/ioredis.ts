import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, propertyOf } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import { tagOfFact } from '../analysis/flow/facts.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { createRead } from '../analysis/flow/reads.js';
import type { Value } from '../analysis/flow/values.js';
import { commandOfMethod } from '../clients/command-names.js';
import { clientCommand, isRawMethod, reportNode } from './client-reads.js';
import { clusterNodeCall } from './cluster-nodes.js';
import { recordListener, staticString } from './listen.js';
import { execResult, newPipeline, queuedMethod } from './pipelines.js';
import { exportName } from './export-name.js';

const subscribeMethods = new Set(['subscribe', 'psubscribe', 'ssubscribe']);

function client(
  b: FlowBuilder,
  site: CallSite,
  cluster: boolean,
  module: string | undefined,
  copyOf?: number,
): void {
  b.engine.addValue(
    site.result,
    b.value({
      kind: 'client',
      site: site.node,
      library: 'ioredis',
      cluster,
      origin: 'constructed',
      ...(module ? { module } : {}),
      ...(copyOf !== undefined ? { copyOf } : {}),
    }),
  );
}

/** `new Command('client', ['tracking', 'on'])` sent with `sendCommand`: the read is made where it is sent. */
function sendCommandObjects(b: FlowBuilder, site: CallSite, clientValue: number, tag: number): void {
  const argument = site.args[0];
  if (argument === undefined) return;
  b.engine.listenValues(argument, (value) => {
    const described = b.describe(value);
    if (described.kind !== 'model' || described.model !== 'ioredis' || described.type !== 'command') return;
    const construction = described.site as TSESTree.NewExpression;
    const [name, args] = construction.arguments;
    if (!name) return;
    const read = createRead(b, site, clientValue, tag, {
      style: 'command-object',
      method: 'sendcommand',
      name,
      args,
    });
    b.engine.addValue(b.engine.field(value, 'promise'), read.label, tag);
  });
}

/** `defineCommand('name', { numberOfKeys, lua })`: later calls of `client.name(...)` run EVAL of that script. */
function defineCommand(b: FlowBuilder, call: TSESTree.Node): void {
  if (call.type !== AST_NODE_TYPES.CallExpression) return;
  const name = staticString(b, call.arguments[0]);
  let options: TSESTree.Node | undefined = call.arguments[1];
  if (options?.type === AST_NODE_TYPES.Identifier) {
    const init = b.scopes.variableOf(options)?.defs[0]?.node;
    options = init?.type === AST_NODE_TYPES.VariableDeclarator ? (init.init ?? undefined) : undefined;
  }
  if (name === undefined || options?.type !== AST_NODE_TYPES.ObjectExpression) return;
  const property = (key: string) => propertyOf(options, key)?.value;
  const lua = property('lua');
  if (lua) b.scriptCommands.set(name, { lua, numberOfKeys: property('numberOfKeys') });
}

/** `pipeline([['get', key], ['pttl', key]])`: one read per command of the array. */
function pipelineArray(
  b: FlowBuilder,
  site: CallSite,
  pipeline: number,
  clientValue: number,
  tag: number,
): void {
  const call = site.node;
  if (call.type !== AST_NODE_TYPES.CallExpression) return;
  const list = call.arguments[0];
  if (list?.type !== AST_NODE_TYPES.ArrayExpression) return;
  const exec = execResult(b, pipeline)!;
  list.elements.forEach((element, index) => {
    if (element?.type !== AST_NODE_TYPES.ArrayExpression) return;
    const into = b.engine.node();
    const read = createRead(
      b,
      site,
      clientValue,
      tag,
      {
        style: 'raw',
        method: 'pipeline',
        args: element.elements.filter(
          (e): e is TSESTree.Expression => !!e && e.type !== AST_NODE_TYPES.SpreadElement,
        ),
        spread: true,
      },
      { report: element, into, pipeline },
    );
    const pair = b.value({ kind: 'object', site: element, shape: 'pair' });
    b.engine.addValue(b.engine.field(exec, String(index)), pair);
    b.engine.addValue(b.engine.field(pair, '1'), read.label);
  });
}

function clientMethod(
  b: FlowBuilder,
  site: CallSite,
  value: number,
  described: Extract<Value, { kind: 'client' }>,
  tag: number,
  name: string,
): boolean {
  if (clusterNodeCall(b, site, value, described, name)) return true;
  if (recordListener(b, site, name)) return true;
  switch (name) {
    case 'duplicate':
      client(b, site, described.cluster, described.module, value);
      return true;
    case 'pipeline':
    case 'multi': {
      const pipeline = newPipeline(b, site, value, name === 'multi', tag);
      pipelineArray(b, site, pipeline, value, tag);
      return true;
    }
    case 'defineCommand':
      // Declared when the builder met the call (`declareMethod`).
      return true;
    case 'sendCommand':
      sendCommandObjects(b, site, value, tag);
      return true;
    default:
      break;
  }
  if (subscribeMethods.has(name) && site.node.type === AST_NODE_TYPES.CallExpression) {
    const call = site.node;
    const last = call.arguments[call.arguments.length - 1];
    const callback = last && isFunctionNode(last) ? last : undefined;
    if (!b.subscriptionSites.some((s) => s.call === call && s.client === value)) {
      b.subscriptionSites.push({
        call,
        client: value,
        method: name,
        channels: callback ? call.arguments.slice(0, -1) : call.arguments,
        callback,
      });
    }
    return true;
  }
  clientCommand(b, site, value, tag, name, { callbacks: true });
  return true;
}

/** ioredis pipelines and MULTI: `exec(callback)` too, and every reply as an `[error, reply]` pair. */
const ioredisPipelines = { isExec: (name: string) => name === 'exec', callbacks: true, pairs: true };

/**
 * ioredis and iovalkey (a fork with the same API): clients, clusters, pipelines, Command objects, callbacks.
 * Clients named only in settings are read with it too: its method names are every client's.
 */
export const ioredisModel: FlowModel = {
  name: 'ioredis',
  modules: ['ioredis', 'iovalkey'],
  declareMethod(b, call, name) {
    // The script's name is known from the call alone: the methods it declares exist only on clients anyway.
    if (name === 'defineCommand') defineCommand(b, call);
  },
  callImport(b, site, imported, isNew) {
    const name = exportName(imported.path);
    if (name === '' || name === 'Redis' || name === 'Valkey') {
      client(b, site, false, imported.module);
      return true;
    }
    if (name === 'Cluster' || name.endsWith('.Cluster')) {
      client(b, site, true, imported.module);
      return true;
    }
    if ((name === 'Command' || name.endsWith('.Command')) && isNew) {
      b.engine.addValue(
        site.result,
        b.value({ kind: 'model', model: 'ioredis', type: 'command', site: site.node }),
      );
      return true;
    }
    return false;
  },
  callMethod(b, site, receiver, f, name) {
    const described = b.describe(receiver);
    const tag = tagOfFact(f);
    if (described.kind === 'client' && (described.library === 'ioredis' || described.library === 'unknown'))
      return clientMethod(b, site, receiver, described, tag, name);
    if (described.kind === 'pipeline' && described.client !== undefined) {
      const owner = b.describe(described.client);
      if (owner.kind === 'client' && (owner.library === 'ioredis' || owner.library === 'unknown'))
        return queuedMethod(b, site, receiver, tag, name, ioredisPipelines);
    }
    return false;
  },
  loadProperty(b, value, name, target, member) {
    const described = b.describe(value);
    if (described.kind !== 'client' || (described.library !== 'ioredis' && described.library !== 'unknown'))
      return false;
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
    if (owner.kind !== 'client' || (owner.library !== 'ioredis' && owner.library !== 'unknown')) return false;
    clientCommand(b, site, described.receiver, 0, described.name, { callbacks: true });
    return true;
  },
};

export { reportNode };
