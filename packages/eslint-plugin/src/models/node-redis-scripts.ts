import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, propertyOf, staticPropertyName } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { objectArgument } from '../analysis/read-words.js';
import { singleAssignment } from '../analysis/static-args.js';

/** An object written in place, or the one a `const` is given. */
const objectOf = (b: FlowBuilder, node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined =>
  node && objectArgument(node, b.sourceCode);

/** `defineScript({ SCRIPT, NUMBER_OF_KEYS, ... })`, written in place or given to a `const`: its options. */
function definedScript(b: FlowBuilder, node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const call =
    node.type === AST_NODE_TYPES.Identifier ? singleAssignment(node, b.sourceCode.getScope(node)) : node;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  return calleeName(call) === 'defineScript' ? objectOf(b, call.arguments[0]) : undefined;
}

/**
 * node-redis `createClient({ scripts: { name: defineScript({ SCRIPT, NUMBER_OF_KEYS, ... }) } })`: later calls of
 * `client.name(...)` run EVALSHA of that script, with the call's first NUMBER_OF_KEYS arguments as its keys
 * (as the `parseCommand`/`transformArguments` of nearly every script pushes them).
 */
export function declareScripts(b: FlowBuilder, options: TSESTree.Node | undefined): void {
  const object = objectOf(b, options);
  const scripts = object && objectOf(b, propertyOf(object, 'scripts')?.value);
  if (!scripts) return;
  for (const property of scripts.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name = staticPropertyName(property.key, property.computed);
    const script = definedScript(b, property.value);
    const lua = script && propertyOf(script, 'SCRIPT')?.value;
    if (name === undefined || !lua || b.scriptCommands.has(name)) continue;
    b.scriptCommands.set(name, { lua, numberOfKeys: propertyOf(script, 'NUMBER_OF_KEYS')?.value });
  }
}
