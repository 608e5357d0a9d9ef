import type { ServerView } from '@valkey-track/rules-data';
import { buildCategoryMap } from '../commands/build-category-map.js';
import { readLiveServer } from '../commands/read-live-server.js';
import { describeTarget, resolveConnection, type ConnectionFlags } from '../connect/connection-options.js';
import { openClient } from '../connect/open-client.js';
import { liveServerView } from './live-server-view.js';

/** Connects (read-only: HELLO, ACL CAT, COMMAND INFO, COMMAND DOCS) and views the server as a cache would. */
export async function readLiveView(flags: ConnectionFlags): Promise<ServerView> {
  const target = resolveConnection(flags);
  const live = await openClient(target);
  try {
    const server = await readLiveServer(
      live,
      'run `valkey-track clients` without --url for the captured servers',
    );
    return liveServerView(server, buildCategoryMap(server, describeTarget(target)));
  } finally {
    await live.close();
  }
}
