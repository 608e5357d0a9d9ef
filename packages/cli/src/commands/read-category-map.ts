import { describeTarget, resolveConnection, type ConnectionFlags } from '../connect/connection-options.js';
import { openClient } from '../connect/open-client.js';
import { buildCategoryMap } from './build-category-map.js';
import type { CategoryMap } from './category-map-types.js';
import { readLiveServer } from './read-live-server.js';

/** Connects, reads the server's declarations and metadata, and gives every command its tracking category. */
export async function readCategoryMap(flags: ConnectionFlags): Promise<CategoryMap> {
  const target = resolveConnection(flags);
  const live = await openClient(target);
  try {
    return buildCategoryMap(await readLiveServer(live), describeTarget(target));
  } finally {
    await live.close();
  }
}
