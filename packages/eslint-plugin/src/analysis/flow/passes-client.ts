import type { FlowBuilder } from './builder.js';

/** How far into an argument's fields a client is looked for: `{ redis }`, and `this.#ctx` holding `{ redis }`. */
const FIELD_DEPTH = 2;

/**
 * Whether a call of the module is given a client, as an argument or in one's fields (`eachKeyPage({ redis:
 * valkey }, 'price:*', onPage)`): the function it calls may read on it, so a module it imports that names no
 * client is worth reading.
 */
export function passesClient(b: FlowBuilder): boolean {
  const holds = (node: number, depth: number): boolean =>
    b.engine.valuesAt(node).some((value) => {
      if (b.describe(value).kind === 'client') return true;
      if (depth === 0) return false;
      for (const field of b.engine.fieldsOf(value).values()) if (holds(field, depth - 1)) return true;
      return false;
    });
  return b.engine.callSites.some(
    (site) => site !== undefined && !site.synthetic && site.args.some((arg) => holds(arg, FIELD_DEPTH)),
  );
}
