import { createRequire } from 'node:module';

// Read at run time so `meta` always matches the published package.json (src/ and dist/ sit side by side).
const packageJson = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

export const packageMeta = { name: packageJson.name, version: packageJson.version } as const;
