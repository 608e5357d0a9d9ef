import type { TSESTree } from '@typescript-eslint/utils';

type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

/**
 * Visits every node under `root` (depth first, parents before children) by the parser's visitor keys. The
 * parent is the node's own `parent` (ESLint sets it before rules run); no per-node allocation. A visit that
 * returns `false` skips the node's children.
 */
export function forEachNode(
  root: TSESTree.Node,
  visitorKeys: VisitorKeys,
  visit: (node: TSESTree.Node, parent: TSESTree.Node | undefined) => void | false,
): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node, node === root ? undefined : node.parent) === false) continue;
    const keys = visitorKeys[node.type];
    if (!keys) continue;
    for (let k = 0; k < keys.length; k++) {
      const value = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (!value || typeof value !== 'object') continue;
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i] as TSESTree.Node | null;
          if (child && typeof child.type === 'string') stack.push(child);
        }
      } else if (typeof (value as TSESTree.Node).type === 'string') {
        stack.push(value as TSESTree.Node);
      }
    }
  }
}
