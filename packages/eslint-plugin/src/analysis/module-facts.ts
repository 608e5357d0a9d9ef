import type { TSESLint } from '@typescript-eslint/utils';
import { type ClientInfo, clientStates } from './client-states.js';
import { analyzeFlow, type ModuleFlow } from './flow/module-flow.js';
import { type NodeRedisVersion, nodeRedisVersionFromRange } from '../clients/node-redis.js';
import { models } from '../models/index.js';
import { projectDependencies } from '../util/project-dependencies.js';
import { type PluginSettings, readSettings } from '../util/settings.js';

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** What both rules know about a module: the flow analysis and every client's tracking state. */
export interface ModuleFacts {
  flow: ModuleFlow;
  clients: Map<number, ClientInfo>;
  settings: PluginSettings;
}

const cache = new WeakMap<object, ModuleFacts>();

/** The node-redis version of the project: settings, else the `redis`/`@redis/client` range in package.json, else 5. */
export function nodeRedisVersionOf(settings: PluginSettings, filename: string): NodeRedisVersion {
  if (settings.nodeRedisVersion) return settings.nodeRedisVersion;
  const dependencies = projectDependencies(filename);
  return nodeRedisVersionFromRange(dependencies['@redis/client'] ?? dependencies.redis) ?? '5';
}

/** One analysis per parsed module, shared by every rule that asks. */
export function moduleFacts(context: RuleContext): ModuleFacts {
  const ast = context.sourceCode.ast;
  let facts = cache.get(ast);
  if (!facts) {
    const settings = readSettings(context.settings);
    const flow = analyzeFlow(context.sourceCode, models, settings);
    let version: NodeRedisVersion | undefined;
    const versionOf = () => (version ??= nodeRedisVersionOf(settings, context.filename));
    facts = { flow, clients: clientStates(flow.builder, versionOf), settings };
    cache.set(ast, facts);
  }
  return facts;
}
