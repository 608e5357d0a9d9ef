import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { singleAssignment, staticPropertyName } from '../ast.js';
import { constantOption, type ConstantOption } from '../constant-option.js';
import type { FlowBuilder } from '../flow/builder.js';
import type { Value } from '../flow/values.js';
import { staticValue } from '../static-value.js';
import { projectMajor } from '../project-major.js';

/** A `const` initialised with an object literal, where `node` names one. */
function objectOf(b: FlowBuilder, node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  if (node.type === AST_NODE_TYPES.ObjectExpression) return node;
  const init =
    node.type === AST_NODE_TYPES.Identifier ? singleAssignment(node, b.sourceCode.getScope(node)) : undefined;
  return init?.type === AST_NODE_TYPES.ObjectExpression ? init : undefined;
}

/** The option `name` in an options object, spreads of the module's own constant objects followed. */
function optionIn(b: FlowBuilder, node: TSESTree.Node, name: string, depth = 0): ConstantOption {
  const object = objectOf(b, node);
  if (!object && depth <= 3) return constantOption(b, node, name);
  if (!object || depth > 3) return 'unknown';
  let found: ConstantOption = 'absent';
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = optionIn(b, property.argument, name, depth + 1);
      if (spread !== 'absent') found = spread;
    } else if (staticPropertyName(property.key, property.computed) === name)
      found = staticValue(property.value, b.sourceCode.getScope(property.value)) ?? 'unknown';
    else if (property.computed) found = found === 'absent' ? 'unknown' : found;
  }
  return found;
}

/** `process.env.REDIS_URL`: a value from the environment, a string. */
const fromEnvironment = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.MemberExpression &&
  node.object.type === AST_NODE_TYPES.MemberExpression &&
  node.object.object.type === AST_NODE_TYPES.Identifier &&
  node.object.object.name === 'process' &&
  staticPropertyName(node.object.property, node.object.computed) === 'env';

/** Whether a constructor argument may carry options: a port, a host or a URL string cannot. */
function mayBeOptions(b: FlowBuilder, node: TSESTree.Node): boolean {
  // `url!`, `port as number`, `process.env.URL ?? 'redis://...'`: what is wrapped or chosen between.
  if (node.type === AST_NODE_TYPES.TSNonNullExpression || node.type === AST_NODE_TYPES.TSAsExpression)
    return mayBeOptions(b, node.expression);
  if (node.type === AST_NODE_TYPES.LogicalExpression)
    return mayBeOptions(b, node.left) || mayBeOptions(b, node.right);
  if (node.type === AST_NODE_TYPES.Literal || node.type === AST_NODE_TYPES.TemplateLiteral) return false;
  if (node.type === AST_NODE_TYPES.MemberExpression && fromEnvironment(node)) return false;
  if (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    ['Number', 'String', 'parseInt'].includes(node.callee.name)
  )
    return false;
  const value = staticValue(node, b.sourceCode.getScope(node))?.value;
  return !(typeof value === 'string' || typeof value === 'number');
}

/** The `protocol` option of the arguments of `new Redis(...)` or `duplicate(...)`: 2, 3, absent or unknown. */
function protocolOption(b: FlowBuilder, args: readonly TSESTree.Node[]): 2 | 3 | 'absent' | 'unknown' {
  let result: 2 | 3 | 'absent' | 'unknown' = 'absent';
  for (const argument of args) {
    if (!mayBeOptions(b, argument)) continue;
    const option = optionIn(b, argument, 'protocol');
    if (option === 'absent') continue;
    if (option === 'unknown') return 'unknown';
    result = option.value === 2 || option.value === 3 ? option.value : 'unknown';
  }
  return result;
}

/** The project's ioredis major version: settings, else the `ioredis` range in the nearest package.json. */
function ioredisMajor(b: FlowBuilder): number | undefined {
  const set = b.settings?.ioredisVersion;
  return set ? Number(set) : projectMajor(b, ['ioredis']);
}

/**
 * The protocol an ioredis or iovalkey connection speaks, when the module settles it: iovalkey and ioredis 5 only
 * RESP2; ioredis 6 RESP3 unless its options say `protocol: 2` (RedisOptions `protocol`, default 3), and a
 * `duplicate()` what its overrides say, else what it copies. Undefined for options the module does not show.
 */
export function ioredisProtocol(
  b: FlowBuilder,
  client: Extract<Value, { kind: 'client' }>,
  depth = 0,
): 2 | 3 | undefined {
  if (client.library !== 'ioredis') return undefined;
  if (client.module === 'iovalkey') return 2;
  const major = client.module === 'ioredis' ? ioredisMajor(b) : undefined;
  if (major === undefined || major < 6) return 2;
  if (client.origin !== 'constructed' || client.cluster || depth > 3) return undefined;
  const site = client.site;
  if (site.type !== AST_NODE_TYPES.NewExpression && site.type !== AST_NODE_TYPES.CallExpression)
    return undefined;
  const own = protocolOption(b, site.arguments);
  if (own === 2 || own === 3) return own;
  if (own === 'unknown') return undefined;
  if (client.copyOf === undefined) return 3;
  const original = b.describe(client.copyOf);
  return original.kind === 'client' ? ioredisProtocol(b, original, depth + 1) : undefined;
}
