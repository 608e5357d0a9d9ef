import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { isFunctionNode } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { Step, type CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { exportName } from './export-name.js';

/**
 * async.js (and neo-async, async-es) as replies flow through it in callback-era code: each function the library
 * calls gets a node-style callback (`next`), and what a task passes it (`next(null, reply)`, or `next` handed
 * straight to a read: `redis.pttl(key, next)`) reaches the final callback, or the promise async 3 returns
 * without one. Collection functions gather every iteration's value into the results (`mapLimit(keys, 10,
 * (key, next) => redis.pttl(key, next), (err, ttls) => ...)`); `parallel`/`series` the tasks' values;
 * `waterfall` hands each task's values to the next task's parameters and the last one's to the final callback.
 * https://caolan.github.io/async/v3/docs.html
 */
const libraries = ['async', 'neo-async', 'async-es'];

/** Collection functions whose results are the values the iteratee passes its callback: where the iteratee is. */
const collecting: Record<string, { iteratee: number; keyed: boolean }> = {
  map: { iteratee: 1, keyed: false },
  mapSeries: { iteratee: 1, keyed: false },
  mapLimit: { iteratee: 2, keyed: false },
  mapValues: { iteratee: 1, keyed: true },
  mapValuesSeries: { iteratee: 1, keyed: true },
  mapValuesLimit: { iteratee: 2, keyed: true },
  concat: { iteratee: 1, keyed: false },
  concatSeries: { iteratee: 1, keyed: false },
  concatLimit: { iteratee: 2, keyed: false },
};
/** Control-flow functions over a collection of tasks, each called with its callback alone: where the final callback is. */
const tasksFinal: Record<string, number> = { parallel: 1, series: 1, parallelLimit: 2, waterfall: 1 };

const names = [...Object.keys(collecting), ...Object.keys(tasksFinal)];
/** `require('async/mapLimit')`, `import waterfall from 'async/waterfall'`: one function per module. */
const modules = [...libraries, ...libraries.flatMap((library) => names.map((name) => `${library}/${name}`))];

/** A callback the library hands a task: what it is called with (after the error) is in its fields `0`, `1`, ... */
const callback = (b: FlowBuilder, site: CallSite, tag: string) =>
  b.value({ kind: 'model', model: 'async-js', type: `callback ${tag}`, site: site.node });

/** The results the final callback gets (and the promise resolves to), an array or object of `values`. */
function results(b: FlowBuilder, site: CallSite, values: number, final: number | undefined): void {
  const engine = b.engine;
  const list = b.value({ kind: 'object', site: site.node, shape: 'array' });
  engine.edge(values, engine.field(list, '*'), Step.Store);
  finish(b, site, final, [b.constant(list)]);
}

/** Calls the final callback (error first) with `values`, or, without one, resolves the call to the first. */
function finish(b: FlowBuilder, site: CallSite, final: number | undefined, values: number[]): void {
  if (final !== undefined) b.callCallback(site.node, final, [b.engine.node(), ...values]);
  else if (values[0] !== undefined) b.engine.edge(values[0], site.result);
}

function collect(b: FlowBuilder, site: CallSite, name: string): void {
  const { iteratee, keyed } = collecting[name]!;
  const fn = site.args[iteratee];
  if (fn === undefined) return;
  const next = callback(b, site, 'each');
  const items = b.loadAll(site.args[0] ?? b.engine.node());
  // `mapValues` iteratees take the key too: `(value, key, callback)`.
  const args = keyed ? [items, b.engine.node(), b.constant(next)] : [items, b.constant(next)];
  b.callCallback(site.node, fn, args);
  const values = b.engine.field(next, '0');
  results(b, site, name.startsWith('concat') ? b.loadAll(values) : values, site.args[iteratee + 1]);
}

function runTasks(b: FlowBuilder, site: CallSite, name: string): void {
  const engine = b.engine;
  const tasks = site.args[0];
  const final = site.args[tasksFinal[name]!];
  if (tasks === undefined) return;
  const node = site.node.type === AST_NODE_TYPES.CallExpression ? site.node.arguments[0] : undefined;
  if (name !== 'waterfall') {
    // Each task gets its own callback, and what it passes is the result under the task's key or index
    // (`{ keys: (cb) => redis.dbsize(cb), now: ... }` gives `results.keys`).
    const gathered = b.value({
      kind: 'object',
      site: site.node,
      shape: node?.type === AST_NODE_TYPES.ObjectExpression ? 'object' : 'array',
    });
    engine.listenValues(tasks, (collection) =>
      engine.onFields(collection, (field, task) => {
        const next = callback(b, site, `task ${field}`);
        b.callCallback(site.node, task, [b.constant(next)]);
        engine.edge(engine.field(next, '0'), engine.field(gathered, field), Step.Store);
      }),
    );
    finish(b, site, final, [b.constant(gathered)]);
    return;
  }
  // Task i's callback values are task i + 1's parameters (before its own callback); the last one's, the final's.
  const count = node?.type === AST_NODE_TYPES.ArrayExpression ? node.elements.length : 0;
  engine.listenValues(tasks, (array) =>
    engine.onFields(array, (index, element) => {
      const i = Number(index);
      if (!Number.isInteger(i)) return;
      const next = callback(b, site, `step ${i}`);
      const previous = i > 0 ? callback(b, site, `step ${i - 1}`) : undefined;
      engine.listenValues(element, (value) => {
        const described = b.describe(value);
        const arity = described.kind === 'function' ? described.fn.params.length : 1;
        const args = Array.from({ length: Math.max(0, arity - 1) }, (_, k) =>
          previous === undefined ? engine.node() : engine.field(previous, String(k)),
        );
        b.callCallback(site.node, element, [...args, b.constant(next)]);
      });
      if (i === count - 1)
        finish(
          b,
          site,
          final,
          [0, 1, 2, 3].map((k) => engine.field(next, String(k))),
        );
    }),
  );
}

/**
 * The functions a call hands the library (tasks, iteratee, final callback) run within that call's work: an
 * object a request handler makes and fills in the final callback (`view.ttl = results.ttl`) dies with the request.
 */
function runOnce(b: FlowBuilder, site: CallSite): void {
  if (site.node.type !== AST_NODE_TYPES.CallExpression) return;
  for (const argument of site.node.arguments) {
    const written =
      argument.type === AST_NODE_TYPES.ArrayExpression
        ? argument.elements
        : argument.type === AST_NODE_TYPES.ObjectExpression
          ? argument.properties.map((p) => (p.type === AST_NODE_TYPES.Property ? p.value : null))
          : [argument];
    for (const fn of written) if (fn && isFunctionNode(fn)) b.oneShot.add(fn);
  }
}

export const asyncJsModel: FlowModel = {
  name: 'async-js',
  modules,
  callImport(b, site, imported) {
    const name = exportName(imported.path) || imported.module.slice(imported.module.indexOf('/') + 1);
    if (name in collecting) collect(b, site, name);
    else if (name in tasksFinal) runTasks(b, site, name);
    else return false;
    runOnce(b, site);
    return true;
  },
  callModelValue(b, site, value) {
    const described = b.describe(value);
    if (described.kind !== 'model' || described.model !== 'async-js') return false;
    // `next(err, a, b)`: the values after the error.
    site.args.slice(1).forEach((arg, k) => b.engine.edge(arg, b.engine.field(value, String(k))));
    return true;
  },
};
