import type { Category, ServerKind } from '@valkey-track/rules-data';

export { categorySources, type CategorySource } from '@valkey-track/rules-data';
import type { CategorySource } from '@valkey-track/rules-data';

export interface CategoryMapEntry {
  category: Category;
  /** Reason codes of `@valkey-track/rules-data` (reasonCodes); empty when a declaration gives none. */
  reasons: string[];
  source: CategorySource;
  explanation: string;
  /** The declaration that decided the category: `@tracking_full`, `tip dont_cache`. */
  declaredBy?: string;
  /** The bundled data's category, when the data has the command. */
  bundledCategory?: Category;
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
  /** The bundled data's server versions it was compared with. */
  dataVersions: Record<string, string>;
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
