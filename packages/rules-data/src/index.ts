export * from './core.js';
export { entryVerdict, type EntryVerdict } from './entry-verdict.js';
export {
  misleadingMetadata,
  type MisleadingKind,
  type MisleadingMetadata,
} from './metadata/misleading-metadata.js';
export { reasonCodes, isReasonCode, type ReasonCode } from './reason-codes.js';
export { changeSources, type ChangeSource } from './curated/change-sources.js';
export {
  versionLabel,
  parseVersionLabel,
  compareVersions,
  versionMatches,
} from './versions/version-label.js';
export { selectorMatches, labelMatches, type VersionSelector } from './versions/version-selector.js';
export { versionRange } from './versions/version-range.js';
export { markdownCell, markdownCode, markdownRow, markdownHeader } from './markdown/markdown-table.js';
export { normalizeMetadata, serverFromInfo, docsArguments } from './metadata/normalize.js';
export { classifyFromMetadata } from './build/classify.js';
export {
  categoryMapProblem,
  categorySources,
  type CategorySource,
  type CategoryMapCommand,
} from './category-map.js';
export {
  clientLibraries,
  clientLibrary,
  metadataRuleCaches,
  metadataRuleRefusal,
} from './client-libraries/index.js';
export type * from './client-libraries/types.js';
export type { RuleMetadata } from './client-libraries/metadata-rule.js';
export * from './client-matrix/index.js';
export { serverCaptures } from './generated/server-captures.js';
