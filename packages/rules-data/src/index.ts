export { categorize } from './categorize.js';
export { lookup, commands } from './lookup.js';
export { reasonCodes, isReasonCode, type ReasonCode } from './reason-codes.js';
export { changeSources, type ChangeSource } from './curated/change-sources.js';
export { literalPrefix, prefixCovers } from './invocation/literal-prefix.js';
export { extractKeys } from './invocation/extract-keys.js';
export { normalizeMetadata, serverFromInfo } from './metadata/normalize.js';
export { classifyFromMetadata } from './build/classify.js';
export { categoryOf, categoryRank, worseCategory } from './build/category-of.js';
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
export { markdownCell } from './markdown/markdown-cell.js';
