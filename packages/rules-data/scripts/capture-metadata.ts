// Captures a live server's COMMAND INFO / COMMAND DOCS into fixtures/server-metadata/<server>-<version>.json,
// the input of scripts/generate.ts.   Usage: pnpm --filter @valkey-track/rules-data capture <redis://url>...
import { writeFileSync, mkdirSync } from 'node:fs';
import { fetchMetadata } from './live-metadata.js';
import { metadataDir, metadataFile } from './paths.js';

const urls = process.argv.slice(2);
if (urls.length === 0) {
  console.error('usage: capture-metadata.ts <redis://127.0.0.1:PORT> [...]');
  process.exit(2);
}
mkdirSync(metadataDir, { recursive: true });
for (const url of urls) {
  const meta = await fetchMetadata(url);
  const file = metadataFile(meta.server, meta.version);
  writeFileSync(file, JSON.stringify(meta, null, 1) + '\n');
  console.log(`${meta.server} ${meta.version}: ${Object.keys(meta.commands).length} commands -> ${file}`);
}
