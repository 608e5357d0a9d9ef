import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, importedName, staticPropertyName } from '../ast.js';
import type { FlowBuilder } from './builder.js';
import { decoratedMember } from '../registrations.js';
import { localsMemberName } from '../registration-sites.js';
import { addCallerApp } from '../../models/caller-app.js';
import { buildCall, buildNew } from './build-calls.js';
import { setupClass, setupFunction } from './build-functions.js';
import { Step } from './engine.js';
import { runAsAsync } from './async-runners.js';
import { packageEntry } from './values.js';

const comparisons = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=', 'in', 'instanceof']);

/** A node whose value is computed from `sources` (replies in them, and replies held inside objects in them). */
function derived(b: FlowBuilder, sources: readonly TSESTree.Node[]): number {
  const node = b.engine.node();
  for (const source of sources) b.engine.edge(b.valueOf(source), node, Step.Derive);
  return node;
}

function union(b: FlowBuilder, sources: readonly TSESTree.Node[]): number {
  const node = b.engine.node();
  for (const source of sources) b.engine.edge(b.valueOf(source), node);
  return node;
}

function objectLiteral(b: FlowBuilder, expression: TSESTree.ObjectExpression): number {
  const node = b.constant(b.value({ kind: 'object', site: expression, shape: 'object' }));
  expression.properties.forEach((property, index) => {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      // `{ ...ctx, cache: new Map() }`: a member written after the spread replaces the spread one.
      const after = new Set<string>();
      for (const later of expression.properties.slice(index + 1)) {
        const name =
          later.type === AST_NODE_TYPES.Property ? staticPropertyName(later.key, later.computed) : undefined;
        if (name !== undefined) after.add(name);
      }
      spreadInto(b, b.valueOf(property.argument), node, after);
      return;
    }
    const name = staticPropertyName(property.key, property.computed);
    b.store(node, name, b.valueOf(property.value));
    // `{ [code]: rank }`: the object holds the key too (a reply's members as keys, folded by `reduce`).
    if (property.computed && name === undefined) b.store(node, '*', b.valueOf(property.key));
    // A method of an object literal (`{ load() { this.ttl = ... } }`, a Vue options object's `methods`) is called
    // on that object: `this` is the object too, whoever else calls it.
    if (property.value.type === AST_NODE_TYPES.FunctionExpression)
      b.engine.edge(node, b.functionThis(property.value));
    if (
      name !== undefined &&
      SCHEMA_SECTIONS.has(name) &&
      property.value.type === AST_NODE_TYPES.ObjectExpression
    )
      schemaSection(b, node, name, property.value);
  });
  return node;
}

/**
 * Sections of a service or component schema whose functions a framework runs with `this` the whole instance
 * (Moleculer's `actions`, `methods` and `events`, Vue's `methods`, `computed` and `watch`): `this.redis` in
 * `actions.get.handler` is what `created()` put on the schema, and `methods` are the instance's own
 * (`this.loadPromo(id)`).
 */
const SCHEMA_SECTIONS = new Set(['actions', 'methods', 'events', 'computed', 'watch']);

function schemaSection(
  b: FlowBuilder,
  root: number,
  section: string,
  object: TSESTree.ObjectExpression,
): void {
  for (const member of object.properties) {
    if (member.type !== AST_NODE_TYPES.Property) continue;
    // `get: { params, async handler(ctx) { ... } }`: an action or event written as an object with its handler.
    const functions =
      member.value.type === AST_NODE_TYPES.ObjectExpression
        ? member.value.properties.flatMap((inner) =>
            inner.type === AST_NODE_TYPES.Property && inner.value.type === AST_NODE_TYPES.FunctionExpression
              ? [inner.value]
              : [],
          )
        : member.value.type === AST_NODE_TYPES.FunctionExpression
          ? [member.value]
          : [];
    for (const fn of functions) b.engine.edge(root, b.functionThis(fn));
    const name = staticPropertyName(member.key, member.computed);
    if (section === 'methods' && name !== undefined && functions.length > 0)
      b.store(root, name, b.valueOf(member.value));
  }
}

/** `{ ...source }`: every field of every object at `source`, and a reply as a whole. */
function spreadInto(
  b: FlowBuilder,
  source: number,
  target: number,
  replaced: ReadonlySet<string> = new Set(),
): void {
  const engine = b.engine;
  engine.listenValues(source, (value) => {
    const described = b.describe(value);
    if (described.kind === 'reply') {
      b.store(target, '*', source);
      return;
    }
    engine.onFields(value, (name, field) => {
      if (!replaced.has(name)) b.store(target, name, field);
    });
  });
}

function arrayLiteral(b: FlowBuilder, expression: TSESTree.ArrayExpression): number {
  const node = b.constant(b.value({ kind: 'object', site: expression, shape: 'array' }));
  let exact = true;
  expression.elements.forEach((element, index) => {
    if (!element) return;
    if (element.type === AST_NODE_TYPES.SpreadElement) {
      exact = false;
      b.store(node, '*', b.loadAll(b.valueOf(element.argument)));
      return;
    }
    b.store(node, exact ? String(index) : '*', b.valueOf(element));
  });
  return node;
}

function assignment(b: FlowBuilder, expression: TSESTree.AssignmentExpression): number {
  if (
    expression.operator === '=' ||
    expression.operator === '||=' ||
    expression.operator === '??=' ||
    expression.operator === '&&='
  ) {
    const source = b.valueOf(expression.right);
    b.bind(expression.left, source, expression);
    return source;
  }
  const source = derived(b, [expression.right]);
  if (
    expression.left.type === AST_NODE_TYPES.Identifier ||
    expression.left.type === AST_NODE_TYPES.MemberExpression
  ) {
    b.engine.edge(b.valueOf(expression.left), source, Step.Derive);
  }
  b.bind(expression.left, source, expression);
  return source;
}

function member(b: FlowBuilder, expression: TSESTree.MemberExpression): number {
  const base = b.valueOf(expression.object);
  const name = b.memberName(expression);
  const node = b.load(base, name, expression);
  addCallerApp(b, expression, name, node);
  decoratedMember(b, node, name === undefined ? name : localsMemberName(expression.object, name), expression);
  return withNamedClient(b, node, [name?.replace(/^#/, '')]);
}

/** The name an imported binding was exported under (`import { redis as r }` -> `redis`). */
function bindingImportedName(b: FlowBuilder, identifier: TSESTree.Identifier): string | undefined {
  const definition = b.scopes.variableOf(identifier)?.defs[0];
  return definition?.node.type === AST_NODE_TYPES.ImportSpecifier ? importedName(definition.node) : undefined;
}

/** A node that also holds the client settings name for this expression, when they name one. */
function withNamedClient(b: FlowBuilder, node: number, names: Array<string | undefined>): number {
  const client = b.settings ? b.namedClient(names, false) : undefined;
  if (client === undefined) return node;
  const named = b.engine.node();
  b.engine.edge(node, named);
  b.engine.addValue(named, client);
  return named;
}

/** The node of an expression's value, with the constraints that give it its facts. */
export function buildExpression(b: FlowBuilder, expression: TSESTree.Node): number {
  switch (expression.type) {
    case AST_NODE_TYPES.Identifier: {
      if (expression.name === 'undefined') return b.engine.node();
      const node = b.identifierNode(expression);
      if (node === undefined) return b.engine.node();
      return withNamedClient(b, node, [expression.name, bindingImportedName(b, expression)]);
    }
    case AST_NODE_TYPES.ThisExpression:
      return b.thisNodeAt(expression);
    case AST_NODE_TYPES.Super:
      return b.thisNodeAt(expression);
    case AST_NODE_TYPES.MemberExpression:
      return member(b, expression);
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.TSInstantiationExpression:
      return b.valueOf(expression.expression);
    case AST_NODE_TYPES.AwaitExpression:
      return b.valueOf(expression.argument);
    case AST_NODE_TYPES.ConditionalExpression:
      return union(b, [expression.consequent, expression.alternate]);
    case AST_NODE_TYPES.LogicalExpression:
      return union(b, [expression.left, expression.right]);
    case AST_NODE_TYPES.SequenceExpression:
      return b.valueOf(expression.expressions[expression.expressions.length - 1]!);
    case AST_NODE_TYPES.AssignmentExpression:
      return assignment(b, expression);
    case AST_NODE_TYPES.BinaryExpression:
      return comparisons.has(expression.operator)
        ? b.engine.node()
        : derived(b, [expression.left, expression.right]);
    case AST_NODE_TYPES.UnaryExpression:
      return ['-', '+', '~'].includes(expression.operator)
        ? derived(b, [expression.argument])
        : b.engine.node();
    case AST_NODE_TYPES.TemplateLiteral:
      return derived(b, expression.expressions);
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return derived(b, expression.quasi.expressions);
    case AST_NODE_TYPES.ObjectExpression:
      return objectLiteral(b, expression);
    case AST_NODE_TYPES.ArrayExpression:
      return arrayLiteral(b, expression);
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return setupFunction(b, expression);
    case AST_NODE_TYPES.ClassExpression:
      return setupClass(b, expression);
    case AST_NODE_TYPES.CallExpression:
      return buildCall(b, expression);
    case AST_NODE_TYPES.NewExpression:
      return buildNew(b, expression);
    case AST_NODE_TYPES.ImportExpression: {
      const source = expression.source;
      if (source.type === AST_NODE_TYPES.Literal && typeof source.value === 'string') {
        return b.constant(b.value({ kind: 'import', module: packageEntry(source.value), path: '' }));
      }
      return b.engine.node();
    }
    case AST_NODE_TYPES.YieldExpression: {
      const fn = enclosingFunction(expression);
      // `const v = yield redis.keys(...)` in a compiled async function: an `await`.
      if (fn && runAsAsync(fn) && !expression.delegate)
        return expression.argument ? b.valueOf(expression.argument) : b.engine.node();
      if (fn && expression.argument) b.engine.edge(b.valueOf(expression.argument), b.returnNode(fn));
      return b.engine.node();
    }
    default:
      return b.engine.node();
  }
}
