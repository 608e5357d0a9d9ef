import type { ClientMatrix, ServerMetadataGaps } from '@valkey-track/rules-data';
import type { YourLibraries } from './project/your-libraries.js';

/** `valkey-track clients --format json`: servers, your libraries, every library's model and commands, the gaps. */
export function clientsJson(
  matrix: ClientMatrix,
  gaps: readonly ServerMetadataGaps[],
  project: YourLibraries,
  source: string,
) {
  return {
    source,
    servers: matrix.servers,
    project,
    libraries: matrix.libraries.map(({ model, rows, support }) => ({ ...model, support, commands: rows })),
    metadataGaps: gaps,
  };
}
