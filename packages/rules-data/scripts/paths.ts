import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const repoDir = join(packageDir, '..', '..');
export const metadataDir = join(repoDir, 'fixtures', 'server-metadata');
export const metadataFile = (server: string, version: string) =>
  join(metadataDir, `${server}-${version}.json`);
export const generatedFile = join(packageDir, 'generated', 'commands.json');
export const commandsDoc = join(repoDir, 'docs', 'commands.md');
export const serverCapturesFile = join(packageDir, 'src', 'generated', 'server-captures.ts');
export const clientsDoc = join(repoDir, 'docs', 'clients.md');
