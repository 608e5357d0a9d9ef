import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { Step, type CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { contents } from './stores.js';

const exportName = (path: string): string => path.replace(/^(default\.|module\.|React\.)+/, '');

/** `const [value, setValue] = useState(initial)`: component state outlives the render that sets it. */
function useState(b: FlowBuilder, site: CallSite): void {
  const engine = b.engine;
  const cell = b.value({ kind: 'store', site: site.node, library: 'react-state', cache: true });
  const setter = b.value({ kind: 'model', model: 'react', type: 'setter', site: site.node });
  const pair = b.value({ kind: 'object', site: site.node, shape: 'array' });
  engine.addValue(site.result, pair);
  engine.edge(contents(b, cell), engine.field(pair, '0'));
  if (site.args[0] !== undefined) engine.edge(site.args[0], contents(b, cell), Step.Store);
  engine.addValue(engine.field(pair, '1'), setter);
}

/** `useRef(initial)`: `ref.current` lives as long as the component. */
function useRef(b: FlowBuilder, site: CallSite): void {
  const ref = b.value({ kind: 'store', site: site.node, library: 'react-ref', cache: true });
  b.engine.addValue(site.result, ref);
  if (site.args[0] !== undefined) b.engine.edge(site.args[0], b.engine.field(ref, 'current'), Step.Store);
}

/** A state update: the new state, or what an updater function returns from the current one. */
function update(b: FlowBuilder, site: CallSite, state: number, base: number, place: string): void {
  const next = site.args[0];
  if (next === undefined) return;
  const engine = b.engine;
  const value = engine.node();
  engine.edge(next, value);
  const returned = engine.node();
  b.callCallback(site.node, next, [state], returned);
  engine.edge(returned, value);
  b.recordStore({ node: site.node, kind: 'content', base, value, place });
  return void engine.edge(value, state, Step.Store);
}

/** React: `useState`/`useReducer`/`useRef` and class components' `this.setState`. */
export const reactModel: FlowModel = {
  name: 'react',
  modules: ['react', 'preact/hooks', 'preact/compat'],
  callImport(b, site, imported) {
    const name = exportName(imported.path);
    if (name === 'useState' || name === 'useReducer') {
      useState(b, site);
      return true;
    }
    if (name === 'useRef') {
      useRef(b, site);
      return true;
    }
    return false;
  },
  callMethod(b, site, receiver, _f, name) {
    const described = b.describe(receiver);
    if (name !== 'setState' || described.kind !== 'instance' || !described.cls.superClass) return false;
    const own = described.cls.body.body.some(
      (element) =>
        element.type === AST_NODE_TYPES.MethodDefinition &&
        element.key.type === AST_NODE_TYPES.Identifier &&
        element.key.name === 'setState',
    );
    if (own) return false;
    const state = b.engine.field(receiver, 'state');
    const text = site.node.type === AST_NODE_TYPES.CallExpression ? b.text(site.node.callee) : 'setState';
    update(b, site, state, b.constant(receiver), `the component state (\`${text}\`)`);
    return true;
  },
  callModelValue(b, site, value) {
    const described = b.describe(value);
    if (described.kind !== 'model' || described.model !== 'react' || described.type !== 'setter')
      return false;
    const cell = b.value({ kind: 'store', site: described.site, library: 'react-state', cache: true });
    // The setter's name where `useState` is destructured: `const [sample, setSample] = useState()`.
    const declarator = described.site.parent;
    const setter =
      declarator?.type === AST_NODE_TYPES.VariableDeclarator &&
      declarator.id.type === AST_NODE_TYPES.ArrayPattern
        ? declarator.id.elements[1]
        : undefined;
    const name = setter?.type === AST_NODE_TYPES.Identifier ? setter.name : 'its setter';
    update(b, site, contents(b, cell), b.constant(cell), `React state (\`${name}\`)`);
    return true;
  },
};
