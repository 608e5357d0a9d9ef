import { Redis } from 'iovalkey';
import { normalizeMetadata, serverFromInfo } from '../src/metadata/normalize.js';
import type { ServerMetadata } from '../src/metadata/types.js';

/** Reads one live server's command metadata (read-only: INFO, COMMAND INFO, COMMAND DOCS). */
export async function fetchMetadata(url: string): Promise<ServerMetadata> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  try {
    await client.connect();
    const { server, version } = serverFromInfo(String(await client.info('server')));
    const info = await client.call('COMMAND', 'INFO');
    const docs = await client.call('COMMAND', 'DOCS');
    return normalizeMetadata(server, version, info, docs);
  } finally {
    client.disconnect();
  }
}
