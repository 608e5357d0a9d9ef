// Regenerates generated/commands.json, src/generated/server-captures.ts, docs/commands.md and docs/clients.md
// from fixtures/server-metadata, src/curated and src/client-libraries.
// With server URLs, first captures their metadata into fixtures/server-metadata (see capture-metadata.ts).
//   pnpm generate [redis://127.0.0.1:PORT ...]
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fetchMetadata } from './live-metadata.js';
import {
  clientsDoc,
  commandsDoc,
  generatedFile,
  metadataDir,
  metadataFile,
  serverCapturesFile,
} from './paths.js';
import type { ServerMetadata } from '../src/metadata/types.js';
import { buildFromSnapshots } from '../src/build/build-from-snapshots.js';
import { renderServerCaptures } from '../src/build/render-server-captures.js';
import { buildClientsDoc } from '../src/client-matrix/clients-doc.js';

for (const url of process.argv.slice(2)) {
  const meta = await fetchMetadata(url);
  writeFileSync(metadataFile(meta.server, meta.version), JSON.stringify(meta, null, 1) + '\n');
  console.log(`captured ${meta.server} ${meta.version}`);
}

const snapshots: ServerMetadata[] = readdirSync(metadataDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(metadataDir, f), 'utf8')) as ServerMetadata);

const { generated, doc, entries } = buildFromSnapshots(snapshots);
mkdirSync(dirname(generatedFile), { recursive: true });
writeFileSync(generatedFile, generated);
mkdirSync(dirname(commandsDoc), { recursive: true });
writeFileSync(commandsDoc, doc);
writeFileSync(serverCapturesFile, renderServerCaptures(snapshots));
writeFileSync(clientsDoc, buildClientsDoc(snapshots, entries));
console.log(
  `${entries.length} entries -> ${generatedFile}\n${commandsDoc}\n${serverCapturesFile}\n${clientsDoc}`,
);
