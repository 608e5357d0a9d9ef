import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { lookup } from '@valkey-track/rules-data';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import { tagOfFact } from '../analysis/flow/facts.js';
import { createRead, type ReadShape } from '../analysis/flow/reads.js';
import { parameterOrigin, type SummarizedRead } from '../analysis/imports/parameter-reads.js';
import { materialize } from '../analysis/imports/materialize.js';
import { putInArgumentStore } from '../analysis/imports/parameter-stores.js';
import { runCallerCallback } from '../analysis/imports/parameter-callbacks.js';
import type { ConstructedWith, ExportSummary, FunctionSummary } from '../analysis/imports/summary.js';
import { madeWith, showsTracking, wordsAt } from '../analysis/imports/words-at-call.js';
import { perBuilder } from '../analysis/flow/per-builder.js';
import { reportNode } from './client-reads.js';
import { keepInImportedStore } from './imported-store.js';

/**
 * Objects of methods a factory's result holds (`createServices(deps).billing`), by value: the factory call that
 * made the object they are members of, whose arguments their reads are sent on.
 */
export const madeByCall = perBuilder<number, TSESTree.Node>();

/**
 * The node holding the client a summarized read is sent on: an argument of this call, or of the `new` that made
 * the instance, or the client of the function's own module (one per read, with its tracking as summarized).
 */
function clientHolder(
  b: FlowBuilder,
  site: CallSite,
  read: SummarizedRead,
  owner: number,
): number | undefined {
  if (read.client) {
    const [client] = materialize(b, { client: read.client }, `${read.file}:${read.line}`, site.node);
    return b.constant(client!);
  }
  if (read.argument !== undefined) return site.args[read.argument];
  const described = b.describe(owner);
  const madeAt = madeByCall(b).get(owner);
  const made =
    described.kind === 'model'
      ? (b.callSiteOf(described.site) ?? (madeAt ? b.callSiteOf(madeAt) : undefined))
      : undefined;
  // `makeRepo(redis).all()`: the argument of the factory call that made the object.
  if (read.factoryArgument !== undefined)
    return made?.node.type === AST_NODE_TYPES.CallExpression ? made.args[read.factoryArgument] : undefined;
  if (read.constructorArgument === undefined || !made) return undefined;
  if (made.node.type === AST_NODE_TYPES.NewExpression) return made.args[read.constructorArgument];
  // `NearCache.create(redis, prefixes)` returning `new NearCache(client, prefixes)`: the factory's argument.
  const index = constructedWith(b, owner)?.[read.constructorArgument];
  return typeof index === 'number' ? made.args[index] : undefined;
}

/** Which of a factory call's arguments each constructor argument of the instance it made is, when known. */
function constructedWith(b: FlowBuilder, owner: number): ConstructedWith | undefined {
  const described = b.describe(owner);
  return described.kind === 'model' && described.model === 'imported'
    ? (described.data as ExportSummary | undefined)?.constructedWith
    : undefined;
}

/** A command as messages name it, with its subcommand when it has one (`OBJECT IDLETIME`, not `OBJECT`). */
function commandName(first: string, second: unknown): string {
  const subcommand = typeof second === 'string' && lookup(`${first}|${second}`) !== undefined;
  return (subcommand ? `${first} ${second}` : first).toUpperCase();
}

/**
 * The commands an imported function sends on a client this call passes and whose reply it returns (its
 * summary's `reads`), made here on that client: the reply goes where the call's result goes, so a finding lands
 * on this call and names the function.
 */
export function sendImportedReads(
  b: FlowBuilder,
  site: CallSite,
  fn: FunctionSummary,
  owner: number,
  name: string,
): void {
  fn.reads?.forEach((read, index) => {
    let holder = clientHolder(b, site, read, owner);
    if (holder === undefined) return;
    for (const property of read.path) holder = b.load(holder, property);
    const argument =
      read.argument !== undefined && site.node.type === AST_NODE_TYPES.CallExpression
        ? site.node.arguments[read.argument]
        : undefined;
    // What the call passes may be a client only its use shows (`ctx` of a framework's callback).
    if (argument) b.argumentReceivers.push({ node: holder, argument, method: read.method });
    const described = b.describe(owner);
    const madeAt = described.kind === 'model' ? b.callSiteOf(described.site)?.node : undefined;
    // A static factory that starts the instance it makes (`NearCache.create(redis, prefixes)` calling
    // `cache.init()`): the constructor's words are this call's arguments.
    const made =
      madeWith(madeAt, constructedWith(b, owner)) ??
      (fn.constructsWith ? madeWith(site.node, fn.constructsWith) : undefined);
    const words = read.words.map((words) => wordsAt(b, site.node, words, made));
    // Tracking a helper turns on with words this call does not show (prefixes from options the analysis cannot
    // read) says nothing the caller's client does not already: it would only hide what is known of its mode.
    const shown = words.some(showsTracking);
    // A command the helper's module names only by its method (`redis.call(...argv)`): the caller's first word,
    // with its subcommand (`OBJECT IDLETIME`).
    const [first, second] = words[0] ?? [];
    const shape: ReadShape = {
      style: 'imported',
      method: read.method,
      sent: read.sent,
      words,
      helper: name,
      command:
        read.command === read.method && typeof first === 'string' ? commandName(first, second) : read.command,
      file: read.file,
      line: read.line,
      ...(read.caching ? { caching: read.caching } : {}),
      ...(read.queued ? { queued: true as const } : {}),
    };
    b.engine.listenValues(holder, (value, f) => {
      // In a summary, a parameter passed on stands for its caller's client: the read goes into that summary.
      const onParameter = parameterOrigin(b, value) !== undefined;
      if (b.describe(value).kind !== 'client' && !onParameter) return;
      // On a parameter, words its module does not show may be its own caller's to fill in (a class's options).
      if (read.tracking && !shown && !onParameter) return;
      const reply = b.engine.node();
      createRead(b, site, value, tagOfFact(f), shape, {
        report: reportNode(site.node),
        into: reply,
        key: `#${index}`,
        onParameter,
      });
      // Tracking the function turns on for this client: the read that says so, and nothing returned.
      if (read.tracking) return;
      if (read.keptIn) keepInImportedStore(b, site, site.node, reply, read.keptIn, name, owner);
      if (read.storedIn) putInArgumentStore(b, site, read.storedIn, reply, name);
      if (read.passedTo) runCallerCallback(b, site, read.passedTo, reply);
      if (read.fields === undefined) b.engine.edge(reply, site.result);
      else {
        // `const { left } = await stats(redis, id)`: an object whose members hold the reply.
        const object = b.value({ kind: 'object', site: site.node, shape: 'object' });
        b.engine.addValue(site.result, object);
        for (const field of read.fields) b.engine.edge(reply, b.engine.field(object, field));
      }
    });
  });
}
