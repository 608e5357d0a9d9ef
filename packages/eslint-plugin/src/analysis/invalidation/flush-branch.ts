import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type SourceCode = Readonly<TSESLint.SourceCode>;
import { forEachNode } from '../walk.js';
import { staticValue } from '../static-value.js';

/**
 * Whether a test of the payload handles a flush: after FLUSHALL/FLUSHDB the payload is null (an empty string
 * on ioredis `message`), and telling it apart only helps if the code run then clears the cache. A guard
 * that skips the flush (`keys?.forEach(...)`, `if (keys) ...` with no else, `if (!message) return;`) is
 * the flush ignored.
 *
 * `test` is an expression that is truthy or falsy with the payload (`keys`, `keys.length`, `!message`,
 * `keys === null`). Returns undefined for shapes it does not know (a while loop, a comparison with something
 * else), which the caller counts as handled: a false report costs more than a missed one.
 */
export function testHandlesFlush(sourceCode: SourceCode, test: TSESTree.Node): boolean | undefined {
  const side = flushSide(sourceCode, test);
  return side === undefined ? undefined : side !== null && doesSomething(sourceCode, side);
}

/**
 * Whether a test of the payload leaves the function at a flush (`if (!message) return;`, `if (channel !== C ||
 * !message) return;`): nothing after it runs then, so a `clear()` further down does not handle the flush.
 */
export function exitsOnFlush(sourceCode: SourceCode, test: TSESTree.Node): boolean {
  const side = flushSide(sourceCode, test);
  if (!side) return false;
  const last = side.type === AST_NODE_TYPES.BlockStatement ? side.body.at(-1) : side;
  return last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement;
}

/**
 * What runs at a flush because of `test`: the branch taken, null when nothing does (a guard that skips it, an
 * `if` with no else), undefined for shapes it does not know.
 */
function flushSide(sourceCode: SourceCode, test: TSESTree.Node): TSESTree.Node | null | undefined {
  // `flushTruthy`: the expression `node` is truthy when the payload is the flush's.
  let node: TSESTree.Node = test;
  let flushTruthy = false;
  for (;;) {
    const parent = node.parent;
    if (!parent) return undefined;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
      // `keys.length` is as empty as `keys`; any other member of a null payload (`keys?.forEach`) short-circuits.
      const name = parent.property.type === AST_NODE_TYPES.Identifier ? parent.property.name : undefined;
      if (name === 'length') {
        node = parent;
        continue;
      }
      return parent.optional ? null : undefined;
    }
    if (parent.type === AST_NODE_TYPES.ChainExpression) {
      node = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') {
      flushTruthy = !flushTruthy;
      node = parent;
      continue;
    }
    // `channel !== CHANNEL || !message`: at a flush the whole test is what this operand makes it, whatever the
    // other says (truthy through `||`, falsy through `&&`).
    if (
      parent.type === AST_NODE_TYPES.LogicalExpression &&
      !discarded(parent) &&
      ((parent.operator === '||' && flushTruthy) || (parent.operator === '&&' && !flushTruthy))
    ) {
      node = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.BinaryExpression) {
      const other = parent.left === node ? parent.right : parent.left;
      // `key === FEATURED_KEY`: a flush's empty payload equals no key, so the test is false at a flush.
      if (
        node === test &&
        isKeyValue(sourceCode, other) &&
        ['===', '==', '!==', '!='].includes(parent.operator)
      ) {
        flushTruthy = parent.operator === '!==' || parent.operator === '!=';
        node = parent;
        continue;
      }
      if (!isEmptyValue(other)) return undefined;
      // `keys.length > 0` is truthy as `keys` is.
      const positive =
        parent.operator === '!==' ||
        parent.operator === '!=' ||
        (parent.operator === '>' && parent.left === node && isEmptyValue(other));
      if (parent.operator === '===' || parent.operator === '==') flushTruthy = !flushTruthy;
      else if (!positive) return undefined;
      node = parent;
      continue;
    }
    break;
  }
  const parent = node.parent!;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
      if (parent.test !== node) return undefined;
      return flushTruthy ? parent.consequent : parent.alternate;
    case AST_NODE_TYPES.ConditionalExpression:
      // A value that goes on (`const keys = message ? message.split(',') : null`) carries the flush with it.
      if (parent.test !== node || !discarded(parent)) return undefined;
      return flushTruthy ? parent.consequent : parent.alternate;
    case AST_NODE_TYPES.LogicalExpression:
      if (parent.left !== node || !discarded(parent)) return undefined;
      // `keys && keys.forEach(...)` runs its right side only when the test is truthy; `||` and `??` otherwise.
      if (parent.operator === '&&') return flushTruthy ? parent.right : null;
      return flushTruthy ? null : parent.right;
    default:
      return undefined;
  }
}

/** An expression whose value nobody reads: a statement, or the body of an arrow function given as a listener. */
const discarded = (node: TSESTree.Node): boolean =>
  node.parent?.type === AST_NODE_TYPES.ExpressionStatement ||
  (node.parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && node.parent.body === node);

/** A non-empty key or prefix the payload is compared with (`'featured'`, `FEATURED_KEY`). */
function isKeyValue(sourceCode: SourceCode, node: TSESTree.Node): boolean {
  const value = staticValue(node, sourceCode.getScope(node))?.value;
  return typeof value === 'string' && value.length > 0;
}

/** `''`, `null`, `undefined`: what an empty payload is compared with. */
export const isEmptyLiteral = (node: TSESTree.Node): boolean =>
  (node.type === AST_NODE_TYPES.Literal && (node.value === '' || node.value === null)) ||
  (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');

/** An empty literal, or the `0` a length is compared with (`keys.length === 0`). */
const isEmptyValue = (node: TSESTree.Node): boolean =>
  isEmptyLiteral(node) || (node.type === AST_NODE_TYPES.Literal && node.value === 0);

const LOGGERS = new Set(['console', 'logger', 'log', 'debug']);
const LOG_METHODS = new Set(['log', 'warn', 'info', 'debug', 'error', 'trace']);

/** A call that only writes a log line (`console.warn(...)`, `logger.info(...)`, `debug(...)`). */
function isLogging(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return LOGGERS.has(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = callee.object;
  const method = callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : undefined;
  return (
    (object.type === AST_NODE_TYPES.Identifier && LOGGERS.has(object.name)) ||
    (method !== undefined && LOG_METHODS.has(method) && object.type !== AST_NODE_TYPES.ThisExpression)
  );
}

/** `Date.now()`, `performance.now()`, `new Date()`: a timestamp for a log or a counter. */
function isClock(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = node.callee;
  if (node.type === AST_NODE_TYPES.NewExpression)
    return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Date';
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    (callee.object.name === 'Date' || callee.object.name === 'performance') &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    callee.property.name === 'now'
  );
}

/**
 * Bookkeeping, no cache cleared: arithmetic on a counter (`stats.flushes += 1`, `flushes++`), or a number,
 * string, boolean or timestamp written down (`stats.lastFlush = Date.now()`, `flushed = true`).
 */
function counts(node: TSESTree.AssignmentExpression | TSESTree.UpdateExpression): boolean {
  if (node.type === AST_NODE_TYPES.UpdateExpression) return true;
  if (['+=', '-=', '*=', '/=', '%='].includes(node.operator)) return true;
  const value = node.right;
  return (
    node.operator === '=' &&
    ((value.type === AST_NODE_TYPES.Literal && value.value !== null && typeof value.value !== 'object') ||
      ((value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.NewExpression) &&
        isClock(value)))
  );
}

/**
 * Whether the code run on a flush does anything but leave: a call other than a log line or a clock, or an
 * assignment other than a counter's.
 */
export function doesSomething(sourceCode: SourceCode, branch: TSESTree.Node | null | undefined): boolean {
  if (!branch) return false;
  let acts = false;
  forEachNode(branch, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression && !isLogging(node) && !isClock(node)) acts = true;
    if (node.type === AST_NODE_TYPES.NewExpression && !isClock(node)) acts = true;
    if (
      (node.type === AST_NODE_TYPES.AssignmentExpression || node.type === AST_NODE_TYPES.UpdateExpression) &&
      !counts(node)
    )
      acts = true;
    if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete') acts = true;
  });
  return acts;
}
