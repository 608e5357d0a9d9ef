import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeMethodName, calleeName, enclosingFunction, isFunctionNode } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import type { Value } from '../analysis/flow/values.js';
import { clientCommand } from './client-reads.js';
import type { Read } from '../analysis/flow/reads.js';

const creators = new Set(['pipeline', 'multi', 'MULTI', 'batch']);
/** valkey-glide's batches, made with `new` (`new Batch(false)`). */
export const batchClasses = new Set(['Batch', 'ClusterBatch', 'Transaction', 'ClusterTransaction']);
const isNewBatch = (node: TSESTree.Node) =>
  node.type === AST_NODE_TYPES.NewExpression && batchClasses.has(calleeName(node) ?? '');
const notQueued = new Set(['exec', 'execAsPipeline', 'exec_transaction', 'addCommand', 'on', 'once']);

/** The pipeline-creating call at the start of a chain of queued commands, and how many come before `call`. */
function chainPosition(call: TSESTree.CallExpression): { creator: TSESTree.Node; index: number } | undefined {
  let index = 0;
  let current: TSESTree.Node = call;
  for (;;) {
    if (
      current.type !== AST_NODE_TYPES.CallExpression ||
      current.callee.type !== AST_NODE_TYPES.MemberExpression
    )
      return undefined;
    const object: TSESTree.Node = current.callee.object;
    if (isNewBatch(object)) return { creator: object, index };
    if (object.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeMethodName(object);
      if (name !== undefined && creators.has(name)) return { creator: object, index };
      if (name === undefined || notQueued.has(name)) return undefined;
      index++;
      current = object;
      continue;
    }
    if (object.type === AST_NODE_TYPES.Identifier) return { creator: object, index };
    return undefined;
  }
}

/** Whether `node` runs exactly once each time `statement`'s block runs (no loop, branch or callback in between). */
function straightLine(node: TSESTree.Node, block: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== block; current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.SwitchCase:
      case AST_NODE_TYPES.TryStatement:
        return false;
      default:
        if (isFunctionNode(current)) return false;
    }
  }
  return true;
}

/**
 * How many commands a pipeline holds when a `const` is given it: none when it is new (`multi()`, `new
 * Batch(false)`), the chain's when the chain queued some (`multi().get(k)`); undefined when the module does not
 * show it.
 */
function queuedBefore(init: TSESTree.Node): number | undefined {
  if (isNewBatch(init)) return 0;
  if (init.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const name = calleeMethodName(init);
  if (name === undefined) return undefined;
  if (creators.has(name)) return 0;
  const chained = chainPosition(init);
  return chained && chained.creator.type !== AST_NODE_TYPES.Identifier ? chained.index + 1 : undefined;
}

/**
 * Where a queued command's reply lands in the pipeline's `exec()` result: its position, when the module
 * shows it (a chain, or straight-line calls on a `const` holding the pipeline), else undefined.
 */
export function queuePosition(b: FlowBuilder, call: TSESTree.Node): number | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const position = chainPosition(call);
  if (!position) return undefined;
  if (position.creator.type !== AST_NODE_TYPES.Identifier) return position.index;
  const variable = b.scopes.variableOf(position.creator);
  const declarator = variable?.defs[0]?.node;
  if (!variable || declarator?.type !== AST_NODE_TYPES.VariableDeclarator || !declarator.init)
    return undefined;
  if (variable.references.some((r) => r.isWrite() && r.identifier !== declarator.id)) return undefined;
  let init: TSESTree.Node = declarator.init;
  while (init.type === AST_NODE_TYPES.AwaitExpression) init = init.argument;
  const base = queuedBefore(init);
  if (base === undefined) return undefined;
  const block = declarator.parent.parent;
  const owner = enclosingFunction(declarator);
  const queued = variable.references
    .map((r) => r.identifier.parent)
    .filter(
      (parent): parent is TSESTree.MemberExpression =>
        parent?.type === AST_NODE_TYPES.MemberExpression &&
        parent.parent?.type === AST_NODE_TYPES.CallExpression &&
        parent.parent.callee === parent &&
        !notQueued.has(b.memberName(parent) ?? 'exec'),
    )
    .sort((x, y) => x.range[0] - y.range[0]);
  let index = base;
  for (const member of queued) {
    if (enclosingFunction(member) !== owner || !straightLine(member, block)) return undefined;
    // `p.get(a).ttl(b)` queues two: walk the chain that starts at this reference.
    let current: TSESTree.Node = member.parent!;
    for (;;) {
      if (current === call) return index;
      index++;
      const parent: TSESTree.Node | undefined = current.parent;
      if (
        parent?.type === AST_NODE_TYPES.MemberExpression &&
        parent.object === current &&
        parent.parent?.type === AST_NODE_TYPES.CallExpression &&
        parent.parent.callee === parent &&
        !notQueued.has(b.memberName(parent) ?? 'exec')
      ) {
        current = parent.parent;
        continue;
      }
      break;
    }
  }
  return undefined;
}

/**
 * Puts a queued read's reply into its pipeline's exec result: `[[error, reply], ...]` for ioredis/iovalkey,
 * `[reply, ...]` for node-redis MULTI and glide batches.
 */
export function queueReply(b: FlowBuilder, read: Read, pipeline: number, pairs: boolean): void {
  const described = b.describe(pipeline);
  if (described.kind !== 'pipeline') return;
  const exec = b.value({ kind: 'object', site: described.site, shape: 'exec' });
  const index = queuePosition(b, read.site.node);
  const slot = b.engine.field(exec, index === undefined ? '*' : String(index));
  if (!pairs) {
    b.engine.addValue(slot, read.label);
    return;
  }
  const pair = b.value({ kind: 'object', site: read.report, shape: 'pair' });
  b.engine.addValue(slot, pair);
  b.engine.addValue(b.engine.field(pair, '1'), read.label);
}

/** The value `exec()` of a pipeline resolves to. */
export const execResult = (b: FlowBuilder, pipeline: number): number | undefined => {
  const described = b.describe(pipeline);
  return described.kind === 'pipeline'
    ? b.value({ kind: 'object', site: described.site, shape: 'exec' })
    : undefined;
};

/** A pipeline (or MULTI) of `client` that `site` makes, as its result. */
export function newPipeline(
  b: FlowBuilder,
  site: CallSite,
  client: number,
  transaction: boolean,
  tag: number,
): number {
  const pipeline = b.value({ kind: 'pipeline', site: site.node, client, transaction });
  b.engine.addValue(site.result, pipeline, tag);
  return pipeline;
}

/**
 * How a library's pipelines answer: which method runs them, whether queued commands take a callback, and
 * whether `exec()` gives `[error, reply]` pairs (ioredis), bare replies (node-redis, glide) or, where the library
 * is not known, both. `onParameter`: the client is one the summarized function's caller passes.
 */
export interface PipelineLibrary {
  isExec: (name: string) => boolean;
  callbacks: boolean;
  pairs: boolean | 'both';
  onParameter?: boolean;
}

/**
 * A method called on a pipeline or MULTI: `exec` resolves to the replies (and hands them to a callback, as
 * ioredis and node-redis 4's legacy mode do); any other method queues its command on the pipeline's client and
 * returns the pipeline, for chaining.
 */
export function queuedMethod(
  b: FlowBuilder,
  site: CallSite,
  pipeline: number,
  tag: number,
  name: string,
  library: PipelineLibrary,
): boolean {
  if (library.isExec(name)) {
    b.engine.addValue(site.result, execResult(b, pipeline)!, tag);
    const callback = site.args[site.args.length - 1];
    if (callback !== undefined) b.callCallback(site.node, callback, [b.engine.node(), site.result]);
    return true;
  }
  b.engine.edge(site.receiver!, site.result);
  const described = b.describe(pipeline) as Extract<Value, { kind: 'pipeline' }>;
  if (described.client === undefined) return true;
  const read = clientCommand(b, site, described.client, tag, name, {
    callbacks: library.callbacks,
    pipeline,
    into: b.engine.node(),
    onParameter: library.onParameter,
  });
  if (!read) return true;
  if (library.pairs !== false) queueReply(b, read, pipeline, true);
  if (library.pairs !== true) queueReply(b, read, pipeline, false);
  return true;
}
