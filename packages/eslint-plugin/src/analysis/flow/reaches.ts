import type { FlowBuilder } from './builder.js';

/** Past this many edges a search gives up and answers "yes", which keeps what it was asked about, as before. */
const MAX_STEPS = 20_000;

/**
 * Whether values at `from` can flow to `to`, or into an object held there (`{ seconds, at }`), two levels down;
 * not through `avoid` (a function's return, for what flows into the function's own stores only).
 */
export function flowsTo(b: FlowBuilder, from: number, to: number, avoid = -1): boolean {
  const targets = targetsOf(b, to);
  const seen = new Set<number>([from]);
  const stack = [from];
  let steps = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (targets.has(node)) return true;
    if (node === avoid) continue;
    for (const next of b.engine.successors(node)) {
      // Every edge looked at counts: a node a widened fact reaches may have thousands.
      if (++steps > MAX_STEPS) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return false;
}

const targetsByBuilder = new WeakMap<FlowBuilder, Map<number, Set<number>>>();

/** `to` and the fields of the objects held there, two levels down (once per node: many searches share a store). */
function targetsOf(b: FlowBuilder, to: number): Set<number> {
  let known = targetsByBuilder.get(b);
  if (!known) targetsByBuilder.set(b, (known = new Map()));
  let targets = known.get(to);
  if (targets) return targets;
  targets = new Set<number>([to]);
  let holders = new Set(b.engine.valuesAt(to));
  for (let depth = 0; depth < 2; depth++) {
    const next = new Set<number>();
    for (const value of holders)
      for (const field of b.engine.fieldsOf(value).values()) {
        if (targets.has(field)) continue;
        targets.add(field);
        for (const inner of b.engine.valuesAt(field)) next.add(inner);
      }
    holders = next;
  }
  known.set(to, targets);
  return targets;
}
