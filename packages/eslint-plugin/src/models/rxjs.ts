import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { Step, type CallSite } from '../analysis/flow/engine.js';
import { isGlobalFunction } from '../analysis/flow/global-functions.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { exportName } from './export-name.js';
import { contents } from './stores.js';

/**
 * RxJS as values flow through it: an observable's `emits` node holds what it emits. Creation functions fill it
 * (`defer(() => redis.pttl(k))`, `from(promise)`, `of(x)`, a `Subject`'s `next`), `pipe` carries it through
 * each operator (`map` and the `switchMap` family call their function on it, `tap` too and passes it on),
 * `subscribe` hands it to the observer. `shareReplay` keeps what passes it for every later subscriber: an
 * observable piped through it and held in a field or a module variable is a cache. A `BehaviorSubject` or
 * `ReplaySubject` is a store (cache-libraries.ts); its contents are what it emits here.
 */
const modules = ['rxjs', 'rxjs/operators'];

/** Operators that call their function on each value and emit what it returns (or, for the *Map family, emits). */
const mapping = new Set(['map', 'switchMap', 'mergeMap', 'concatMap', 'exhaustMap', 'flatMap']);
/** Operators whose values are kept for later subscribers. */
const replaying = new Set(['shareReplay', 'publishReplay']);
/** Operators that emit what they do not receive: anything else passes its values on (filter, take, debounceTime). */
const sourcesOfOwn = new Set(['toArray', 'count', 'ignoreElements', 'pairwise', 'bufferCount', 'bufferTime']);
/** Creation functions that emit every value their observables emit (`combineLatest` and kin emit them in arrays). */
const combining = new Set([
  'merge',
  'concat',
  'race',
  'combineLatest',
  'forkJoin',
  'zip',
  'combineLatestWith',
]);

const observable = (b: FlowBuilder, site: CallSite) =>
  b.value({ kind: 'model', model: 'rxjs', type: 'observable', site: site.node });

/** The node holding what an observable (or an RxJS subject kept as a store) emits; undefined for other values. */
function emitsOf(b: FlowBuilder, value: number): number | undefined {
  const described = b.describe(value);
  if (described.kind === 'store' && described.library === 'rxjs') return contents(b, value);
  if (described.kind === 'model' && described.model === 'rxjs' && described.type === 'observable')
    return b.engine.field(value, 'emits');
  return undefined;
}

/** What the observables (or promises, or arrays of them) at `source` emit, into `target`. */
function emitInto(b: FlowBuilder, source: number, target: number): void {
  b.engine.edge(source, target);
  b.engine.listenValues(source, (value) => {
    const emits = emitsOf(b, value);
    if (emits !== undefined) b.engine.edge(emits, target);
  });
}

/** A new observable at this call, filled by `fill` with its emits node. */
function create(b: FlowBuilder, site: CallSite, fill: (emits: number) => void): void {
  const made = observable(b, site);
  b.engine.addValue(site.result, made);
  fill(b.engine.field(made, 'emits'));
}

function creation(b: FlowBuilder, site: CallSite, name: string, isNew: boolean): boolean {
  const engine = b.engine;
  const [first] = site.args;
  if (isNew && (name === 'Subject' || name === 'AsyncSubject')) {
    create(b, site, () => undefined);
    return true;
  }
  if (isNew && name === 'Observable') {
    // `new Observable((subscriber) => subscriber.next(value))`.
    create(b, site, (emits) => {
      const subscriber = b.value({ kind: 'model', model: 'rxjs', type: 'subscriber', site: site.node });
      engine.edge(engine.field(subscriber, 'emits'), emits);
      if (first !== undefined) b.callCallback(site.node, first, [b.constant(subscriber)]);
    });
    return true;
  }
  if (isNew) return false;
  switch (name) {
    case 'defer':
      create(b, site, (emits) => {
        if (first === undefined) return;
        const returned = engine.node();
        b.callCallback(site.node, first, [], returned);
        emitInto(b, returned, emits);
      });
      return true;
    case 'from':
      create(b, site, (emits) => {
        if (first === undefined) return;
        emitInto(b, first, emits);
        emitInto(b, b.loadAll(first), emits);
      });
      return true;
    case 'of':
      create(b, site, (emits) => site.args.forEach((arg) => engine.edge(arg, emits)));
      return true;
    case 'firstValueFrom':
    case 'lastValueFrom':
      if (first !== undefined) emitInto(b, first, site.result);
      return true;
    case 'interval':
    case 'timer':
    case 'EMPTY':
    case 'NEVER':
      create(b, site, () => undefined);
      return true;
  }
  if (combining.has(name)) {
    create(b, site, (emits) => {
      for (const arg of site.args) {
        emitInto(b, arg, emits);
        emitInto(b, b.loadAll(arg), emits);
      }
    });
    return true;
  }
  return false;
}

/** The data of a `map` given a function of the language (`map(Number)`), which derives what passes. */
const DERIVING_MAP = 'map(global)';

/** An operator: its name and function, applied where a `pipe` meets it. */
function operator(b: FlowBuilder, site: CallSite, name: string): void {
  // `map(Number)`: a function of the language still computes from what passes.
  const derives =
    name === 'map' &&
    site.node.type === AST_NODE_TYPES.CallExpression &&
    isGlobalFunction(b, site.node.arguments[0]);
  const data = derives ? DERIVING_MAP : name;
  const made = b.value({ kind: 'model', model: 'rxjs', type: 'operator', site: site.node, data });
  b.engine.addValue(site.result, made);
  if (site.args[0] !== undefined) b.engine.edge(site.args[0], b.engine.field(made, 'fn'));
}

/** An operator met in `pipe`: from the values at `input` to those at `output`; `piped` is the pipe's observable. */
function apply(
  b: FlowBuilder,
  site: CallSite,
  op: number,
  input: number,
  output: number,
  piped: number,
): void {
  const engine = b.engine;
  const described = b.describe(op);
  const name = described.kind === 'model' ? String(described.data) : '';
  const fn = engine.field(op, 'fn');
  if (name === DERIVING_MAP) return engine.edge(input, output, Step.Derive);
  if (mapping.has(name)) {
    const returned = engine.node();
    b.callCallback(site.node, fn, [input], returned);
    if (name === 'map') engine.edge(returned, output);
    else emitInto(b, returned, output);
    return;
  }
  if (name === 'tap') {
    b.callCallback(site.node, fn, [input]);
    b.callCallback(site.node, b.load(fn, 'next'), [input]);
  }
  if (sourcesOfOwn.has(name)) return;
  engine.edge(input, output);
  if (replaying.has(name)) keepForSubscribers(b, site, input, piped);
}

/** `shareReplay`: the piped observable keeps what passes it, as long as it is held. */
function keepForSubscribers(b: FlowBuilder, site: CallSite, input: number, piped: number): void {
  b.engine.edge(input, b.engine.field(piped, 'replayed'), Step.Store);
  b.recordStore({
    node: site.node,
    kind: 'content',
    base: b.constant(piped),
    value: input,
    place: `the replay (\`shareReplay\`) of ${holderOf(b, site)}`,
  });
}

/** What holds a piped observable (`this.snapshotTtl$`, `quotes$`), for the message. */
function holderOf(b: FlowBuilder, site: CallSite): string {
  const parent = site.node.parent;
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition) return `\`${b.text(parent.key)}\``;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator) return `\`${b.text(parent.id)}\``;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression) return `\`${b.text(parent.left)}\``;
  return 'an observable';
}

/** `source.pipe(op1, op2, ...)`: a new observable, each operator applied to what the one before emits. */
function pipe(b: FlowBuilder, site: CallSite, emits: number): void {
  const piped = observable(b, site);
  b.engine.addValue(site.result, piped);
  let input = emits;
  for (const arg of site.args) {
    const output = b.engine.node();
    const from = input;
    b.engine.listenValues(arg, (op) => {
      const described = b.describe(op);
      if (described.kind === 'model' && described.model === 'rxjs' && described.type === 'operator')
        apply(b, site, op, from, output, piped);
    });
    input = output;
  }
  b.engine.edge(input, b.engine.field(piped, 'emits'));
}

/** `subscribe(next)` or `subscribe({ next })`, and `forEach(next)`: the observer gets what the observable emits. */
function subscribe(b: FlowBuilder, site: CallSite, emits: number): void {
  const observer = site.args[0];
  if (observer === undefined) return;
  b.callCallback(site.node, observer, [emits]);
  b.callCallback(site.node, b.load(observer, 'next'), [emits]);
}

export const rxjsModel: FlowModel = {
  name: 'rxjs',
  modules,
  callImport(b, site, imported, isNew) {
    const name = exportName(imported.path);
    if (creation(b, site, name, isNew)) return true;
    if (isNew || !/^[a-z]/.test(name)) return false;
    operator(b, site, name);
    return true;
  },
  callMethod(b, site, receiver, _fact, name) {
    const described = b.describe(receiver);
    if (described.kind === 'model' && described.model === 'rxjs' && described.type === 'subscriber') {
      if (name === 'next' && site.args[0] !== undefined)
        b.engine.edge(site.args[0], b.engine.field(receiver, 'emits'));
      return true;
    }
    const emits = emitsOf(b, receiver);
    if (emits === undefined) return false;
    switch (name) {
      case 'pipe':
        pipe(b, site, emits);
        return true;
      case 'subscribe':
      case 'forEach':
        subscribe(b, site, emits);
        return true;
      case 'toPromise':
        b.engine.edge(emits, site.result);
        return true;
      case 'next':
        if (site.args[0] !== undefined) b.engine.edge(site.args[0], emits);
        return true;
      case 'asObservable':
        b.engine.addValue(site.result, receiver);
        return true;
    }
    return false;
  },
};
