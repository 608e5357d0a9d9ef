import type {
  EvidenceConnection,
  EvidenceConnections,
  Invalidation,
} from '@valkey-track/rules-data/evidence';
import type { Valkey } from 'iovalkey';
import type { ConnectionTarget } from '../connect/connection-options.js';
import { describeConnectionError } from '../connect/describe-connection-error.js';
import { openClient, type LiveClient } from '../connect/open-client.js';
import type { UsageError } from '../util/usage-error.js';
import type { RunIdentity } from './run-identity.js';
import { slotMovedFrom } from './slot-moved.js';

// https://valkey.io/topics/client-side-caching/: RESP2 clients receive invalidations as messages on this
// channel, on the connection that tracking redirects to.
const INVALIDATE_CHANNEL = '__redis__:invalidate';

export interface OpenedEvidenceConnections {
  connections: EvidenceConnections;
  /** The first failure of a connection itself (closed, timed out), as opposed to an error reply. */
  connectionFailure(): UsageError | undefined;
  close(): Promise<void>;
}

const decode = (key: unknown) =>
  key instanceof Uint8Array ? Buffer.from(key).toString('utf8') : String(key);

/**
 * Adapts iovalkey to the evidence engine: a tracking connection, a plain one that prepares, writes and
 * re-reads, and a subscriber the tracking connection redirects its invalidations to. Replies stay binary
 * (callBuffer) so the engine compares values byte for byte.
 */
export async function openEvidenceConnections(
  target: ConnectionTarget,
  run: RunIdentity,
): Promise<OpenedEvidenceConnections> {
  const opened: LiveClient[] = [];
  const closeAll = () => Promise.all(opened.map((c) => c.close())).then(() => undefined);
  let failure: UsageError | undefined;
  try {
    for (const role of ['tracking', 'plain', 'invalidations']) {
      opened.push(await openClient(target, run.connectionName(role)));
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  const [tracking, plain, subscriber] = opened as [LiveClient, LiveClient, LiveClient];

  const asConnection = (client: Valkey): EvidenceConnection => ({
    async call([command, ...args]) {
      try {
        return await client.callBuffer(
          String(command),
          ...args.map((a) => (typeof a === 'string' ? a : Buffer.from(a))),
        );
      } catch (error) {
        // A redirection is no verdict on the command: the run's slot left the node, so the run must stop.
        const moved = slotMovedFrom(String((error as Error)?.message ?? ''));
        if (moved) failure ??= moved;
        else if ((error as Error)?.name !== 'ReplyError') {
          failure ??= describeConnectionError(error, {
            target,
            doing: `sending ${String(command).toUpperCase()}`,
          });
        }
        throw error;
      }
    },
  });

  const clientId = Number(await subscriber.run('reading CLIENT ID', (c) => c.client('ID')));
  const received: Invalidation[] = [];
  subscriber.client.on('messageBuffer', (channel: Buffer, message: unknown) => {
    if (channel.toString() !== INVALIDATE_CHANNEL) return;
    // A nil payload means the whole keyspace was flushed (FLUSHALL/FLUSHDB).
    received.push(Array.isArray(message) ? { kind: 'keys', keys: message.map(decode) } : { kind: 'flush' });
  });
  await subscriber.run(`subscribing to ${INVALIDATE_CHANNEL}`, (c) => c.subscribe(INVALIDATE_CHANNEL));

  return {
    connections: {
      tracking: asConnection(tracking.client),
      observer: asConnection(plain.client),
      writer: asConnection(plain.client),
      invalidations: {
        clientId,
        // PING on a subscribed connection is answered after every message already queued for it.
        sync: async () => {
          try {
            await subscriber.run('waiting for invalidations', (c) => c.ping());
          } catch (error) {
            failure ??= error as UsageError;
            throw error;
          }
        },
        drain: () => received.splice(0, received.length),
        subscribe: async (channel) => {
          await subscriber.run(`subscribing to ${channel}`, (c) => c.subscribe(channel));
        },
        unsubscribe: async (channel) => {
          await subscriber.run(`unsubscribing from ${channel}`, (c) => c.unsubscribe(channel));
        },
      },
    },
    connectionFailure: () => failure,
    close: closeAll,
  };
}
