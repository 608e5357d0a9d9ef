import { basename } from 'node:path';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { Step, type CallSite } from '../analysis/flow/engine.js';
import type { FunctionSummary } from '../analysis/imports/summary.js';
import { contents } from './stores.js';

/** Where another module keeps what its function is given or reads, as a message names it. */
function keptPlace(kept: FunctionSummary['keptIn'], name: string): string {
  if (!kept) return `what \`${name}()\` keeps`;
  // A place another module already described (`memos` of client.js by `registerMemo()`) is named as it is.
  return kept.place.includes('`')
    ? `${kept.place}, through \`${name}()\` of ${basename(kept.file)} (line ${kept.line})`
    : `\`${kept.place}\` of ${basename(kept.file)} (line ${kept.line}) by \`${name}()\``;
}

/**
 * What a call of another module's function keeps there: a store that lives as long as that module (the
 * function's own cache, whoever calls it), a sink of this call. One an instance keeps in its own fields
 * (`this.cache`, `this.#memo`) lives as long as that instance: an instance made for one request keeps nothing
 * past it, one a module variable holds keeps it for the process.
 */
export function keepInImportedStore(
  b: FlowBuilder,
  site: CallSite,
  origin: CallSite['node'],
  value: number,
  kept: FunctionSummary['keptIn'],
  name: string,
  owner?: number,
): void {
  const described = owner === undefined ? undefined : b.describe(owner);
  const perInstance =
    kept?.place.startsWith('this.') === true &&
    described?.kind === 'model' &&
    described.model === 'imported' &&
    described.type === 'instance';
  const store = perInstance
    ? b.value({ kind: 'store', site: origin, library: 'imported-instance', cache: false })
    : b.value({ kind: 'store', site: origin, library: 'imported', cache: true });
  if (perInstance) b.engine.addValue(b.engine.field(owner!, '#kept'), store);
  b.engine.edge(value, contents(b, store), Step.Store);
  b.recordStore({
    node: site.node,
    kind: 'content',
    base: b.constant(store),
    value,
    place: keptPlace(kept, name),
  });
}
