import type { TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder } from './flow/builder.js';
import { staticValue, unknownMembers } from './static-value.js';

/** What a constant options object says of one option: its value, nothing, or a value its module does not show. */
export type ConstantOption = { value: unknown } | 'absent' | 'unknown';

/**
 * One option of options read as constants (`createClient(config.redis)`, `new Redis(STATS_CONNECTION)` with the
 * object exported by a config module): `unknown` also when the argument is no constant object.
 */
export function constantOption(b: FlowBuilder, argument: TSESTree.Node, name: string): ConstantOption {
  const options = staticValue(argument, b.sourceCode.getScope(argument))?.value;
  if (typeof options !== 'object' || options === null) return 'unknown';
  if (name in options) return { value: (options as Record<string, unknown>)[name] };
  return unknownMembers(options).includes(name) ? 'unknown' : 'absent';
}
