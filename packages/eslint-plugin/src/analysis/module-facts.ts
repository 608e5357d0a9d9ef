import type { TSESLint } from '@typescript-eslint/utils';
import { type ClientInfo, clientStates } from './client-states.js';
import { analyzeFlow, type ModuleFlow } from './flow/module-flow.js';
import type { NodeRedisVersion } from '../clients/node-redis.js';
import { nodeRedisVersionOf } from '../util/node-redis-version.js';
import { importResolver } from './imports/materialize.js';
import { models } from '../models/index.js';
import { type PluginSettings, readSettings } from '../util/settings.js';

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** What both rules know about a module: the flow analysis and every client's tracking state. */
export interface ModuleFacts {
  flow: ModuleFlow;
  clients: Map<number, ClientInfo>;
  settings: PluginSettings;
}

const cache = new WeakMap<object, ModuleFacts>();

/** One analysis per parsed module, shared by every rule that asks. */
export function moduleFacts(context: RuleContext): ModuleFacts {
  const ast = context.sourceCode.ast;
  let facts = cache.get(ast);
  if (!facts) {
    const settings = readSettings(context.settings);
    const flow = analyzeFlow(context.sourceCode, models, settings, {
      imports: importResolver(context, settings),
    });
    let version: NodeRedisVersion | undefined;
    const versionOf = () => (version ??= nodeRedisVersionOf(settings, context.filename));
    facts = { flow, clients: clientStates(flow.builder, versionOf), settings };
    cache.set(ast, facts);
  }
  return facts;
}
