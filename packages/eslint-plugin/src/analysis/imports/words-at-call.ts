import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder } from '../flow/builder.js';
import { argumentFor, memberPath } from '../instantiate.js';
import { type ArgItem, EACH_ELEMENT, isKnown } from '../static-args.js';
import type { SummaryWord } from './parameter-reads.js';
import type { ConstructedWith } from './summary.js';

/** `CLIENT TRACKING ...` with every word known but the REDIRECT id (any connection's id will do). */
export const showsTracking = (words: readonly ArgItem[]): boolean =>
  words.every((word, i) => {
    const before = words[i - 1];
    return isKnown(word) || (before !== undefined && isKnown(before) && before.toUpperCase() === 'REDIRECT');
  });

const argumentsOf = (call: TSESTree.Node | undefined): readonly TSESTree.Node[] =>
  call?.type === AST_NODE_TYPES.CallExpression || call?.type === AST_NODE_TYPES.NewExpression
    ? call.arguments
    : [];

/**
 * The arguments an instance was constructed with, where the caller's module shows them: those of its `new`, or
 * of the factory call that made it (`NearCache.create(client, prefixes)`), in the constructor's order.
 */
export interface MadeWith {
  node: TSESTree.Node;
  args: ReadonlyArray<TSESTree.Node | undefined>;
  /** A constructor argument the factory built as an object of its arguments: the call's argument per member. */
  members?: ReadonlyArray<Readonly<Record<string, TSESTree.Node | undefined>> | undefined>;
}

export function madeWith(
  node: TSESTree.Node | undefined,
  constructedWith?: ConstructedWith,
): MadeWith | undefined {
  if (node?.type === AST_NODE_TYPES.NewExpression) return { node, args: node.arguments };
  if (node?.type !== AST_NODE_TYPES.CallExpression || !constructedWith) return undefined;
  const argument = (index: number) => node.arguments[index];
  return {
    node,
    args: constructedWith.map((index) => (typeof index === 'number' ? argument(index) : undefined)),
    members: constructedWith.map((index) =>
      index !== null && typeof index === 'object'
        ? Object.fromEntries(Object.entries(index).map(([name, at]) => [name, argument(at)]))
        : undefined,
    ),
  };
}

/** A constructor word's argument and the path below it, through a member the factory built (`{ prefixes }`). */
function throughMembers(
  made: MadeWith,
  index: number,
  path: readonly string[],
): { args: ReadonlyArray<TSESTree.Node | undefined>; index: number; path: string[] } {
  const members = made.members?.[index];
  const [first, ...rest] = path;
  if (!members || first === undefined || !(first in members))
    return { args: made.args, index, path: [...path] };
  return { args: [members[first]], index: 0, path: rest };
}

/**
 * The words a summarized read sends at this call: the caller's arguments for the function's parameters, and for
 * a method's words from its constructor, the arguments of the `new` that made the instance (`made`).
 */
export function wordsAt(
  b: FlowBuilder,
  call: TSESTree.Node,
  words: readonly SummaryWord[],
  made?: MadeWith,
): ArgItem[] {
  return words.flatMap((word): ArgItem[] => {
    if (typeof word === 'string') return [word];
    const { parameter, rest, property, path, fallback, template, constructorArgument, ...item } = word;
    const at = constructorArgument ? made : { node: call, args: argumentsOf(call) };
    const full = memberPath({ path, property });
    const placed =
      at && parameter !== undefined && constructorArgument && made
        ? throughMembers(made, parameter, full)
        : { args: at?.args ?? [], index: parameter ?? 0, path: full };
    const passed =
      parameter === undefined || at === undefined
        ? undefined
        : argumentFor(
            { index: placed.index, rest: rest ?? false, path: placed.path, fallback, template },
            placed.args as readonly TSESTree.Node[],
            b.sourceCode.getScope(at.node),
            b.sourceCode,
          );
    // One push per element of the array the caller passes (`{ prefixes: ['order:', 'cart:'] }`), unrolled.
    if ('each' in item && item.each) {
      const each = item.each;
      // Not shown here (`enableNearCache(this.client, this.options)`): the argument, for a summary of this
      // module to follow to its own caller.
      const argument = at && parameter !== undefined && !rest ? placed.args[placed.index] : undefined;
      if (!passed?.every(isKnown))
        return [
          {
            unknownRest: true,
            text: item.text,
            ...(argument
              ? { source: argument, each, ...(placed.path[0] ? { member: placed.path[0] } : {}) }
              : {}),
          },
        ];
      return passed.flatMap((element) => each.map((w) => (w === EACH_ELEMENT ? element : w)));
    }
    return passed ?? [item as ArgItem];
  });
}
