import { Redis } from 'iovalkey';
import type { EvidenceConnection, EvidenceConnections, Invalidation } from '../../../src/evidence/index.js';

const open = async (url: string): Promise<Redis> => {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableReadyCheck: false });
  await client.connect();
  return client;
};

const asConnection = (client: Redis): EvidenceConnection => ({
  call: ([command, ...args]) =>
    client.callBuffer(String(command), ...args.map((a) => (typeof a === 'string' ? a : Buffer.from(a)))),
});

const decode = (key: unknown) =>
  key instanceof Uint8Array ? Buffer.from(key).toString('utf8') : String(key);

export interface OpenedConnections {
  connections: EvidenceConnections;
  close(): Promise<void>;
}

/**
 * Adapts iovalkey (RESP2 only) to the evidence engine: a tracking connection redirecting to a subscriber on
 * `__redis__:invalidate`, and a plain connection that prepares, writes and re-reads.
 */
export const openEvidenceConnections = async (url: string): Promise<OpenedConnections> => {
  const [tracking, plain, subscriber] = await Promise.all([open(url), open(url), open(url)]);
  const clientId = Number(await subscriber.client('ID'));
  const received: Invalidation[] = [];
  subscriber.on('messageBuffer', (channel: Buffer, message: unknown) => {
    if (channel.toString() !== '__redis__:invalidate') return;
    received.push(Array.isArray(message) ? { kind: 'keys', keys: message.map(decode) } : { kind: 'flush' });
  });
  await subscriber.subscribe('__redis__:invalidate');
  const connections: EvidenceConnections = {
    tracking: asConnection(tracking),
    observer: asConnection(plain),
    writer: asConnection(plain),
    invalidations: {
      clientId,
      sync: async () => {
        await subscriber.ping();
      },
      drain: () => received.splice(0, received.length),
      subscribe: async (channel) => {
        await subscriber.subscribe(channel);
      },
      unsubscribe: async (channel) => {
        await subscriber.unsubscribe(channel);
      },
    },
  };
  return {
    connections,
    close: async () => {
      await Promise.all([tracking.quit(), plain.quit(), subscriber.quit()]);
    },
  };
};
