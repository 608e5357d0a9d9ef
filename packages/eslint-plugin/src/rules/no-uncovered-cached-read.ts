import type { TSESTree } from '@typescript-eslint/utils';
import { lookup } from '@valkey-track/rules-data';
import { commandCall, type CommandCall } from '../analysis/command-call.js';
import { analyzeModule, type ModuleAnalysis } from '../analysis/module-analysis.js';
import { replyIsStored } from '../analysis/reply-stored.js';
import { isKnown } from '../analysis/static-args.js';
import {
  clientNamedInSettings,
  findTrackedClients,
  trackedClientFromSetting,
  type TrackedClient,
} from '../analysis/tracked-clients.js';
import { isNotARead, judge, type Verdict } from '../analysis/verdict.js';
import { wrapperCalls } from '../analysis/wrapper-calls.js';
import { cachingOptIn } from '../analysis/opt-in.js';
import { importedTrackedClients } from '../analysis/imported-clients.js';
import { nodeRedisCaches, nodeRedisVersionFromRange } from '../clients/node-redis.js';
import { glideCaches } from '../clients/glide.js';
import { loadCategoryMap, type CategoryMap } from '../util/category-map.js';
import { createRule } from '../util/create-rule.js';
import { projectDependencies } from '../util/project-dependencies.js';
import { readSettings } from '../util/settings.js';

export interface Options {
  reportUnknown?: boolean;
  categoriesFile?: string;
  server?: 'valkey' | 'redis';
  onlyStoredReplies?: boolean;
  checkUnassistedCaches?: boolean;
}

export type MessageIds =
  | 'uncoveredRead'
  | 'unknownCoverage'
  | 'unknownCommand'
  | 'optInWithoutCaching'
  | 'optInRaced'
  | 'cacheWithoutInvalidation';

function cachedBy(client: TrackedClient): string {
  switch (client.kind) {
    case 'node-redis':
      return `node-redis ${client.nodeRedisVersion ?? '5'} caches this reply`;
    case 'glide':
      return 'glide caches this reply';
    case 'manual':
      return 'This reply is cached';
  }
}

export default createRule<[Options], MessageIds>({
  name: 'no-uncovered-cached-read',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow caching Valkey/Redis replies that CLIENT TRACKING does not fully invalidate',
      recommended: true,
    },
    messages: {
      uncoveredRead: '{{cachedBy}}, but {{explanation}}',
      unknownCoverage: 'Cannot tell whether CLIENT TRACKING covers the cached reply of `{{call}}`: {{why}}.',
      unknownCommand: '{{explanation}}',
      optInWithoutCaching:
        'This `{{command}}` is cached from a connection tracking in OPTIN mode, but no `CLIENT CACHING yes` precedes it, so the server remembers nothing and the cached reply is never invalidated. Send `CLIENT CACHING yes` right before the read, on the same connection.',
      optInRaced:
        '`CLIENT CACHING yes` applies to the next command the connection sends, but an `await` before this `{{command}}` lets other code send one first, so the read may go unremembered and its cached reply never invalidated. Send both without awaiting in between (e.g. `Promise.all`), or in one `multi()`.',
      cacheWithoutInvalidation:
        'This client-side cache has no server-assisted invalidation: cached replies stay stale until their TTL ({{ttl}}) runs out. Pass `{ serverAssisted: true }` to `ClientSideCache.create`, or accept TTL-bounded staleness.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportUnknown: {
            type: 'boolean',
            description:
              'Report cached reads whose coverage depends on a non-literal argument or an unknown command.',
          },
          categoriesFile: {
            type: 'string',
            description:
              'A category map exported from your server (JSON, relative to the working directory) that replaces the bundled verdicts for the commands it lists.',
          },
          server: {
            type: 'string',
            enum: ['valkey', 'redis'],
            description:
              'The server the application talks to; without it, the more conservative answer of Valkey and Redis.',
          },
          onlyStoredReplies: {
            type: 'boolean',
            description:
              'With manual tracking, check only reads whose reply the module visibly stores (Map, lru-cache, node-cache, object, class field).',
          },
          checkUnassistedCaches: {
            type: 'boolean',
            description: 'Report glide client-side caches created without `serverAssisted: true`.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ reportUnknown: false, onlyStoredReplies: true, checkUnassistedCaches: true }],
  create(context, [options]) {
    const settings = readSettings(context.settings);
    const server = options.server ?? settings.server;
    const categoriesFile = options.categoriesFile ?? settings.categoriesFile;
    const categoryMap: CategoryMap | undefined = categoriesFile
      ? loadCategoryMap(categoriesFile, context.cwd)
      : undefined;
    const nodeRedisVersion = () => {
      if (settings.nodeRedisVersion) return settings.nodeRedisVersion;
      const dependencies = projectDependencies(context.filename);
      return nodeRedisVersionFromRange(dependencies['@redis/client'] ?? dependencies.redis) ?? '5';
    };

    const shortText = (node: TSESTree.Node): string => {
      const text = context.sourceCode.getText(node).replace(/\s+/g, ' ');
      return text.length > 60 ? `${text.slice(0, 57)}...` : text;
    };

    function clientOf(
      command: CommandCall,
      clients: TrackedClient[],
      analysis: ModuleAnalysis,
    ): TrackedClient | undefined {
      const place = analysis.placeOf(command.receiver);
      const found =
        place === undefined
          ? undefined
          : clients.find((c) => c.place !== undefined && analysis.graph.same(c.place, place));
      if (found) return found;
      const setting = clientNamedInSettings(command.receiver, analysis, settings);
      if (!setting) return undefined;
      const client = trackedClientFromSetting(setting, undefined, command.call, settings);
      return { ...client, nodeRedisVersion: client.nodeRedisVersion ?? nodeRedisVersion() };
    }

    /** Whether the client's cache keeps this call's reply at all. */
    function isCached(command: CommandCall, client: TrackedClient, analysis: ModuleAnalysis): boolean {
      const [first, second] = command.words;
      const entry =
        first !== undefined && isKnown(first)
          ? ((second !== undefined && isKnown(second) ? lookup(`${first}|${second}`) : undefined) ??
            lookup(first))
          : undefined;
      switch (client.kind) {
        case 'node-redis':
          // node-redis never caches `sendCommand` (packages/client/lib/client/index.ts: only typed commands consult the cache).
          return (
            command.style === 'method' &&
            nodeRedisCaches(client.nodeRedisVersion ?? '5', command.method, entry, server ?? 'redis')
          );
        case 'glide':
          return command.style === 'method' && glideCaches(command.method) && client.serverAssisted !== false;
        case 'manual':
          return !options.onlyStoredReplies || replyIsStored(command.call, analysis);
      }
    }

    /** Reports at `call` (the read, or the wrapper call that chose its command); `read` is the read itself. */
    function reportVerdict(
      call: TSESTree.CallExpression,
      read: TSESTree.CallExpression,
      verdict: Verdict,
      client: TrackedClient,
      analysis: ModuleAnalysis,
    ): void {
      if (verdict.kind === 'certain') {
        if (isNotARead(verdict.reasons)) return;
        if (!client.certain) {
          if (options.reportUnknown) {
            context.report({
              node: call,
              messageId: 'unknownCoverage',
              data: {
                call: shortText(call),
                why: 'the CLIENT TRACKING arguments of this connection are not all literals',
              },
            });
          }
          return;
        }
        const optIn =
          client.mode === 'optin' ? cachingOptIn(read, client, analysis, context.sourceCode) : 'opted-in';
        if (optIn !== 'opted-in') {
          context.report({
            node: call,
            messageId: optIn === 'raced' ? 'optInRaced' : 'optInWithoutCaching',
            data: { command: verdict.command.toUpperCase() },
          });
          return;
        }

        if (verdict.category === 'full') return;
        context.report({
          node: call,
          messageId: 'uncoveredRead',
          // command, category and reasons are not in the message; `valkey-track audit` reads them from the data.
          data: {
            cachedBy: cachedBy(client),
            explanation: verdict.explanation,
            command: verdict.command,
            category: verdict.category,
            reasons: verdict.reasons,
          },
        });
      } else if (options.reportUnknown) {
        if (verdict.kind === 'uncertain') {
          context.report({
            node: call,
            messageId: 'unknownCoverage',
            data: { call: shortText(call), why: verdict.why, command: verdict.command },
          });
        } else {
          context.report({
            node: call,
            messageId: 'unknownCommand',
            data: { explanation: verdict.explanation, command: verdict.command },
          });
        }
      }
    }

    return {
      'Program:exit'() {
        const analysis = analyzeModule(context.sourceCode);
        const local = findTrackedClients(analysis, context.sourceCode, settings, nodeRedisVersion);
        const clients = [
          ...local,
          ...importedTrackedClients(context, analysis, settings, nodeRedisVersion),
        ].map((client) =>
          client.kind === 'node-redis' && !client.nodeRedisVersion
            ? { ...client, nodeRedisVersion: nodeRedisVersion() }
            : client,
        );
        if (options.checkUnassistedCaches) {
          for (const client of local) {
            if (client.kind !== 'glide' || client.serverAssisted !== false) continue;
            const site = client.site as TSESTree.Property;
            const create = site.value;
            const ttlArgument = create.type === 'CallExpression' ? create.arguments[1] : undefined;
            context.report({
              node: site,
              messageId: 'cacheWithoutInvalidation',
              data: { ttl: ttlArgument ? context.sourceCode.getText(ttlArgument) + ' ms' : 'its entry TTL' },
            });
          }
        }
        if (clients.length === 0 && settings.trackedClients.length === 0) return;
        const sites = new Set(clients.map((c) => c.site));
        for (const call of analysis.calls) {
          if (sites.has(call)) continue;
          const command = commandCall(call, context.sourceCode);
          if (!command) continue;
          const client = clientOf(command, clients, analysis);
          if (!client || !isCached(command, client, analysis)) continue;
          const judged = judge(command.words, {
            mode: client.mode,
            prefixes: client.prefixes,
            server,
            categoryMap,
          });
          if (judged.kind !== 'certain') {
            const forwarded = wrapperCalls(call, command.words, analysis, context.sourceCode);
            if (forwarded.length > 0) {
              for (const wrapper of forwarded) {
                const verdict = judge(wrapper.words, {
                  mode: client.mode,
                  prefixes: client.prefixes,
                  server,
                  categoryMap,
                });
                reportVerdict(wrapper.call, call, verdict, client, analysis);
              }
              continue;
            }
          }
          reportVerdict(call, call, judged, client, analysis);
        }
      },
    };
  },
});
