import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clientLibrary, lookup, type ClientLibraryModel } from '../src/index.js';

// Every npm model is checked against the package installed as a devDependency (package.json: node-redis-5,
// node-redis-6.2, node-redis-6.3, node-redis-6.4 are npm aliases of `redis`). A release that changes what it caches
// fails here.

const here = createRequire(import.meta.url);

interface InstalledPackage {
  version: string;
  require: NodeJS.Require;
  directory: string;
}

/** The package's own package.json, also for packages whose `exports` do not list it. */
function manifestOf(name: string): string {
  try {
    return here.resolve(`${name}/package.json`);
  } catch {
    let directory = dirname(here.resolve(name));
    while (!existsSync(join(directory, 'package.json')) || !directory.endsWith(name)) {
      if (dirname(directory) === directory) throw new Error(`cannot find the package.json of ${name}`);
      directory = dirname(directory);
    }
    return join(directory, 'package.json');
  }
}

function installed(name: string): InstalledPackage {
  const manifest = manifestOf(name);
  return {
    version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version,
    require: createRequire(manifest),
    directory: dirname(manifest),
  };
}

/** A dependency of an installed package, loaded by file path (its `exports` hide the command files). */
function dependencyFile(pkg: InstalledPackage, dependency: string, file: string): any {
  const directory = dirname(pkg.require.resolve(`${dependency}/package.json`));
  return pkg.require(join(directory, file));
}

interface CommandDefinition {
  parseCommand(parser: unknown, ...args: unknown[]): void;
  CACHEABLE?: boolean;
}

/** Every command definition of node-redis: the client's and the bloom, json, search and time-series modules'. */
function commandDefinitions(pkg: InstalledPackage): Map<string, CommandDefinition> {
  const sets: Record<string, unknown> = {
    client: dependencyFile(pkg, '@redis/client', 'dist/lib/commands/index.js').default,
  };
  for (const module of ['@redis/json', '@redis/bloom', '@redis/search', '@redis/time-series']) {
    sets[module] = pkg.require(module).default;
  }
  const definitions = new Map<string, CommandDefinition>();
  const isDefinition = (v: unknown): v is CommandDefinition =>
    typeof (v as CommandDefinition | null)?.parseCommand === 'function';
  for (const [set, members] of Object.entries(sets)) {
    for (const [name, value] of Object.entries(members as Record<string, unknown>)) {
      if (isDefinition(value)) definitions.set(`${set}:${name}`, value);
      else if (value && typeof value === 'object') {
        for (const [inner, definition] of Object.entries(value)) {
          if (isDefinition(definition)) definitions.set(`${set}:${name}.${inner}`, definition);
        }
      }
    }
  }
  return definitions;
}

/** The server's name for what a definition sends: its first word, or `container|sub` where the data has that subcommand. */
function wireCommand(args: readonly unknown[]): string {
  const first = String(args[0]).toLowerCase();
  const sub = `${first}|${String(args[1]).toLowerCase()}`;
  return args.length > 1 && lookup(sub) ? sub : first;
}

/**
 * What the installed node-redis caches, computed with its own code: each definition's parseCommand fills the
 * package's own parser (the arguments do not matter, only the command words pushed first), then the
 * package decides as its client does in _executeCommand: `command.CACHEABLE` (5.x) or
 * `isCacheable(defaultCommandMetadata.lookup(parser.commandIdentifier), command.CACHEABLE)` (6.2+).
 */
function cachedByInstalledNodeRedis(alias: string, decides: 'flags' | 'rule'): Set<string> {
  const pkg = installed(alias);
  const { BasicCommandParser } = dependencyFile(pkg, '@redis/client', 'dist/lib/client/parser.js');
  const metadata =
    decides === 'rule'
      ? dependencyFile(pkg, '@redis/client', 'dist/lib/command-metadata/index.js')
      : undefined;
  const cached = new Set<string>();
  const unparsed: string[] = [];
  for (const [name, definition] of commandDefinitions(pkg)) {
    const parser = new BasicCommandParser();
    try {
      definition.parseCommand(parser, 'key', 'x', 'x', 'x', 'x');
    } catch {
      // Placeholder arguments fail some validations after the command words are pushed; the words are all we need.
    }
    const args: unknown[] = parser.redisArgs;
    if (args.length === 0) {
      unparsed.push(name);
      continue;
    }
    const caches =
      decides === 'flags'
        ? definition.CACHEABLE === true
        : metadata.isCacheable(
            metadata.defaultCommandMetadata.lookup(parser.commandIdentifier),
            definition.CACHEABLE,
          );
    if (caches) cached.add(wireCommand(args));
  }
  assert.equal(
    unparsed,
    [],
    `${alias}: these definitions pushed no command word, so the derivation is incomplete`,
  );
  return cached;
}

function assertSameList(model: ClientLibraryModel, derived: Set<string>, from: string): void {
  const listed = new Set(model.cached ?? []);
  const missing = [...derived].filter((c) => !listed.has(c)).sort();
  const extra = [...listed].filter((c) => !derived.has(c)).sort();
  assert.equal(
    { missing, extra },
    { missing: [], extra: [] },
    `${model.id} (src/client-libraries) differs from ${from}: add ${missing.join(', ') || 'nothing'}, remove ${extra.join(', ') || 'nothing'}`,
  );
}

function modelFor(id: string, alias: string): ClientLibraryModel {
  const model = clientLibrary(id);
  assert.ok(model, `no model ${id}`);
  const { version } = installed(alias);
  assert.ok(
    semver.satisfies(version, model!.versions),
    `${alias} is ${version}, outside ${id}'s range ${model!.versions}: install one inside it or add a model`,
  );
  return model!;
}

const npm = suite('client library models against the installed npm packages');

npm('node-redis 5.x caches exactly the commands its definitions flag CACHEABLE', () => {
  const model = modelFor('node-redis-5', 'node-redis-5');
  assertSameList(
    model,
    cachedByInstalledNodeRedis('node-redis-5', 'flags'),
    `redis@${installed('node-redis-5').version}`,
  );
  assert.is(model.cached!.length, 48);
});

npm('node-redis 6.2 caches exactly what its isCacheable() accepts on its bundled table', () => {
  const model = modelFor('node-redis-6.2', 'node-redis-6.2');
  assertSameList(
    model,
    cachedByInstalledNodeRedis('node-redis-6.2', 'rule'),
    `redis@${installed('node-redis-6.2').version}`,
  );
});

npm('node-redis 6.3 caches exactly what its isCacheable() accepts, MEMORY USAGE and SORT_RO included', () => {
  const model = modelFor('node-redis-6.3', 'node-redis-6.3');
  const derived = cachedByInstalledNodeRedis('node-redis-6.3', 'rule');
  assertSameList(model, derived, `redis@${installed('node-redis-6.3').version}`);
  for (const partial of ['memory|usage', 'sort_ro', 'xinfo|stream', 'xinfo|groups'])
    assert.ok(derived.has(partial), partial);
  for (const refused of ['xpending', 'touch', 'ttl', 'eval_ro', 'xread'])
    assert.not.ok(derived.has(refused), refused);
});

npm('node-redis 6.4 caches exactly what its isCacheable() accepts on its newer bundled table', () => {
  const model = modelFor('node-redis-6.4', 'node-redis-6.4');
  const derived = cachedByInstalledNodeRedis('node-redis-6.4', 'rule');
  assertSameList(model, derived, `redis@${installed('node-redis-6.4').version}`);
  for (const refused of ['xpending', 'touch', 'ttl', 'eval_ro', 'xread'])
    assert.not.ok(derived.has(refused), refused);
});

npm("node-redis 6.4's tracking modes are the ones the model states, `plain` by default", () => {
  const pkg = installed('node-redis-6.4');
  const cache = dependencyFile(pkg, '@redis/client', 'dist/lib/client/cache.js');
  assert.equal(Object.values(cache.CLIENT_SIDE_CACHE_TRACKING_MODES), ['plain', 'optin', 'optout']);
  const words = (trackingMode?: string): string =>
    new cache.BasicClientSideCache(trackingMode ? { trackingMode } : {}).trackingOn().join(' ');
  assert.is(words(), 'CLIENT TRACKING ON');
  assert.is(words('optin'), 'CLIENT TRACKING ON OPTIN');
  assert.is(words('optout'), 'CLIENT TRACKING ON OPTOUT');
  const { tracking } = clientLibrary('node-redis-6.4')!;
  assert.is(tracking.mode, 'default');
  assert.equal(tracking.modes, ['default', 'optin', 'optout']);
  for (const older of ['node-redis-5', 'node-redis-6.2', 'node-redis-6.3'])
    assert.is(clientLibrary(older)!.tracking.modes, undefined, older);
  // `optin` caches nothing unmarked; a mark wins over the `cacheable` predicate, which wins over the mode.
  const optin = new cache.BasicClientSideCache({ trackingMode: 'optin' });
  assert.not.ok(optin.resolveCacheIntent(undefined, 'GET', ['k']));
  assert.ok(optin.resolveCacheIntent(true, 'GET', ['k']));
  const picky = new cache.BasicClientSideCache({ trackingMode: 'optout', cacheable: () => false });
  assert.not.ok(picky.resolveCacheIntent(undefined, 'GET', ['k']));
  assert.ok(picky.resolveCacheIntent(true, 'GET', ['k']));
});

for (const alias of ['node-redis-6.3', 'node-redis-6.4']) {
  npm(`${alias}'s rule and overrides are the ones the model states`, () => {
    const pkg = installed(alias);
    const { isCacheable } = dependencyFile(pkg, '@redis/client', 'dist/lib/command-metadata/index.js');
    const meta = (flags: string[], tips: string[] = [], isKeyless = false) => ({ flags, tips, isKeyless });
    assert.ok(isCacheable(meta(['readonly'])));
    assert.not.ok(isCacheable(meta(['readonly'], ['nondeterministic_output'])));
    assert.not.ok(isCacheable(meta(['readonly'], ['dont_cache'])));
    assert.not.ok(isCacheable(meta(['readonly', 'blocking'])));
    assert.not.ok(isCacheable(meta(['readonly', 'script_runner'])));
    assert.not.ok(isCacheable(meta(['readonly'], [], true)));
    assert.ok(isCacheable(meta(['readonly'], ['nondeterministic_output_order'])));
    const overrides = Object.entries(commandDefinitionsWithOverride(pkg)).sort();
    assert.equal(Object.fromEntries(overrides), clientLibrary(alias)!.rule!.overrides);
  });
}

/** The definitions that set CACHEABLE themselves, by the command they send. */
function commandDefinitionsWithOverride(pkg: InstalledPackage): Record<string, boolean> {
  const { BasicCommandParser } = dependencyFile(pkg, '@redis/client', 'dist/lib/client/parser.js');
  const out: Record<string, boolean> = {};
  for (const definition of commandDefinitions(pkg).values()) {
    if (definition.CACHEABLE === undefined) continue;
    const parser = new BasicCommandParser();
    try {
      definition.parseCommand(parser, 'key', 'x', 'x', 'x', 'x');
    } catch {
      // as above
    }
    out[wireCommand(parser.redisArgs)] = definition.CACHEABLE;
  }
  return out;
}

npm(
  'valkey-glide declares GET, HGETALL and SMEMBERS cacheable, and BCAST with no prefix when server-assisted',
  () => {
    const glide = installed('@valkey/valkey-glide');
    for (const id of ['valkey-glide-ttl', 'valkey-glide-server-assisted'])
      modelFor(id, '@valkey/valkey-glide');
    const baseClient = readFileSync(join(glide.directory, 'build-ts', 'BaseClient.d.ts'), 'utf8');
    const declared = /caching for cacheable commands \(([^)]*)\)/.exec(baseClient)?.[1];
    assert.ok(
      declared,
      'BaseClient.d.ts no longer names its cacheable commands: read the release and update valkey-glide.ts',
    );
    const list = declared!
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .sort();
    assert.equal(list, [...clientLibrary('valkey-glide-ttl')!.cached!].sort());
    const cache = readFileSync(join(glide.directory, 'build-ts', 'ClientSideCache.d.ts'), 'utf8');
    assert.match(cache, /serverAssisted\?: boolean/);
    assert.match(cache, /CLIENT TRACKING ON BCAST during connection setup/);
    assert.equal(clientLibrary('valkey-glide-server-assisted')!.tracking.prefixes, ['']);
    assert.is(clientLibrary('valkey-glide-ttl')!.tracking.mode, 'off');
  },
);

npm('iovalkey has no client-side cache of its own and no push handling', () => {
  const iovalkey = installed('iovalkey');
  assert.ok(semver.satisfies(iovalkey.version, clientLibrary('iovalkey')!.versions));
  const built = join(iovalkey.directory, 'built');
  const declarations = readdirSync(built, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.d.ts'))
    .map((f) => readFileSync(join(built, f), 'utf8'))
    .join('\n');
  assert.not.match(declarations, /clientSideCache|client_side_cache/i);
  assert.not.match(readFileSync(join(built, 'DataHandler.js'), 'utf8'), /invalidate/);
});

npm.run();
