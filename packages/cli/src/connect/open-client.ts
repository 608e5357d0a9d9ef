import { Valkey } from 'iovalkey';
import { isIP } from 'node:net';
import { describeTarget, type ConnectionTarget } from './connection-options.js';
import { UsageError } from '../util/usage-error.js';
import { describeConnectionError } from './describe-connection-error.js';

/** One live connection and the way to turn its failures into one clear line. */
export interface LiveClient {
  client: Valkey;
  target: ConnectionTarget;
  /** Runs `work`, turning any failure into a UsageError that says what was being done. */
  run<T>(doing: string, work: (client: Valkey) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// SNI may only carry a host name (RFC 6066, section 3); Node warns when given an IP address.
const tlsOptions = ({ tls, host }: ConnectionTarget) => ({
  ...tls,
  ...(tls?.servername || isIP(host) ? {} : { servername: host }),
});

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
    ...(target.tls ? { tls: tlsOptions(target) } : {}),
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
  // Likewise a rejected AUTH is only an event; the next command then fails with NOAUTH, which hides it.
  let lastEvent: unknown;
  let authFailure: unknown;
  client.on('error', (error: unknown) => {
    lastEvent = error;
    if (/^WRONGPASS|invalid password/i.test(String((error as Error)?.message))) authFailure ??= error;
  });
  const explain = (error: unknown, doing: string) => {
    const generic = (error as Error)?.message === 'Connection is closed.';
    const cause = authFailure ?? (generic && lastEvent ? lastEvent : error);
    return describeConnectionError(cause, { target, doing });
  };
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw explain(error, 'connecting');
  }
  // Selected here rather than through iovalkey's `db` option, which ignores a failed SELECT and stays on 0.
  if (target.db !== 0) {
    try {
      await client.select(target.db);
    } catch (error) {
      client.disconnect();
      if (/DB index is out of range/i.test(String((error as Error)?.message))) {
        throw new UsageError(
          `database ${target.db} does not exist on ${describeTarget(target)} (see CONFIG GET databases)`,
        );
      }
      throw explain(error, `selecting database ${target.db}`);
    }
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
      // Every reply has been awaited by then; QUIT would only add a round trip that a dead server never answers.
      client.disconnect();
    },
  };
}
