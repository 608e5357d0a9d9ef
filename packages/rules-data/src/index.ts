export { categorize } from './categorize.js';
export { entryVerdict, type EntryVerdict } from './entry-verdict.js';
export {
  misleadingMetadata,
  type MisleadingKind,
  type MisleadingMetadata,
} from './metadata/misleading-metadata.js';
export { lookup, commands } from './lookup.js';
export { reasonCodes, isReasonCode, type ReasonCode } from './reason-codes.js';
export { changeSources, type ChangeSource } from './curated/change-sources.js';
export { literalPrefix, prefixCovers } from './invocation/literal-prefix.js';
export { extractKeys } from './invocation/extract-keys.js';
export { hashFieldTtlKeys } from './invocation/hash-field-ttl-keys.js';
export { fieldTtlEffects, fieldTtlRole, type FieldTtlEffects } from './invocation/field-ttl-effects.js';
export { versionScope, metadataOn, verdictOnVersion, type VersionScope } from './versions/version-scope.js';
export {
  versionLabel,
  parseVersionLabel,
  compareVersions,
  versionMatches,
} from './versions/version-label.js';
export { selectorMatches, labelMatches, type VersionSelector } from './versions/version-selector.js';
export { versionRange } from './versions/version-range.js';
export { markdownCell, markdownCode, markdownRow, markdownHeader } from './markdown/markdown-table.js';
// What `categorize` reads of an invocation, for tools that cache its verdicts (the MONITOR audit).
export { readShape, argStart, type ReadShape, type KeyFacts } from './invocation/read-shape.js';
export { bcastReasons } from './build/mode-notes.js';
export { asciiUpper, asciiLower } from './invocation/ascii-case.js';
export { normalizeMetadata, serverFromInfo, docsArguments } from './metadata/normalize.js';
export { classifyFromMetadata } from './build/classify.js';
export { categoryOf, categoryRank, worseCategory, isNotARead } from './build/category-of.js';
export { dataVersions } from './generated/commands.js';
export type * from './types.js';
export type * from './metadata/types.js';
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
