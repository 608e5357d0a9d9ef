import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, type FunctionNode } from './ast.js';
import { commandCall } from './command-call.js';
import type { ModuleAnalysis } from './module-analysis.js';
import { isKnown } from './static-args.js';
import { forEachNode } from './walk.js';
import type { TrackedClient } from './tracked-clients.js';

function isCachingYes(
  call: TSESTree.CallExpression,
  client: TrackedClient,
  analysis: ModuleAnalysis,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const command = commandCall(call, sourceCode);
  if (!command) return false;
  const words = command.words.slice(0, 3).map((w) => (isKnown(w) ? w.toUpperCase() : ''));
  if (words.join(' ') !== 'CLIENT CACHING YES') return false;
  const place = analysis.placeOf(command.receiver);
  return client.place === undefined || (place !== undefined && analysis.graph.same(place, client.place));
}

const contains = (outer: TSESTree.Node, inner: TSESTree.Node): boolean =>
  outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];

export type OptIn = 'opted-in' | 'missing' | 'raced';

/**
 * Whether `CLIENT CACHING yes` goes out on the client right before a read, in the same function, directly
 * or through a local helper. In OPTIN mode it applies to the *next* command the connection sends
 * (https://valkey.io/topics/client-side-caching/, "Opt-in caching"): an `await` between the two lets other
 * code send a command first, so the read may go unremembered (`raced`).
 */
export function cachingOptIn(
  read: TSESTree.CallExpression,
  client: TrackedClient,
  analysis: ModuleAnalysis,
  sourceCode: Readonly<TSESLint.SourceCode>,
): OptIn {
  const optIns = analysis.calls.filter((call) => isCachingYes(call, client, analysis, sourceCode));
  if (optIns.length === 0) return 'missing';
  const scope: FunctionNode | TSESTree.Program = enclosingFunction(read) ?? sourceCode.ast;
  const ownScope = (node: TSESTree.Node) => (enclosingFunction(node) ?? sourceCode.ast) === scope;
  const before = (call: TSESTree.Node) =>
    contains(scope, call) && call.range[1] <= read.range[0] && ownScope(call);
  const openers = analysis.calls.filter((call) => {
    if (!before(call) || call === read) return false;
    if (optIns.includes(call)) return true;
    const callee = analysis.placeOf(call.callee);
    return (
      callee !== undefined &&
      analysis.functionsAt(callee).some((fn) => optIns.some((optIn) => contains(fn, optIn)))
    );
  });
  if (openers.length === 0) return 'missing';
  const opener = openers.reduce((last, call) => (call.range[1] > last.range[1] ? call : last));
  let raced = false;
  forEachNode(scope, sourceCode.visitorKeys, (node) => {
    const suspends =
      node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.YieldExpression;
    if (suspends && ownScope(node) && node.range[1] > opener.range[0] && node.range[1] <= read.range[0])
      raced = true;
  });
  return raced ? 'raced' : 'opted-in';
}
