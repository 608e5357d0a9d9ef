export { buildClientMatrix, libraryMatrix, supportOn } from './build-matrix.js';
export { bundledVerdict, cacheReasons, unknownVerdict, worseVerdict } from './bundled-verdict.js';
export { clientMatrixOf } from './clients-doc.js';
export { compareVersions } from './compare-versions.js';
export {
  describeCell,
  describeDecision,
  describeReasons,
  describeSource,
  describeTracking,
  libraryTitle,
  wireName,
} from './describe.js';
export { metadataGaps } from './metadata-gaps.js';
export type { MetadataGap, RuleMiss, ServerMetadataGaps, WritingReadonly } from './metadata-gaps.js';
export { renderClientsMarkdown, renderMetadataGaps, type ClientsDocOptions } from './render-markdown.js';
export { byServerAndVersion, capturedCommand, capturedView } from './server-views.js';
export type * from './types.js';
