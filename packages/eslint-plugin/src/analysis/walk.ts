import type { TSESTree } from '@typescript-eslint/utils';

type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

/** Visits every node under `root` (depth first, parents before children) by the parser's visitor keys. */
export function forEachNode(
  root: TSESTree.Node,
  visitorKeys: VisitorKeys,
  visit: (node: TSESTree.Node, parent: TSESTree.Node | undefined) => void,
): void {
  const stack: Array<[TSESTree.Node, TSESTree.Node | undefined]> = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && 'type' in child) stack.push([child as TSESTree.Node, node]);
      }
    }
  }
}
