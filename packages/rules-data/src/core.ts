// What a process that only classifies invocations needs (the MONITOR audit's worker threads): the data,
// `categorize` and what it reads of an invocation, without the client-library models, the server captures or
// the Markdown helpers, which cost every thread that loads them several megabytes (`@valkey-track/rules-data/core`).
export { categorize } from './categorize.js';
export { lookup, commands } from './lookup.js';
export { literalPrefix, prefixCovers } from './invocation/literal-prefix.js';
export { extractKeys } from './invocation/extract-keys.js';
export { hashFieldTtlKeys } from './invocation/hash-field-ttl-keys.js';
export { fieldTtlEffects, fieldTtlRole, type FieldTtlEffects } from './invocation/field-ttl-effects.js';
export { versionScope, metadataOn, verdictOnVersion, type VersionScope } from './versions/version-scope.js';
// What `categorize` reads of an invocation, for tools that cache its verdicts (the MONITOR audit).
export { readShape, argStart, type ReadShape, type KeyFacts } from './invocation/read-shape.js';
export { bcastReasons } from './build/mode-notes.js';
export { asciiUpper, asciiLower } from './invocation/ascii-case.js';
export { categoryOf, categoryRank, worseCategory, isNotARead } from './build/category-of.js';
export { dataVersions } from './command-data.js';
export type * from './types.js';
export type * from './metadata/types.js';
export type { ReasonCode } from './reason-codes.js';
