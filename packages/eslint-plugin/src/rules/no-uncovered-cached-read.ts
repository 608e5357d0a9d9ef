import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { type CachedReadMessage, cachedReadFindings } from '../analysis/cached-reads.js';
import { moduleFacts } from '../analysis/module-facts.js';
import { loadCategoryMap, type CategoryMap } from '../util/category-map.js';
import { createRule } from '../util/create-rule.js';

export interface Options {
  reportUnknown?: boolean;
  categoriesFile?: string;
  server?: 'valkey' | 'redis';
  onlyStoredReplies?: boolean;
  checkUnassistedCaches?: boolean;
  untracked?: boolean;
}

export type MessageIds = CachedReadMessage | 'cacheWithoutInvalidation';

/** `CLIENT|TRACKING` as people write it: `CLIENT TRACKING`. */
const shownCommand = (command: string): string => command.toUpperCase().replace('|', ' ');

/**
 * Where a finding goes: the call, except for a read in the middle of a chain (`redis.pipeline().get(k).pttl(k)`),
 * which starts at the chain's start; there it goes from the method name to the end of the call.
 */
function locationOf(
  node: TSESTree.Node,
  call: TSESTree.Node,
): { node: TSESTree.Node } | { loc: TSESTree.SourceLocation } {
  if (node === call || node.type !== AST_NODE_TYPES.Identifier) return { node };
  return { loc: { start: node.loc.start, end: call.loc.end } };
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
      volatileReplyKept:
        '{{cachedBy}}, but it changes with no write at all, so the kept copy goes stale whatever CLIENT TRACKING does: {{explanation}}',
      untrackedRead:
        '{{cachedBy}} on a client with no CLIENT TRACKING and no client-side cache, so nothing ever invalidates it; even with tracking on, {{explanation}}',
      unknownCoverage: 'Cannot tell whether CLIENT TRACKING covers the cached reply of `{{call}}`: {{why}}.',
      unknownCommand: '{{explanation}}',
      optInWithoutCaching:
        '{{cachedBy}}, but this `{{shown}}` is sent on a connection tracking in OPTIN mode with no `CLIENT CACHING yes` before it, so the server remembers nothing and the kept reply is never invalidated. Send `CLIENT CACHING yes` right before the read, on the same connection.',
      optInRaced:
        '{{cachedBy}}, but `CLIENT CACHING yes` applies to the next command the connection sends, and waiting for its reply before this `{{shown}}` (an `await`, a `.then` callback) lets other code send one first, so the read may go unremembered and its kept reply never invalidated. Send both without awaiting in between (e.g. `Promise.all`), or in one `multi()`.',
      optedOut:
        '{{cachedBy}}, but `CLIENT CACHING no` right before this `{{shown}}` tells the server (OPTOUT mode) not to remember it, so nothing ever invalidates the kept reply. Drop `CLIENT CACHING no`, or do not keep this reply.',
      nodeRedisOptInUnmarked:
        "{{cachedBy}}, but this `{{shown}}` goes on a node-redis client whose cache tracks in OPTIN mode (`trackingMode: 'optin'`): node-redis sends `CLIENT CACHING yes` only before the reads its cache keeps, so the server remembers nothing of this one and the kept reply is never invalidated. Let node-redis keep it (`client.withCommandOptions({ cache: true })`), or do not keep this reply.",
      nodeRedisOptedOut:
        "{{cachedBy}}, but node-redis sends `CLIENT CACHING no` before each keyed read its cache does not keep on a client tracking in OPTOUT mode (`trackingMode: 'optout'`), this `{{shown}}` among them, so the server remembers nothing of it and the kept reply is never invalidated. Let node-redis's cache keep it (no `cache: false` mark, the default type mapping), or do not keep this reply.",
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
              'With manual tracking, check only reads whose reply the module visibly keeps (Map, lru-cache, node-cache, object, class field, React state).',
          },
          checkUnassistedCaches: {
            type: 'boolean',
            description: 'Report glide client-side caches created without `serverAssisted: true`.',
          },
          untracked: {
            type: 'boolean',
            description:
              'Also report partial and none replies kept from a client with no tracking and no client-side cache (replies that change with no write at all are reported anyway).',
          },
        },
      },
    ],
  },
  defaultOptions: [
    { reportUnknown: false, onlyStoredReplies: true, checkUnassistedCaches: true, untracked: false },
  ],
  create(context, [options]) {
    const ruleContext = context as unknown as Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
    return {
      'Program:exit'() {
        const facts = moduleFacts(ruleContext);
        const server = options.server ?? facts.settings.server;
        const categoriesFile = options.categoriesFile ?? facts.settings.categoriesFile;
        const categoryMap: CategoryMap | undefined = categoriesFile
          ? loadCategoryMap(categoriesFile, context.cwd)
          : undefined;
        if (options.checkUnassistedCaches) {
          const reported = new Set<TSESTree.Node>();
          for (const info of facts.clients.values()) {
            const cache = info.cache;
            // Reported in the module that configures the cache, not in every module that imports the client.
            if (
              cache?.kind !== 'glide' ||
              cache.serverAssisted !== false ||
              info.client.origin !== 'constructed'
            )
              continue;
            const node = cache.property ?? cache.create;
            if (reported.has(node)) continue;
            reported.add(node);
            const create = cache.create;
            const ttl =
              cache.ttl !== undefined
                ? `${cache.ttl} ms`
                : create.type === AST_NODE_TYPES.CallExpression && create.arguments[1] && !cache.madeElsewhere
                  ? `${context.sourceCode.getText(create.arguments[1])} ms`
                  : 'its entry TTL';
            context.report({ node, messageId: 'cacheWithoutInvalidation', data: { ttl } });
          }
        }
        const findings = cachedReadFindings(facts.flow.builder, facts.clients, facts.flow.sinks, {
          untracked: options.untracked ?? false,
          reportUnknown: options.reportUnknown ?? false,
          onlyStoredReplies: options.onlyStoredReplies ?? true,
          server,
          categoryMap,
          fieldTtl: facts.fieldTtl,
        });
        // One function's branches may send one command several ways (`readHash(client, key)` calling `hGetAll`,
        // `hgetall` or glide's `hgetall` by the client it is given): one finding per place and command.
        const shown = new Set<string>();
        for (const finding of findings) {
          const at = finding.node.loc.start;
          const key = `${at.line}:${at.column}:${finding.messageId}:${String(finding.data.command ?? '')}`;
          if (shown.has(key)) continue;
          shown.add(key);
          context.report({
            ...locationOf(finding.node, finding.call),
            messageId: finding.messageId,
            data: { ...finding.data, shown: shownCommand(String(finding.data.command ?? '')) },
          } as TSESLint.ReportDescriptor<MessageIds>);
        }
      },
    };
  },
});
