import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from '../ast.js';
import { clientSubcommand, readInstances } from '../client-states.js';
import type { FlowBuilder } from '../flow/builder.js';
import type { Read } from '../flow/reads.js';
import { type ArgItem, isKnown, isUnknownRest } from '../static-args.js';
import { resp2Reason } from './protocol.js';

/** Methods that only talk on a connection or manage it: a client used only through them is not handed on. */
const OWN_USE = new Set([
  'client',
  'call',
  'sendCommand',
  'send_command',
  'on',
  'once',
  'off',
  'removeListener',
  'removeAllListeners',
  'connect',
  'quit',
  'disconnect',
  'ping',
]);

const SUBSCRIBE = /^[PS]?SUBSCRIBE$/i;

const isOwnUse = (method: string, alsoOwn: ReadonlySet<string>) => OWN_USE.has(method) || alsoOwn.has(method);

/**
 * The variable a client is made into (`const sub = new Valkey()`), when every use of it is a call of its own
 * (`OWN_USE`, and `alsoOwn`).
 */
export function ownVariable(
  b: FlowBuilder,
  site: TSESTree.Node,
  alsoOwn: ReadonlySet<string> = new Set(),
): TSESTree.Identifier | undefined {
  let made: TSESTree.Node = site;
  while (made.parent?.type === AST_NODE_TYPES.AwaitExpression) made = made.parent;
  const declarator = made.parent;
  if (
    declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
    declarator.id.type !== AST_NODE_TYPES.Identifier
  )
    return undefined;
  // `export const sub = ...`: another module may subscribe it.
  if (declarator.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return undefined;
  const variable = b.scopes.variableOf(declarator.id);
  if (!variable) return undefined;
  for (const reference of variable.references) {
    if (reference.identifier === declarator.id) continue;
    const member = reference.identifier.parent;
    if (
      member?.type !== AST_NODE_TYPES.MemberExpression ||
      member.object !== reference.identifier ||
      member.parent?.type !== AST_NODE_TYPES.CallExpression ||
      member.parent.callee !== member ||
      !isOwnUse(staticPropertyName(member.property, member.computed) ?? '', alsoOwn)
    )
      return undefined;
  }
  return declarator.id;
}

/** Whether a read subscribes its connection (`call('SUBSCRIBE', ...)`, `sendCommand(['SUBSCRIBE', ...])`). */
const subscribes = (b: FlowBuilder, read: Read): boolean =>
  readInstances(b, read).some(({ words }) => {
    const first = words[0];
    return first !== undefined && isKnown(first) && SUBSCRIBE.test(first);
  });

/**
 * The connection a `REDIRECT` sends invalidations to, named, when the module shows that nobody hears them: the
 * id is the reply of `CLIENT ID` on a RESP2 client of the module (ioredis, iovalkey, node-redis without `RESP:
 * 3`) that never subscribes to anything and is used only to send commands of its own, never handed on. A RESP2
 * connection is sent invalidations only while it is subscribed, to any channel (tracking.c
 * `sendTrackingMessage`; measured in cli/test/integration/tracking-delivery.test.ts).
 */
export function unheardRedirectTarget(b: FlowBuilder, redirectTo: ArgItem | undefined): string | undefined {
  if (redirectTo === undefined || isKnown(redirectTo) || isUnknownRest(redirectTo) || !redirectTo.source)
    return undefined;
  const idReads = b.engine
    .valuesAt(b.valueOf(redirectTo.source))
    .map((value) => b.describe(value))
    .flatMap((described) => (described.kind === 'reply' ? [b.reads[described.read]!] : []))
    .filter((read) => readInstances(b, read).some(({ words }) => clientSubcommand(words) === 'ID'));
  if (idReads.length === 0) return undefined;
  let name: string | undefined;
  for (const idRead of idReads) {
    const target = b.describe(idRead.client);
    if (target.kind !== 'client' || target.origin !== 'constructed' || !resp2Reason(b, target))
      return undefined;
    if (b.subscriptionSites.some((site) => site.client === idRead.client)) return undefined;
    if (b.reads.some((read) => read.client === idRead.client && subscribes(b, read))) return undefined;
    const variable = ownVariable(b, target.site);
    if (!variable) return undefined;
    name = variable.name;
  }
  return name;
}
