import type { Category, MisleadingKind, ServerKind } from '@valkey-track/rules-data';

export { categorySources, type CategorySource } from '@valkey-track/rules-data';
import type { CategorySource } from '@valkey-track/rules-data';

export interface CategoryMapEntry {
  /** `unknown`: nothing declares it, the data does not know it, and its metadata cannot tell (inferred). */
  category: Category | 'unknown';
  /** Reason codes of `@valkey-track/rules-data` (reasonCodes); empty when a declaration gives none. */
  reasons: string[];
  source: CategorySource;
  explanation: string;
  /** The declaration that decided the category: `@tracking_full`, `tip dont_cache`. */
  declaredBy?: string;
  /** The bundled data's category on this server's version, when the data has the command. */
  bundledCategory?: Category;
  /** The captured versions the bundled verdict is the worst case of: `valkey 9.1.2`. */
  bundledVersions?: string[];
}

/**
 * A command whose own `COMMAND INFO` would mislead a client that decides what to cache from metadata alone
 * (node-redis 6.2's rule): a read without the `nondeterministic_output` tip whose reply changes with time or at
 * random, or a readonly command whose key specs say RW.
 */
export interface MisleadingEntry {
  command: string;
  kind: MisleadingKind;
  detail: string;
}

export interface MetadataDifference {
  command: string;
  field: 'arity' | 'flags' | 'tips' | 'aclCategories' | 'keySpecFlags' | 'servers';
  bundled: string;
  live: string;
}

export interface CategoryDifference {
  command: string;
  declared: Category;
  declaredBy: string;
  bundled: Category;
}

/** How the live server differs from the bundled data. */
export interface Drift {
  /** Commands the server has and the bundled data lacks. */
  missingFromData: string[];
  /** Entries the bundled data has for this kind of server that the server lacks. */
  missingFromServer: string[];
  metadataDiffers: MetadataDifference[];
  /** Commands whose declared category differs from the bundled one. */
  categoryDiffers: CategoryDifference[];
}

export interface CategoryMapServer {
  kind: ServerKind;
  version: string;
  /** The address without the password. */
  address: string;
  /** The tracking ACL categories the server has, as it spells them. */
  trackingCategories: string[];
  /** Every server version the bundled data was captured from: `valkey 9.1.2`. */
  dataVersions: string[];
  /**
   * The captured versions this server was compared with: its own when the data has it (a patch release counts
   * as its minor version), else every captured version of its kind, worst case first.
   */
  comparedWith: string[];
  /** False when the data was not captured from this server's version (major and minor). */
  versionKnown: boolean;
  readAt: string;
}

/**
 * What `valkey-track commands --format json` writes and `loadCategoryMap` reads: the ESLint plugin and the
 * audits use it in place of the bundled data.
 */
export interface CategoryMap {
  server: CategoryMapServer;
  commands: Record<string, CategoryMapEntry>;
  drift?: Drift;
  /** Where this server's metadata would mislead a metadata-based client cache. */
  misleading?: MisleadingEntry[];
  /** Read from a cluster node: what every primary said, and where they disagree. */
  cluster?: ClusterComparison;
}

/** One way the primaries of a cluster differ, with each node's value. */
export interface NodeDisagreement {
  about: 'version' | 'modules' | 'tracking categories' | 'command';
  /** What differs: `server version`, or the command's name. */
  subject: string;
  values: Record<string, string>;
}

export interface ClusterComparison {
  /** How the nodes were found: `CLUSTER SHARDS` or `CLUSTER SLOTS`. */
  via: string;
  nodes: {
    node: string;
    kind: ServerKind;
    version: string;
    /** `name@version`; absent when MODULE LIST was not allowed. */
    modules?: string[];
    trackingCategories: string[];
  }[];
  disagreements: NodeDisagreement[];
  /** Commands that differ beyond those listed. */
  moreCommandDisagreements?: number;
}
