import { recordAnalysisFailure } from './analysis-failures.js';
import type { TSESLint } from '@typescript-eslint/utils';
import { type ClientInfo, clientStates } from './client-states.js';
import { analyzeFlow, type ModuleFlow } from './flow/module-flow.js';
import { type FieldTtlFacts, fieldTtlFacts, fieldTtlKeys, mentionsFieldTtl } from './field-ttl.js';
import { importedFieldTtlKeys } from './imports/field-ttl-imports.js';
import type { NodeRedisVersion } from '../clients/node-redis.js';
import { nodeRedisVersionOf } from '../util/node-redis-version.js';
import { importedConstants, importResolver } from './imports/materialize.js';
import { registrationMentions } from './imports/registration-mentions.js';
import { registrationResolver } from './imports/registration-resolver.js';
import { registerImportedConstants } from './static-value.js';
import { fileMentionsSources, mentionsSources } from './imports/mentions.js';
import { importedFiles } from './imports/resolve-module.js';
import { requestScopedClasses } from './imports/request-scoped.js';
import { nitroAutoImport } from './imports/nitro-auto-imports.js';
import { models } from '../models/index.js';
import { type PluginSettings, readSettings } from '../util/settings.js';

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** What both rules know about a module: the flow analysis and every client's tracking state. */
export interface ModuleFacts {
  flow: ModuleFlow;
  clients: Map<number, ClientInfo>;
  settings: PluginSettings;
  /** Keys whose hash fields carry TTLs, given by this module's writes or another module's. */
  fieldTtl: FieldTtlFacts | undefined;
}

const cache = new WeakMap<object, ModuleFacts>();

/**
 * Whether a module can hold a client at all: it names a client library, a tracking or client-side-cache marker,
 * an invalidation channel or a client of the settings, or imports a module that does. Without one there is no
 * source, and the analysis is skipped (as the code audit's pre-filter skips the file).
 */
function mayHoldSources(context: RuleContext, settings: PluginSettings): boolean {
  const text = context.sourceCode.text;
  const names = [...settings.trackedClients, ...settings.clientFactories].map((s) => s.name);
  if (mentionsSources(text, names)) return true;
  if (registrationMentions(context.filename)?.test(text)) return true;
  for (const file of importedFiles(context.filename, text)) if (fileMentionsSources(file)) return true;
  // With type information, any import may resolve to a module with clients.
  return Boolean(context.sourceCode.parserServices?.program) && /\bimport\b|\brequire\s*\(/.test(text);
}

/** One analysis per parsed module, shared by every rule that asks. */
export function moduleFacts(context: RuleContext): ModuleFacts {
  const ast = context.sourceCode.ast;
  let facts = cache.get(ast);
  if (!facts) {
    const settings = readSettings(context.settings);
    let version: NodeRedisVersion | undefined;
    const versionOf = () => (version ??= nodeRedisVersionOf(settings, context.filename));
    registerImportedConstants(ast, importedConstants(context, settings));
    const analyze = (skip: boolean): ModuleFacts => {
      const flow = analyzeFlow(context.sourceCode, models, settings, {
        imports: importResolver(context, settings),
        registrations: registrationResolver(context, settings),
        requestScoped: requestScopedClasses(context.filename),
        autoImport: (name) => nitroAutoImport(context.filename, name),
        file: context.filename,
        skip,
      });
      const own = mentionsFieldTtl(context.sourceCode.text) ? fieldTtlKeys(flow.builder) : [];
      const keys = skip ? [] : [...own, ...importedFieldTtlKeys(context, settings)];
      return {
        flow,
        clients: clientStates(flow.builder, versionOf),
        settings,
        fieldTtl: fieldTtlFacts(keys),
      };
    };
    try {
      facts = analyze(!mayHoldSources(context, settings));
    } catch (error) {
      // Code the analysis does not expect (a declaration file, a syntax it has no case for) must not stop the
      // whole lint run: the module is left unjudged, which reports nothing. VALKEY_TRACK_DEBUG=1 rethrows.
      if (process.env.VALKEY_TRACK_DEBUG) throw error;
      recordAnalysisFailure(context.filename, error);
      facts = analyze(true);
    }
    cache.set(ast, facts);
  }
  return facts;
}
