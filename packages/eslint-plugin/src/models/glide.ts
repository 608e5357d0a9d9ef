import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import { tagOfFact } from '../analysis/flow/facts.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { createRead } from '../analysis/flow/reads.js';
import { clientCommand, reportNode } from './client-reads.js';
import { batchClasses, execResult, queueReply } from './pipelines.js';
import { exportPath } from './export-name.js';

const clientClasses: Record<string, boolean> = { GlideClient: false, GlideClusterClient: true };

/**
 * `invokeScript(script, { keys, args })` (`invokeScriptWithRoute` in a cluster): EVALSHA of the `new Script(lua)`
 * that reaches `script`, judged by what the script reads as `eval` is.
 */
function invokeScript(b: FlowBuilder, site: CallSite, client: number, tag: number, name: string): void {
  const script = site.args[0];
  if (script === undefined || site.node.type !== AST_NODE_TYPES.CallExpression) return;
  const options = site.node.arguments[1];
  b.engine.listenValues(script, (value) => {
    const described = b.describe(value);
    if (described.kind !== 'model' || described.model !== 'glide' || described.type !== 'script') return;
    // Made here: its argument; imported: the words its module summarized.
    const lua = Array.isArray(described.data)
      ? (described.data as string[])
      : (described.site as TSESTree.NewExpression).arguments[0];
    if (!lua) return;
    createRead(
      b,
      site,
      client,
      tag,
      { style: 'script-object', method: name.toLowerCase(), lua, options },
      { report: reportNode(site.node) },
    );
  });
}

interface BatchUse {
  queued: Array<{ site: CallSite; tag: number; name: string }>;
  clients: Array<{ client: number; tag: number }>;
}
const batchUses = new WeakMap<FlowBuilder, Map<number, BatchUse>>();

/**
 * A batch is made with no client: its queued commands are read on each client that executes it
 * (`client.exec(batch)`), whichever of the two the flow reaches first.
 */
function batchUse(b: FlowBuilder, batch: number): BatchUse {
  let uses = batchUses.get(b);
  if (!uses) batchUses.set(b, (uses = new Map()));
  let use = uses.get(batch);
  if (!use) uses.set(batch, (use = { queued: [], clients: [] }));
  return use;
}

function readQueued(
  b: FlowBuilder,
  batch: number,
  queued: BatchUse['queued'][number],
  client: BatchUse['clients'][number],
): void {
  const read = clientCommand(b, queued.site, client.client, client.tag, queued.name, {
    callbacks: false,
    pipeline: batch,
    into: b.engine.node(),
  });
  if (read) queueReply(b, read, batch, false);
}

function clientMethod(b: FlowBuilder, site: CallSite, value: number, tag: number, name: string): boolean {
  if (name === 'invokeScript' || name === 'invokeScriptWithRoute') {
    invokeScript(b, site, value, tag, name);
    return true;
  }
  if (name === 'exec' && site.args[0] !== undefined) {
    b.engine.listenValues(site.args[0], (batch) => {
      const exec = execResult(b, batch);
      if (exec === undefined) return;
      b.engine.addValue(site.result, exec, tag);
      const use = batchUse(b, batch);
      const client = { client: value, tag };
      use.clients.push(client);
      for (const queued of use.queued) readQueued(b, batch, queued, client);
    });
    return true;
  }
  clientCommand(b, site, value, tag, name, { callbacks: false });
  return true;
}

/** valkey-glide (`@valkey/valkey-glide` 2.x): clients made by `createClient`, `ClientSideCache`, batches. */
export const glideModel: FlowModel = {
  name: 'glide',
  modules: ['@valkey/valkey-glide'],
  callImport(b, site, imported, isNew) {
    const name = exportPath(imported.path);
    const [owner, method] = name.split('.');
    if (owner !== undefined && owner in clientClasses && method === 'createClient') {
      b.engine.addValue(
        site.result,
        b.value({
          kind: 'client',
          site: site.node,
          library: 'glide',
          cluster: clientClasses[owner]!,
          origin: 'constructed',
        }),
      );
      return true;
    }
    if ((name === 'ClientSideCache' && isNew) || name === 'ClientSideCache.create') {
      b.engine.addValue(
        site.result,
        b.value({ kind: 'model', model: 'glide', type: 'client-side-cache', site: site.node }),
      );
      return true;
    }
    if (name === 'Script' && isNew) {
      b.engine.addValue(
        site.result,
        b.value({ kind: 'model', model: 'glide', type: 'script', site: site.node }),
      );
      return true;
    }
    if (batchClasses.has(name) && isNew) {
      b.engine.addValue(
        site.result,
        b.value({
          kind: 'pipeline',
          site: site.node,
          client: undefined,
          transaction: name.includes('Transaction'),
        }),
      );
      return true;
    }
    return false;
  },
  callMethod(b, site, receiver, f, name) {
    const described = b.describe(receiver);
    if (described.kind === 'client' && described.library === 'glide')
      return clientMethod(b, site, receiver, tagOfFact(f), name);
    if (described.kind === 'pipeline' && described.client === undefined) {
      // A batch's methods queue and return the batch; its replies are read where the client executes it.
      b.engine.edge(site.receiver!, site.result);
      const use = batchUse(b, receiver);
      const queued = { site, tag: tagOfFact(f), name };
      use.queued.push(queued);
      for (const client of use.clients) readQueued(b, receiver, queued, client);
      return true;
    }
    return false;
  },
};
