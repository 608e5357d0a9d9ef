import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { argumentNode, type ParameterWord } from '../instantiate.js';
import { staticValue } from '../static-value.js';
import type { FlowBuilder } from '../flow/builder.js';
import { isKnown } from '../static-args.js';
import { parseTracking, type TrackingState } from '../../clients/tracking-arguments.js';
import type { TrackingOn } from '../client-states.js';
import type { SummaryWord } from './parameter-reads.js';
import type { ClientSummary } from './summary.js';
import { showsTracking, wordsAt } from './words-at-call.js';

/** Whether `short` is `long` without some words, each a parameter word (an `if (opts.mode) args.push(opts.mode)`). */
function lacksOnlyParameterWords(
  short: readonly SummaryWord[],
  long: readonly SummaryWord[],
): SummaryWord[] | undefined {
  const extra: SummaryWord[] = [];
  let i = 0;
  for (const word of long) {
    if (i < short.length && JSON.stringify(short[i]) === JSON.stringify(word)) i++;
    else if (typeof word !== 'string' && word.parameter !== undefined) extra.push(word);
    else return undefined;
  }
  return i === short.length && extra.length > 0 ? extra : undefined;
}

/**
 * The variants of a factory's tracking words this call can send: one that leaves out a word of the options
 * (`if (tracking.mode) args.push(tracking.mode)`) is not, when the call gives that word.
 */
function withoutSkippedBranches(
  b: FlowBuilder,
  site: TSESTree.Node,
  variants: readonly SummaryWord[][],
): SummaryWord[][] {
  return variants.filter(
    (short) =>
      !variants.some((long) => {
        const extra = lacksOnlyParameterWords(short, long);
        return extra?.every((word) => {
          const given = wordsAt(b, site, [word]);
          return given.length > 0 && given.every(isKnown);
        });
      }),
  );
}

/**
 * How a client another module made tracks: as its summary says, with the words a factory takes from its
 * parameters filled in from this call (`createRedis({ prefix: 'tag:' })`) when the call shows them all.
 */
/** Whether a call shows an option off: `false`, `null`, `0` or `''` given, or left out of its options object. */
function shownOff(b: FlowBuilder, site: TSESTree.Node, option: ParameterWord): boolean {
  if (site.type !== AST_NODE_TYPES.CallExpression) return false;
  const shown = argumentNode(option, site.arguments);
  if (shown === 'absent') return true;
  if (!shown) return false;
  const value = staticValue(shown, b.sourceCode.getScope(shown));
  return value !== null && !value.value;
}

export function importedTracking(b: FlowBuilder, imported: ClientSummary, site: TSESTree.Node): TrackingOn[] {
  const plain = (state: ClientSummary['tracking'][number]): TrackingOn => {
    const { atCall: _atCall, onlyWhen: _onlyWhen, ...rest } = state;
    return { ...rest, read: undefined, report: undefined };
  };
  // `createRedis({ tracking: false })`: the factory's `if (options.tracking)` sends nothing.
  const states = imported.tracking.filter((state) => !state.onlyWhen || !shownOff(b, site, state.onlyWhen));
  if (states.length === 0) return [];
  const shown = withoutSkippedBranches(b, site, imported.trackingAtCall ?? [])
    .map((words) => wordsAt(b, site, words))
    .filter((words) => showsTracking(words))
    .map((words) => parseTracking(words.slice(2)))
    .filter((state): state is TrackingState => state?.on === true);
  if (shown.length === 0) return states.map(plain);
  return [
    ...states.filter((state) => !state.atCall).map(plain),
    ...shown.map((state) => ({ ...state, read: undefined, report: undefined })),
  ];
}
