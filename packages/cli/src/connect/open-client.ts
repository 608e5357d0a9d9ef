import { Valkey } from 'iovalkey';
import { isIP } from 'node:net';
import { describeTarget, type ConnectionTarget } from './connection-options.js';
import { UsageError } from '../util/usage-error.js';
import {
  describeConnectionError,
  isConnectionClosed,
  type ConnectStage,
} from './describe-connection-error.js';
import { speaksTls } from './speaks-tls.js';

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

/** iovalkey's own connect timer only backs ours up: `--timeout` bounds the whole connect, handshake included. */
const BACKSTOP_MS = 1000;

const isReplyError = (error: unknown) => (error as Error)?.name === 'ReplyError';

/**
 * Opens a connection that fails fast: no reconnection and no offline queue, so a refused, dropped or silent
 * server becomes one error instead of a hang or a retry loop. The connect — TCP, TLS, AUTH, a first reply
 * (`CLIENT SETNAME`) and SELECT — is bounded as a whole by the target's timeout.
 */
export async function openClient(target: ConnectionTarget, name = 'valkey-track'): Promise<LiveClient> {
  const client = new Valkey({
    host: target.host,
    port: target.port,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: tlsOptions(target) } : {}),
    lazyConnect: true,
    connectTimeout: target.timeoutMs + BACKSTOP_MS,
    commandTimeout: target.timeoutMs,
    retryStrategy: () => null,
    // How long a closed connection waits for the server's side to close before iovalkey destroys it; its
    // default (2 s) also holds the process open after a failure, since a late command timeout closes again.
    disconnectTimeout: 100,
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
  const explain = (error: unknown, doing: string, stage?: ConnectStage) => {
    const generic = (error as Error)?.message === 'Connection is closed.';
    const cause = authFailure ?? (generic && lastEvent ? lastEvent : error);
    return describeConnectionError(cause, { target, doing, ...(stage ? { stage } : {}) });
  };

  let stage: ConnectStage = 'connecting';
  // Set when the deadline has won: the handshake, failing after it, must not start anything new.
  let expired = false;
  // While iovalkey is still connecting, its socket tells whether TCP is up and only the TLS session is not.
  const stageNow = (): ConnectStage => {
    if (stage !== 'connecting') return stage;
    const socket = client.stream as { connecting?: boolean } | undefined;
    return target.tls && socket && socket.connecting === false ? 'tls-handshake' : 'connecting';
  };
  const handshake = async () => {
    try {
      await client.connect();
    } catch (error) {
      throw explain(error, 'connecting', stageNow());
    }
    stage = 'first-reply';
    try {
      // Any reply, even a refusal (NOPERM), shows a Valkey or Redis server answering on the connection.
      await client.call('CLIENT', 'SETNAME', name);
    } catch (error) {
      if (authFailure || !isReplyError(error) || /^NOAUTH/.test(String((error as Error).message))) {
        const cause = lastEvent ?? error;
        if (
          !expired &&
          !target.tls &&
          isConnectionClosed(cause) &&
          (await speaksTls(target.host, target.port, target.timeoutMs))
        ) {
          // A TLS port drops plain RESP at once; the probe makes the hint a fact, not a guess.
          const tlsUrl = target.scheme ? `${target.scheme}s:// or ` : '';
          throw new UsageError(
            `the server at ${describeTarget(target)} speaks TLS and dropped the plain connection: connect with ${tlsUrl}--tls`,
          );
        }
        throw explain(error, 'connecting', stage);
      }
    }
    stage = 'selecting';
    // Selected here rather than through iovalkey's `db` option, which ignores a failed SELECT and stays on 0.
    if (target.db !== 0) {
      try {
        await client.select(target.db);
      } catch (error) {
        if (/DB index is out of range/i.test(String((error as Error)?.message))) {
          throw new UsageError(
            `database ${target.db} does not exist on ${describeTarget(target)} (see CONFIG GET databases)`,
          );
        }
        throw explain(error, `selecting database ${target.db}`);
      }
    }
  };

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(
        describeConnectionError(null, { target, doing: 'connecting', stage: stageNow(), timedOut: true }),
      );
    }, target.timeoutMs);
  });
  const work = handshake();
  // Once the deadline wins, the disconnect below makes the handshake fail too; that failure is not news.
  work.catch(() => {});
  try {
    await Promise.race([work, deadline]);
  } catch (error) {
    client.disconnect();
    // disconnect() only half-closes (FIN); a server that never answered may never close its side either.
    client.stream?.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
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
