import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { listenMethods, staticString } from './listen.js';
import { exportName } from './export-name.js';

/**
 * Job queues whose worker hands what a job's processor returns (or passes its `done` callback) to its
 * `completed` listeners, as `(job, result)`: BullMQ's `new Worker(name, processor)`, Bull's and bee-queue's
 * `queue.process(processor)` (bee-queue names the event `succeeded`, and `job succeeded` across processes). A
 * listener that keeps `result` keeps the reply the processor returned (`worker.on('completed', (job, ttl) =>
 * latest.set(job.id, ttl))`), as if the processor had kept it itself.
 */
const queueMakers: Record<string, readonly string[]> = {
  bullmq: ['Worker'],
  bull: ['', 'default'],
  'bee-queue': ['', 'default'],
};

/** The events whose listeners get a job's result as their second argument. */
const COMPLETED = new Set(['completed', 'global:completed', 'succeeded', 'job succeeded']);

const resultNodes = new WeakMap<FlowBuilder, Map<number, number>>();

/**
 * Where a worker's job results go on their way to its `completed` listeners: a node of its own, not a field
 * of the worker, since a worker keeps no result (an exported worker is no cache of them).
 */
function resultOf(b: FlowBuilder, worker: number): number {
  let nodes = resultNodes.get(b);
  if (!nodes) resultNodes.set(b, (nodes = new Map()));
  let node = nodes.get(worker);
  if (node === undefined) nodes.set(worker, (node = b.engine.node()));
  return node;
}

function makeWorker(b: FlowBuilder, site: CallSite): number {
  const worker = b.value({ kind: 'model', model: 'job-queues', type: 'worker', site: site.node });
  b.engine.addValue(site.result, worker);
  return worker;
}

/**
 * Runs the processor on a job the module does not show; what it returns, or passes its `done` callback
 * (`done(null, url)`), is the worker's `result`.
 */
function runProcessor(b: FlowBuilder, site: CallSite, worker: number, processor: number | undefined): void {
  if (processor === undefined) return;
  const returned = b.engine.node();
  const done = b.value({ kind: 'model', model: 'job-queues', type: 'done', site: site.node, data: worker });
  b.callCallback(site.node, processor, [b.engine.node(), b.constant(done)], returned);
  b.engine.edge(returned, resultOf(b, worker));
}

export const jobQueuesModel: FlowModel = {
  name: 'job-queues',
  modules: Object.keys(queueMakers),
  callImport(b, site, imported, isNew) {
    if (!queueMakers[imported.module]?.includes(exportName(imported.path))) return false;
    const worker = makeWorker(b, site);
    // BullMQ takes the processor when the worker is made (a file path instead runs it in a sandbox).
    if (imported.module === 'bullmq' && isNew) runProcessor(b, site, worker, site.args[1]);
    return true;
  },
  callMethod(b, site, receiver, _fact, name) {
    const described = b.describe(receiver);
    if (described.kind !== 'model' || described.model !== 'job-queues') return false;
    // Bull: `process([name,] [concurrency,] processor)`.
    if (name === 'process') {
      runProcessor(b, site, receiver, site.args[site.args.length - 1]);
      return true;
    }
    if (!(name in listenMethods) || site.node.type !== 'CallExpression') return false;
    b.engine.edge(receiver, site.result);
    const event = staticString(b, site.node.arguments[0]);
    const listener = site.args[1];
    if (event !== undefined && COMPLETED.has(event) && listener !== undefined)
      b.callCallback(site.node, listener, [b.engine.node(), resultOf(b, receiver)]);
    return true;
  },
  callModelValue(b, site, value) {
    const described = b.describe(value);
    if (described.kind !== 'model' || described.model !== 'job-queues' || described.type !== 'done')
      return false;
    const result = site.args[1];
    if (result !== undefined) b.engine.edge(result, resultOf(b, described.data as number));
    return true;
  },
};
