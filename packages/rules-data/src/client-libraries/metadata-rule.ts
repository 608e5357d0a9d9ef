import type { ClientLibraryModel } from './types.js';

/** The metadata a cache decides by: one server's (or one library table's) view of a command. */
export interface RuleMetadata {
  flags: readonly string[];
  tips: readonly string[];
  /** Whether the command has key specs, i.e. takes at least one key name. */
  keyed: boolean;
}

/** Why the rule refuses a command, or undefined when it caches it; in the order the rule checks. */
export function metadataRuleRefusal(meta: RuleMetadata): string | undefined {
  if (meta.tips.includes('dont_cache')) return 'dont_cache tip';
  if (!meta.flags.includes('readonly')) return 'not readonly';
  if (!meta.keyed) return 'no key';
  if (meta.tips.includes('nondeterministic_output')) return 'nondeterministic_output tip';
  if (meta.flags.includes('script_runner')) return 'script_runner flag';
  if (meta.flags.includes('blocking')) return 'blocking flag';
  return undefined;
}

/**
 * The cross-client "Command Eligibility" rule node-redis 6.2 implements in isCacheable()
 * (packages/client/lib/command-metadata/predicates.ts) and redis-py, Jedis and go-redis adopt
 * (redis/redis-py#4272, redis/jedis#4702, redis/go-redis#3960): readonly, at least one key, no `dont_cache` or
 * `nondeterministic_output` tip, not `script_runner`, not `blocking`. Tips are matched exactly, as there.
 */
export const metadataRuleCaches = (meta: RuleMetadata): boolean => metadataRuleRefusal(meta) === undefined;

export const metadataRuleText =
  'readonly, at least one key, no `dont_cache` or `nondeterministic_output` tip, not `script_runner`, not `blocking`';

const ruleSource = {
  repository: 'redis/node-redis',
  release: 'redis@6.3.1 (npm)',
  file: '@redis/client/dist/lib/command-metadata/predicates.js (isCacheable)',
  checkedBy: 'installed-package',
} as const;

export const metadataRuleModels: ClientLibraryModel[] = [
  {
    id: 'metadata-rule',
    library: "Metadata rule on the server's own COMMAND INFO",
    language: 'any',
    package: { registry: 'none', name: '' },
    versions: '*',
    versionLabel: "any client that reads the server's metadata",
    decides: 'metadata-rule',
    decision: `The cross-client rule (${metadataRuleText}) on the connected server's own COMMAND INFO.`,
    rule: { table: 'server', overrides: {} },
    tracking: { mode: 'default', how: '`CLIENT TRACKING ON`, as every client that uses the rule does.' },
    setup:
      'What node-redis would cache with its DynamicPolicyResolverFactory (in the package, not used by its cache yet) and go-redis with the live resolver of redis/go-redis#3960 (open).',
    source: ruleSource,
    notes: [
      "The row the metadata gaps below come from: what the server's own metadata tells a client, and where it misleads it.",
    ],
  },
  {
    id: 'redis-py-8.2',
    library: 'redis-py',
    language: 'Python',
    package: { registry: 'pypi', name: 'redis' },
    versions: '>=8.2.0',
    versionLabel: '8.2 and later',
    decides: 'metadata-rule',
    decision: `The cross-client rule (${metadataRuleText}) on a table shipped with the library.`,
    rule: {
      table: 'server',
      overrides: {},
      tableSource:
        '_STATIC_COMMAND_METADATA in redis/commands/metadata.py, validated against Redis 8.10 (redis/redis-py#4272)',
    },
    tracking: { mode: 'default', how: '`CLIENT TRACKING ON` on each pooled connection; RESP3 required.' },
    setup: 'redis.Redis(protocol=3, cache_config=CacheConfig())',
    requires: {
      accepts: [{ server: 'redis', minVersion: '7.4.0' }],
      otherwise: 'refuses the connection ("client-side caching is supported by Redis 7.4 or later")',
    },
    source: {
      repository: 'redis/redis-py',
      release: 'redis/redis-py#4272 (merged 2026-08-18)',
      file: 'redis/commands/metadata.py (_is_client_side_cacheable, _STATIC_COMMAND_METADATA)',
      checkedBy: 'source',
    },
    approximate: true,
    notes: [
      "Approximate: the shipped table was not in the sources read, so this row applies the same rule to each server's own metadata.",
    ],
  },
];
