import Valkey from 'iovalkey';
import type { ConnectionTarget } from './connection-options.js';
import { describeConnectionError } from './describe-connection-error.js';

/** One live connection and the way to turn its failures into one clear line. */
export interface LiveClient {
  client: Valkey;
  target: ConnectionTarget;
  /** Runs `work`, turning any failure into a UsageError that says what was being done. */
  run<T>(doing: string, work: (client: Valkey) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens a connection that fails fast: no reconnection and no offline queue, so a refused, dropped or silent
 * server becomes one error instead of a hang or a retry loop.
 */
export async function openClient(target: ConnectionTarget, name = 'valkey-track'): Promise<LiveClient> {
  const client = new Valkey({
    host: target.host,
    port: target.port,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    db: target.db,
    ...(target.tls ? { tls: { ...target.tls, servername: target.tls.servername ?? target.host } } : {}),
    connectionName: name,
    lazyConnect: true,
    connectTimeout: target.timeoutMs,
    commandTimeout: target.timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    // The ready check runs INFO, which a restricted ACL user may not be allowed; callers ask for what they need.
    enableReadyCheck: false,
  });
  // iovalkey reports the cause of a failed connect (refused, WRONGPASS, TLS) only as an 'error' event and
  // rejects connect() with a generic "Connection is closed."; the event is kept to explain the rejection.
  let lastEvent: unknown;
  client.on('error', (error: unknown) => {
    lastEvent = error;
  });
  const explain = (error: unknown, doing: string) => {
    const generic = (error as Error)?.message === 'Connection is closed.';
    return describeConnectionError(generic && lastEvent ? lastEvent : error, { target, doing });
  };
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw explain(error, 'connecting');
  }
  return {
    client,
    target,
    async run(doing, work) {
      try {
        return await work(client);
      } catch (error) {
        throw explain(error, doing);
      }
    },
    async close() {
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}
