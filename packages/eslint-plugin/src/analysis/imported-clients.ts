import { readFileSync, statSync } from 'node:fs';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { SourceCode } from 'eslint';
import { ModuleAnalysis } from './module-analysis.js';
import { forEachNode } from './walk.js';
import { findTrackedClients, type TrackedClient } from './tracked-clients.js';
import type { NodeRedisVersion } from '../clients/node-redis.js';
import type { PluginSettings } from '../util/settings.js';

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

interface ParserLike {
  parseForESLint?: (
    text: string,
    options: Record<string, unknown>,
  ) => { ast: TSESTree.Program; scopeManager?: unknown; visitorKeys?: unknown };
}

interface ForeignModule {
  mtimeMs: number;
  analysis: ModuleAnalysis;
  clients: TrackedClient[];
  moduleScope: TSESLint.Scope.Scope | undefined;
}

/** `ts.SymbolFlags.Alias` (TypeScript src/compiler/types.ts): an import binding. */
const SYMBOL_FLAG_ALIAS = 2097152;

const foreignModules = new Map<string, ForeignModule | null>();

/** ESLint sets `parent` while it traverses; a module parsed here needs it set before analysis. */
function setParents(ast: TSESTree.Program, visitorKeys: Record<string, readonly string[]>): void {
  forEachNode(ast, visitorKeys, (node, parent) => {
    if (parent) (node as { parent: TSESTree.Node }).parent = parent;
  });
}

/** Parses and analyses another module of the program, without type information (cached by mtime). */
function analyzeForeign(
  fileName: string,
  parser: ParserLike,
  settings: PluginSettings,
): ForeignModule | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(fileName).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = foreignModules.get(fileName);
  if (cached !== undefined && (cached === null || cached.mtimeMs === mtimeMs)) return cached ?? undefined;
  try {
    const text = readFileSync(fileName, 'utf8');
    const parsed = parser.parseForESLint!(text, {
      filePath: fileName,
      sourceType: 'module',
      ecmaVersion: 'latest',
      range: true,
      loc: true,
      tokens: true,
      comment: true,
    });
    const visitorKeys = parsed.visitorKeys as Record<string, readonly string[]>;
    setParents(parsed.ast, visitorKeys);
    const sourceCode = new SourceCode({
      text,
      ast: parsed.ast as never,
      scopeManager: parsed.scopeManager as never,
      visitorKeys: visitorKeys as never,
    }) as unknown as TSESLint.SourceCode;
    const analysis = new ModuleAnalysis(sourceCode);
    const clients = findTrackedClients(analysis, sourceCode, settings, () => '5');
    const globalScope = sourceCode.scopeManager?.globalScope;
    const moduleScope = globalScope?.childScopes.find((s) => s.type === 'module') ?? globalScope ?? undefined;
    const result: ForeignModule = {
      mtimeMs,
      analysis,
      clients,
      moduleScope: moduleScope as TSESLint.Scope.Scope | undefined,
    };
    foreignModules.set(fileName, result);
    return result;
  } catch {
    foreignModules.set(fileName, null);
    return undefined;
  }
}

/** The tracked client (or client factory) a foreign module declares under a name. */
function foreignClient(
  foreign: ForeignModule,
  name: string,
): { client: TrackedClient; factory: boolean } | undefined {
  const variable = foreign.moduleScope?.set.get(name);
  const id = variable?.identifiers[0];
  if (!id) return undefined;
  const place = foreign.analysis.placeOf(id);
  if (place === undefined) return undefined;
  const graph = foreign.analysis.graph;
  const direct = foreign.clients.find((c) => c.place !== undefined && graph.same(c.place, place));
  if (direct) return { client: direct, factory: false };
  const returned = graph.member(place, '()');
  const made = foreign.clients.find((c) => c.place !== undefined && graph.same(c.place, returned));
  return made ? { client: made, factory: true } : undefined;
}

/**
 * With type information, follows imports to the module that declares them (the program resolves the
 * specifier) and recognises tracked clients and client factories set up there, one level deep.
 */
export function importedTrackedClients(
  context: RuleContext,
  analysis: ModuleAnalysis,
  settings: PluginSettings,
  nodeRedisVersion: () => NodeRedisVersion,
): TrackedClient[] {
  const services = context.sourceCode.parserServices;
  const program = services?.program;
  const parser = context.languageOptions.parser as ParserLike | undefined;
  if (!program || !services?.esTreeNodeToTSNodeMap || !parser?.parseForESLint) return [];
  const checker = program.getTypeChecker();
  const clients: TrackedClient[] = [];
  for (const statement of context.sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) continue;
      let symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(specifier.local));
      if (symbol && symbol.flags & SYMBOL_FLAG_ALIAS) symbol = checker.getAliasedSymbol(symbol);
      const declaration = symbol?.declarations?.[0];
      if (!symbol || !declaration) continue;
      const fileName = declaration.getSourceFile().fileName;
      if (fileName === context.filename || fileName.endsWith('.d.ts')) continue;
      const foreign = analyzeForeign(fileName, parser, settings);
      const foreignFound = foreign && foreignClient(foreign, symbol.name);
      if (!foreignFound) continue;
      // The version is the linted project's, not whatever the cached analysis of the other module assumed.
      const found = {
        ...foreignFound,
        client: { ...foreignFound.client, nodeRedisVersion: nodeRedisVersion() },
      };
      const local = analysis.placeOf(specifier.local);
      if (!found.factory) {
        clients.push({ ...found.client, place: local, site: specifier });
        continue;
      }
      for (const call of analysis.calls) {
        if (local !== undefined && analysis.samePlace(call.callee, local)) {
          clients.push({ ...found.client, place: analysis.placeOf(call), site: call });
        }
      }
    }
  }
  return clients;
}
