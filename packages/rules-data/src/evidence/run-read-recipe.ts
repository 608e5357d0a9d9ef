import { classifyOutcomes } from './classify.js';
import { withRecipeEnvironment, type RunContext } from './environment.js';
import { expand, expandArgv, type Namespace } from './namespace.js';
import { callAsText, comparable } from './reply.js';
import { squeezeMemory } from './server-state.js';
import { cachingCall, collectInvalidations, startTracking } from './tracking.js';
import { runSetup } from './run-setup.js';
import type { ChangeOutcome, ReadChange, ReadMeasurement, ReadRecipe } from './types.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits up to `ms`, collecting invalidations, until one names a touched key. */
const waitForInvalidation = async (
  ctx: RunContext,
  ms: number,
  touched: readonly string[],
): Promise<string[]> => {
  const deadline = Date.now() + ms;
  const keys: string[] = [];
  while (Date.now() < deadline) {
    await sleep(Math.min(50, Math.max(0, deadline - Date.now())));
    keys.push(...(await collectInvalidations(ctx.connections)));
    if (keys.some((k) => k === '*' || touched.includes(k))) break;
  }
  return keys;
};

const applyChange = async (ctx: RunContext, change: ReadChange, ns: Namespace): Promise<unknown> => {
  const { connections } = ctx;
  switch (change.kind) {
    case 'command': {
      if (change.delayMs) await sleep(change.delayMs);
      const by = change.by === 'tracking' ? connections.tracking : connections.writer;
      const argv = expandArgv(change.argv, ns);
      await Promise.all(Array.from({ length: change.times ?? 1 }, () => by.call(argv)));
      return undefined;
    }
    case 'wait':
      return sleep(change.ms);
    case 'evict':
      return squeezeMemory(connections.writer, change.policy);
    case 'subscribe': {
      const { subscribe } = connections.invalidations;
      if (!subscribe) throw new Error('these connections cannot subscribe to a channel');
      return subscribe(expand(change.channel, ns));
    }
    case 'repeat':
      return;
  }
};

const touchedKeys = (change: ReadChange, ns: Namespace): string[] =>
  change.kind === 'repeat' || change.kind === 'subscribe'
    ? []
    : (change.touches ?? []).map((k) => expand(k, ns));

const measureChange = async (
  ctx: RunContext,
  recipe: ReadRecipe,
  change: ReadChange,
  ns: Namespace,
  clean: () => Promise<void>,
): Promise<ChangeOutcome> => {
  const { tracking, observer } = ctx.connections;
  const read = expandArgv(recipe.read, ns);
  await clean();
  await runSetup(observer, recipe.setup, ns, ctx.database);
  await collectInvalidations(ctx.connections);
  const caching = cachingCall(recipe.tracking ?? { mode: 'default' });
  if (caching) await tracking.call(caching);
  const before = await callAsText(tracking, read);
  const early =
    change.kind === 'wait' && change.untilInvalidated
      ? await waitForInvalidation(ctx, change.ms, touchedKeys(change, ns))
      : (await applyChange(ctx, change, ns), []);
  const invalidatedKeys = [...early, ...(await collectInvalidations(ctx.connections))];
  const same = (a: string, b: string) => comparable(a, recipe.compare) === comparable(b, recipe.compare);
  let after = await callAsText(observer, read);
  if (change.kind === 'repeat') {
    for (let attempt = 1; attempt < change.attempts && same(after, before); attempt++) {
      after = await callAsText(observer, read);
    }
  }
  if (change.kind === 'subscribe')
    await ctx.connections.invalidations.unsubscribe?.(expand(change.channel, ns));
  const lateInvalidatedKeys = await collectInvalidations(ctx.connections);
  const touched = touchedKeys(change, ns);
  const invalidated = invalidatedKeys.some((k) => k === '*' || touched.includes(k));
  return {
    change,
    changed: !same(after, before),
    ...(recipe.compare && recipe.compare !== 'exact'
      ? { reordered: same(after, before) && after !== before }
      : {}),
    invalidated,
    invalidatedKeys,
    lateInvalidatedKeys,
    before,
    after,
  };
};

/** setup → tracked read → per change: apply, sync, collect invalidations, re-read untracked. */
export const runReadRecipe = (ctx: RunContext, recipe: ReadRecipe): Promise<ReadMeasurement> =>
  withRecipeEnvironment(ctx, recipe, async (ns, clean) => {
    await startTracking(ctx.connections, recipe.tracking ?? { mode: 'default' }, ns);
    const outcomes: ChangeOutcome[] = [];
    for (const change of recipe.changes) outcomes.push(await measureChange(ctx, recipe, change, ns, clean));
    const tracking = recipe.tracking;
    const prefixes = tracking?.mode === 'bcast' ? tracking.prefixes.map((p) => expand(p, ns)) : undefined;
    return {
      recipe,
      read: expandArgv(recipe.read, ns),
      ...(prefixes ? { prefixes } : {}),
      outcomes,
      category: classifyOutcomes(outcomes),
    };
  });
