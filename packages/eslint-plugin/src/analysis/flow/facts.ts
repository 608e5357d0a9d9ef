/**
 * A fact is "this node may hold this value", plus two call-site numbers the analysis needs to stay precise
 * across functions without analysing them once per caller:
 * - `tag`: the call site through which the value entered the function it is in now (0: it did not enter
 *   through a parameter). A value returned from a function goes back only to the call site it came from,
 *   so a helper called with a reply in one place and with a configuration value in another does not mix
 *   them up (the matching of calls and returns of CFL-reachability, with one call site of context).
 * - `via`: for replies only, the first call site through which the reply left the function that read it,
 *   to say in a message which call of a shared helper made it cached.
 * Packed in one number: value (20 bits), tag (16 bits), via (16 bits).
 */
const VALUE_SPAN = 2 ** 20;
const TAG_SPAN = 2 ** 16;

export const MAX_VALUES = VALUE_SPAN - 1;
export const MAX_CALL_SITES = TAG_SPAN - 1;

export const fact = (value: number, tag = 0, via = 0): number =>
  value + tag * VALUE_SPAN + via * VALUE_SPAN * TAG_SPAN;
export const valueOfFact = (f: number): number => f % VALUE_SPAN;
export const tagOfFact = (f: number): number => Math.floor(f / VALUE_SPAN) % TAG_SPAN;
export const viaOfFact = (f: number): number => Math.floor(f / (VALUE_SPAN * TAG_SPAN));
