import { type FunctionNode, isFunctionNode } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import type { CallSite } from '../flow/engine.js';
import { markerRead, type ParameterOrigin } from './parameter-reads.js';
import { putInArgumentStore, type StoredArgument } from './parameter-stores.js';

/**
 * Loaders written in callback style: `rememberCb(store, key, (done) => redis.keys('q:*', done), cb)` whose helper
 * does `load((err, value) => store.set(key, value))`. In a summary, the continuation the helper gives its loader
 * argument is called with a marker at each position, so a store site that keeps one says which position of which
 * loader's continuation it keeps; at each call, the caller's loader is given a continuation that puts that
 * position in the caller's store.
 */

/** Positions a continuation is followed at: `(value)`, `(err, value)`, `(err, value, extra)`. */
const POSITIONS = 3;

export interface ContinuationMarker {
  fn: FunctionNode;
  index: number;
  position: number;
}

const markersByBuilder = new WeakMap<FlowBuilder, Map<string, { label: number; node: number }>>();
const byLabel = new WeakMap<FlowBuilder, Map<number, ContinuationMarker>>();

/** In a summary: a call of the parameter `origin` with `site.args`; each function among them gets markers. */
export function callContinuations(b: FlowBuilder, site: CallSite, origin: ParameterOrigin): void {
  // A continuation is a function's own parameter (an implicit constructor's arguments are the base's).
  if (origin.path.length > 0 || site.args.length === 0 || !isFunctionNode(origin.fn)) return;
  const fn = origin.fn;
  let markers = markersByBuilder.get(b);
  if (!markers) markersByBuilder.set(b, (markers = new Map()));
  let labels = byLabel.get(b);
  if (!labels) byLabel.set(b, (labels = new Map()));
  const args: number[] = [];
  for (let position = 0; position < POSITIONS; position++) {
    const key = `${fn.range[0]}:${origin.index}:${position}`;
    let marker = markers.get(key);
    if (!marker) {
      const node = b.engine.node();
      const label = markerRead(b, fn, origin.index, true, node, `continuation:${position}`);
      marker = { label, node };
      markers.set(key, marker);
      labels.set(label, { fn, index: origin.index, position });
    }
    args.push(marker.node);
  }
  for (const argument of site.args) b.callCallback(site.node, argument, args);
}

/** The continuation markers of `fn`'s loader parameters, with their labels. */
export function continuationMarkers(
  b: FlowBuilder,
  fn: FunctionNode,
): Array<ContinuationMarker & { label: number }> {
  return [...(byLabel.get(b) ?? [])]
    .filter(([, marker]) => marker.fn === fn)
    .map(([label, marker]) => ({ ...marker, label }));
}

/** The continuation position a marker label stands for, in `fn`. */
export function continuationOf(
  b: FlowBuilder,
  fn: FunctionNode,
  label: number,
): ContinuationMarker | undefined {
  const marker = byLabel.get(b)?.get(label);
  return marker?.fn === fn ? marker : undefined;
}

/** At a call: the caller's loader gets a continuation that puts what it is given at `continuation` in the store. */
export function giveContinuation(
  b: FlowBuilder,
  site: CallSite,
  into: StoredArgument & { continuation: number },
  loader: number,
  name: string,
): void {
  const continuation = b.value({
    kind: 'model',
    model: 'summary',
    type: `continuation:${into.value}:${into.continuation}:${into.store}`,
    site: site.node,
    data: { site, into, name },
  });
  b.callCallback(site.node, loader, [b.constant(continuation)]);
}

/**
 * At a call: the caller's loader gets a continuation whose argument at `position` the helper's module keeps
 * (`wrapCb(key, ttl, (done) => redis.pttl(k, done), cb)` filling the cache module's own `store`).
 */
export function giveKeptContinuation(
  b: FlowBuilder,
  site: CallSite,
  loader: number,
  position: number,
  keep: (value: number) => void,
): void {
  const continuation = b.value({
    kind: 'model',
    model: 'summary',
    type: `continuation-kept:${position}`,
    site: site.node,
    data: { position, keep },
  });
  b.callCallback(site.node, loader, [b.constant(continuation)]);
}

/** A call of such a continuation (`done(null, keys)`): the argument at its position goes in the caller's store. */
export function callContinuation(b: FlowBuilder, site: CallSite, value: number): boolean {
  const described = b.describe(value);
  if (described.kind !== 'model' || described.model !== 'summary') return false;
  if (described.type.startsWith('continuation-kept:')) {
    const { position, keep } = described.data as { position: number; keep: (value: number) => void };
    const argument = site.args[position];
    if (argument !== undefined) keep(argument);
    return true;
  }
  if (!described.type.startsWith('continuation:')) return false;
  const {
    site: outer,
    into,
    name,
  } = described.data as {
    site: CallSite;
    into: StoredArgument & { continuation: number };
    name: string;
  };
  const argument = site.args[into.continuation];
  if (argument !== undefined) putInArgumentStore(b, outer, into, argument, name);
  return true;
}
