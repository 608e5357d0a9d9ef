export { categorize } from './categorize.js';
export { lookup, commands } from './lookup.js';
export { reasonCodes, isReasonCode, type ReasonCode } from './reason-codes.js';
export { changeSources, type ChangeSource } from './curated/change-sources.js';
export { literalPrefix, prefixCovers } from './invocation/literal-prefix.js';
export { extractKeys } from './invocation/extract-keys.js';
// What `categorize` reads of an invocation, for tools that cache its verdicts (the MONITOR audit).
export { readShape, argStart, type ReadShape } from './invocation/read-shape.js';
export { bcastReasons } from './build/mode-notes.js';
export { isNotARead } from './build/category-of.js';
export { asciiUpper, asciiLower } from './invocation/ascii-case.js';
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
