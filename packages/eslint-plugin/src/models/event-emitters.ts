import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { exportName } from './export-name.js';
import { listenMethods, staticString } from './listen.js';

/**
 * Node's EventEmitter (`new EventEmitter()` of `events` or `node:events`): what `emit(event, ...args)` passes
 * reaches the listeners of that event as their arguments, so a listener that keeps one (`bus.on('sample', (s) =>
 * history.push(s))`) keeps the reply the emitting code read. Events are told apart by name where the module
 * shows it; an emit or a listener whose event it does not show meets every listener or emit.
 */
const emitterExports: Record<string, readonly string[]> = {
  events: ['', 'default', 'EventEmitter'],
  'node:events': ['', 'default', 'EventEmitter'],
};

/** Arguments passed on per emit: listeners rarely take more. */
const MAX_ARGUMENTS = 4;
/** The node holding argument `index` of the emits of `bucket`: an event's name, `?` (names not shown) or `*` (all). */
const emitted = (b: FlowBuilder, emitter: number, bucket: string, index: number) =>
  b.engine.field(emitter, `emit:${bucket}:${index}`);

/** A listener of `event` (undefined: not shown) gets the emits of its event and those whose event is not shown. */
function listen(b: FlowBuilder, site: CallSite, emitter: number, event: string | undefined): void {
  const listener = site.args[1];
  if (listener === undefined) return;
  const args = Array.from({ length: MAX_ARGUMENTS }, (_, i) => {
    const arg = b.engine.node();
    for (const bucket of event === undefined ? ['*'] : [event, '?'])
      b.engine.edge(emitted(b, emitter, bucket, i), arg);
    return arg;
  });
  b.callCallback(site.node, listener, args);
}

function emit(b: FlowBuilder, site: CallSite, emitter: number, event: string | undefined): void {
  site.args.slice(1, 1 + MAX_ARGUMENTS).forEach((arg, i) => {
    b.engine.edge(arg, emitted(b, emitter, event ?? '?', i));
    b.engine.edge(arg, emitted(b, emitter, '*', i));
  });
}

export const eventEmittersModel: FlowModel = {
  name: 'event-emitters',
  modules: Object.keys(emitterExports),
  callImport(b, site, imported, isNew) {
    if (!isNew || !emitterExports[imported.module]?.includes(exportName(imported.path))) return false;
    b.engine.addValue(
      site.result,
      b.value({ kind: 'model', model: 'event-emitters', type: 'emitter', site: site.node }),
    );
    return true;
  },
  callMethod(b, site, receiver, _fact, name) {
    const described = b.describe(receiver);
    if (described.kind !== 'model' || described.model !== 'event-emitters') return false;
    if (site.node.type !== 'CallExpression') return false;
    const event = staticString(b, site.node.arguments[0]);
    if (name in listenMethods) {
      b.engine.edge(receiver, site.result);
      listen(b, site, receiver, event);
      return true;
    }
    if (name === 'emit') {
      emit(b, site, receiver, event);
      return true;
    }
    return false;
  },
};
