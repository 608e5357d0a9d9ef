import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder, ImportResolver } from '../flow/builder.js';
import type { PluginSettings } from '../../util/settings.js';
import { loadSummary, type SummaryDepth } from './load-summary.js';
import { fileMentionsSources } from './mentions.js';
import { resolveRelative } from './resolve-module.js';
import type { ClientSummary, ExportSummary, ModuleSummary } from './summary.js';
import { constantAt, type ImportedConstants } from '../static-value.js';
import { jsonConstants } from './json-constants.js';
import { packageConstants } from '../../clients/package-constants.js';

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** `ts.SymbolFlags.Alias` (TypeScript src/compiler/types.ts): an import binding. */
const SYMBOL_FLAG_ALIAS = 2097152;
const MAX_REEXPORTS = 3;

/** The file an import names: relative specifiers directly, any other through the program when there is one. */
function moduleFile(context: RuleContext, specifier: string, site: TSESTree.Node): string | undefined {
  const relative = resolveRelative(context.filename, specifier);
  if (relative) return relative;
  const services = context.sourceCode.parserServices;
  const program = services?.program;
  if (!program || !services?.esTreeNodeToTSNodeMap) return undefined;
  // With type information, the program has resolved the specifier: the file declaring an imported binding.
  let local: TSESTree.Node | undefined;
  if (
    site.type === AST_NODE_TYPES.ImportSpecifier ||
    site.type === AST_NODE_TYPES.ImportDefaultSpecifier ||
    site.type === AST_NODE_TYPES.ImportNamespaceSpecifier
  ) {
    local = site.local;
  }
  if (!local) return undefined;
  try {
    const checker = program.getTypeChecker();
    let symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(local));
    if (symbol && symbol.flags & SYMBOL_FLAG_ALIAS) symbol = checker.getAliasedSymbol(symbol);
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    return file && !file.endsWith('.d.ts') && file !== context.filename ? file : undefined;
  } catch {
    return undefined;
  }
}

/** An export of a module by name, through `export { x } from` and `export *` re-exports. */
function exportOf(
  summary: ModuleSummary,
  name: string,
  load: (from: string, specifier: string) => ModuleSummary | undefined,
  depth = 0,
): ExportSummary | undefined {
  const own = summary.exports.get(name);
  if (own) return own;
  if (depth >= MAX_REEXPORTS) return undefined;
  for (const [exported, target] of summary.reexports) {
    if (exported !== name && !(exported.startsWith('*') && target.name === '*')) continue;
    const next = load(summary.file, target.module);
    if (!next) continue;
    // `exports.memo = require('./memo')`: the module as an object of its exports.
    if (target.name === '') return { members: Object.fromEntries(next.exports) };
    const found =
      target.name === '*'
        ? exportOf(next, name, load, depth + 1)
        : exportOf(next, target.name, load, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The values an export stands for in the importing module. `perCall`: a member of an instance one call was
 * given (a handler's `ctx: HttpContext`), whose stores (`meta = {}`) live as long as what holds that instance,
 * not for the life of the process as another module's own caches do.
 */
export function materialize(
  b: FlowBuilder,
  summary: ExportSummary,
  key: string,
  site: TSESTree.Node,
  perCall = false,
): number[] {
  const values: number[] = [];
  if (summary.client) {
    const client = b.value({
      kind: 'client',
      site,
      library: summary.client.library,
      cluster: summary.client.cluster,
      origin: `import:${key}`,
    });
    b.importedClients.set(client, summary.client);
    // `redis.priceWithMarkup(key)`: a script method the client's own module defines.
    for (const [name, script] of Object.entries(summary.client.scripts ?? {}))
      if (!b.scriptCommands.has(name)) b.scriptCommands.set(name, script);
    values.push(client);
  }
  // A type alias for a client: what a binding annotated with it holds (`importedInstance`).
  if (summary.clientType)
    values.push(b.value({ kind: 'model', model: 'imported', type: 'client-type', site, data: summary }));
  if (summary.store)
    values.push(
      b.value({ kind: 'store', site, library: 'imported', cache: true, held: perCall || undefined }),
    );
  if (summary.script)
    values.push(b.value({ kind: 'model', model: 'glide', type: 'script', site, data: summary.script }));
  if (summary.fn || summary.instance) {
    const value = b.value({
      kind: 'model',
      model: 'imported',
      type: summary.instance ? 'class' : 'function',
      site,
      data: summary,
    });
    values.push(value);
  } else if (summary.members) {
    // An instance of a class another module's summary described (a base class's field holding one): its members;
    // an object of caches is also a store itself (`cache.missing.add(id)`) and has its members (`cache.listing`, a
    // `new Cached()`, whose `set` keeps what it is given).
    values.push(
      b.value({
        kind: 'model',
        model: 'imported',
        type: 'instance',
        site,
        data: { members: summary.members, perCall },
      }),
    );
  }
  return values;
}

/**
 * Resolves imports of a module to what the imported modules export (clients with their tracking state, caches,
 * functions that keep their arguments), reading each imported module once. Relative specifiers always; any
 * specifier when the file is linted with type information.
 */
export function importResolver(
  context: RuleContext,
  settings: PluginSettings,
  depth: SummaryDepth = 'deep',
  fallback?: SummaryDepth,
): ImportResolver {
  const languageOptions = context.languageOptions as unknown as Record<string, unknown>;
  const load = (from: string, specifier: string) => {
    const file = from === context.filename ? undefined : resolveRelative(from, specifier);
    return file ? loadSummary(file, languageOptions, settings, depth) : undefined;
  };
  return (b, module, path, site, force) => {
    const file = moduleFile(context, module, site);
    if (!file) return [];
    // A module that names no client can only keep what it is given (a memoizer): read it once reads need it.
    if (!force && !fileMentionsSources(file)) return 'later';
    const summary = loadSummary(file, languageOptions, settings, depth);
    if (!summary) return [];
    const [first, ...rest] = path === '' ? ['default'] : path.split('.');
    const loadFrom = (from: string, specifier: string) =>
      from === file
        ? loadSummaryFrom(file, specifier, languageOptions, settings, depth)
        : load(from, specifier);
    // A default import's member (`import redis from './redis.js'; redis.main`) is a member of the module's
    // exports for CommonJS, and of its default export for an ES module.
    const lookup = (from: ModuleSummary | undefined) => {
      if (!from) return undefined;
      let found = exportOf(from, first!, loadFrom) ?? exportOf(from, 'default', loadFrom)?.members?.[first!];
      for (const member of rest) found = found?.members?.[member];
      return found;
    };
    // What the module makes with a third module's function (`createRedis(config)`) only its fuller reading has.
    // A name the module exports but its reading alone cannot give a value (`contentRedis = createRedis(config)`,
    // with the factory in a third module): the fuller reading. A member missing from a known export is not.
    const named = (from: ModuleSummary) =>
      exportOf(from, first!, loadFrom) !== undefined ||
      exportOf(from, 'default', loadFrom)?.members?.[first!] !== undefined;
    let found = lookup(summary);
    // Not known at all, a client this reading knows only partly (by its type, `tracked: Valkey =
    // trackedValkey`, or handed to a tracking helper it did not follow), or a class whose members hold no client
    // in this reading (a base class's `get redis() { return client; }` with `client` from a third module): the
    // fuller reading, when it knows more.
    const partly = found !== undefined && holdsPartlyKnownClient(found);
    const clientless = found?.instance !== undefined && !holdsClient(found);
    if (fallback && (found === undefined ? !named(summary) : partly || clientless)) {
      const fuller = lookup(loadSummary(file, languageOptions, settings, fallback));
      if (fuller && (found === undefined || (partly ? !holdsPartlyKnownClient(fuller) : holdsClient(fuller))))
        found = fuller;
    }
    return found ? materialize(b, found, `${file}#${path}`, site) : [];
  };
}

/** Whether an export holds, a few members deep, a client `test` accepts. */
function holdsClientWhere(summary: unknown, test: (client: ClientSummary) => boolean, depth = 0): boolean {
  if (summary === null || typeof summary !== 'object' || depth > 4) return false;
  const client = (summary as ExportSummary).client;
  if (client && test(client)) return true;
  return Object.entries(summary).some(
    ([name, value]) => name !== 'client' && holdsClientWhere(value, test, depth + 1),
  );
}

/**
 * A client its module's reading does not know fully: known only by a type annotation, or handed to a function of
 * a module that reading did not follow.
 */
const holdsPartlyKnownClient = (summary: unknown): boolean =>
  holdsClientWhere(summary, (client) => client.typed === true || client.handedOn === true);

/** Any client (a class's getter, a field, a method's returned client). */
const holdsClient = (summary: unknown): boolean => holdsClientWhere(summary, () => true);

function loadSummaryFrom(
  file: string,
  specifier: string,
  languageOptions: Record<string, unknown>,
  settings: PluginSettings,
  depth: SummaryDepth,
): ModuleSummary | undefined {
  const target = resolveRelative(file, specifier);
  return target ? loadSummary(target, languageOptions, settings, depth) : undefined;
}

/**
 * The constants other modules export, for `staticValue`: the file an import names (as for clients), its
 * summary's constants, through `export ... from` re-exports.
 */
export function importedConstants(context: RuleContext, settings: PluginSettings): ImportedConstants {
  const languageOptions = context.languageOptions as unknown as Record<string, unknown>;
  const lookup = (file: string, path: readonly string[], depth: number): unknown => {
    if (file.endsWith('.json')) {
      const constants = jsonConstants(file);
      return constants ? constantAt(constants, path) : undefined;
    }
    const summary = loadSummary(file, languageOptions, settings);
    if (!summary) return undefined;
    const own = summary.constants ? constantAt(summary.constants, path) : undefined;
    if (own !== undefined || depth >= MAX_REEXPORTS || path.length === 0) return own;
    const [name, ...members] = path;
    for (const [exported, target] of summary.reexports) {
      const star = exported.startsWith('*') && target.name === '*';
      if (exported !== name && !star) continue;
      const next = resolveRelative(file, target.module);
      if (!next) continue;
      const found = lookup(next, star ? path : [target.name, ...members], depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return (specifier, path, site) => {
    const known = packageConstants[specifier];
    if (known) return constantAt(known, path);
    const file = moduleFile(context, specifier, site);
    return file ? lookup(file, path, 0) : undefined;
  };
}
