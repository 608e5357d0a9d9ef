import { withRecipeEnvironment, type RunContext } from './environment.js';
import { inDatabase } from './keyspace.js';
import { expand, expandArgv, type Namespace } from './namespace.js';
import { callAsText } from './reply.js';
import { runSetup } from './run-setup.js';
import { collectInvalidations, startTracking } from './tracking.js';
import type { WriteMeasurement, WriteRecipe } from './types.js';

/** `1:{p}k` names key `{p}k` in database 1; a plain key lives in the home database. */
const parseKey = (spec: string, ns: Namespace, home: number): { key: string; db: number } => {
  const match = /^(\d+):(\{p\}.*)$/.exec(spec);
  return match ? { key: expand(match[2]!, ns), db: Number(match[1]) } : { key: expand(spec, ns), db: home };
};

const defaultFingerprint = [['DUMP'], ['PEXPIRETIME']];

/**
 * A key's state as a non-tracking client sees it: DUMP (the value with everything RDB keeps: stream
 * consumer groups, PELs, consumers) and PEXPIRETIME, unless the recipe names its own probes.
 */
const fingerprint = async (
  ctx: RunContext,
  recipe: WriteRecipe,
  ns: Namespace,
  spec: string,
): Promise<string> => {
  const { observer } = ctx.connections;
  const { key, db } = parseKey(spec, ns, ctx.database);
  return inDatabase(observer, db, ctx.database, async () => {
    const parts = [];
    for (const argv of recipe.fingerprint ?? defaultFingerprint)
      parts.push(await callAsText(observer, [...argv, key]));
    return parts.join('|');
  });
};

/**
 * The writer sweep step: the tracking client reads every key the write will change, the key states are
 * fingerprinted, another client writes, and each changed key either got an invalidation or is silent.
 */
export const runWriteRecipe = (ctx: RunContext, recipe: WriteRecipe): Promise<WriteMeasurement> =>
  withRecipeEnvironment(ctx, recipe, async (ns) => {
    const { tracking, observer, writer } = ctx.connections;
    await runSetup(observer, recipe.setup, ns, ctx.database);
    const write: (string | Uint8Array)[] = expandArgv(recipe.write, ns);
    if (recipe.capture) {
      write[recipe.capture.into] = (await observer.call(expandArgv(recipe.capture.argv, ns))) as Uint8Array;
      await runSetup(observer, recipe.capture.then ?? [], ns, ctx.database);
    }
    const probes = (recipe.probes ?? []).map((argv) => expandArgv(argv, ns));
    const probe = () => Promise.all(probes.map((argv) => callAsText(observer, argv)));
    await startTracking(ctx.connections, { mode: 'default' }, ns);
    await collectInvalidations(ctx.connections);
    const keys = recipe.keys.map((spec) => parseKey(spec, ns, ctx.database).key);
    for (const key of keys) await tracking.call(['EXISTS', key]);
    const before = [];
    for (const spec of recipe.keys) before.push(await fingerprint(ctx, recipe, ns, spec));
    const probesBefore = await probe();
    const reply = await callAsText(writer, write);
    const invalidatedKeys = await collectInvalidations(ctx.connections);
    const flushed = invalidatedKeys.includes('*');
    const changedKeys = [];
    for (const [index, spec] of recipe.keys.entries()) {
      if ((await fingerprint(ctx, recipe, ns, spec)) === before[index]) continue;
      const key = keys[index]!;
      changedKeys.push({ key, invalidated: flushed || invalidatedKeys.includes(key) });
    }
    const probesAfter = await probe();
    for (const [index, argv] of probes.entries()) {
      if (probesAfter[index] !== probesBefore[index])
        changedKeys.push({ key: argv.join(' '), invalidated: flushed });
    }
    const silentKeys = changedKeys.filter((k) => !k.invalidated).map((k) => k.key);
    return { recipe, changedKeys, invalidatedKeys, silentKeys, silentWrite: silentKeys.length > 0, reply };
  });
