/**
 * What one node's MONITOR stream says about its clients, for the checks that need several nodes at once:
 * which application clients track there, which read there without tracking, and where tracking connections
 * redirect their invalidations. The audit engine follows connections by address on one node; these facts
 * follow *application clients* (host, library and connection name) so they can be compared across nodes.
 */

/** One application client as far as a node's capture tells it apart: its host, library and connection name. */
export interface ClientFacts {
  /** `host`, then ` lib=…` and ` name=…` when the capture or CLIENT LIST showed them. */
  client: string;
  host: string;
  lib?: string;
  name?: string;
  /** Its connections that turned tracking on (or tracked when the capture began). */
  trackingConnections: number;
  /** Its connections that subscribed to `__redis__:invalidate`, where RESP2 invalidations are delivered. */
  invalidationSubscribers: number;
  /** Its connections that sent READONLY: a cluster client reading from a replica. */
  readonlyConnections?: number;
  /** Commands that read keys, and those sent while their connection did not track. */
  reads: number;
  untrackedReads: number;
  /** The first untracked read, as the log shows it. */
  example?: { line: number; text: string; timestamp: string };
}

/** A `CLIENT TRACKING ON … REDIRECT <id>` seen on the node. */
export interface RedirectFacts {
  address: string;
  client: string;
  id: number;
  count: number;
  firstTimestamp: string;
  line: number;
  example: string;
  /**
   * Live captures only, from CLIENT LIST at the start and the end: whether `id` names a connection of this
   * node, and whether that connection can receive invalidations (RESP3, or RESP2 in Pub/Sub mode).
   */
  target?: { found: boolean; address?: string; canReceive?: boolean };
}

export interface NodeFacts {
  lines: number;
  /** The node's CLIENT LIST was read when the capture began (live), so clients tracking before it are known. */
  clientList?: boolean;
  clients: ClientFacts[];
  redirects: RedirectFacts[];
  /** Connections whose library and name were forgotten to keep memory bounded (they count by host alone). */
  forgottenConnections: number;
}

/** How a connection that tracked before the capture, or showed up in CLIENT LIST, is known. */
export interface KnownConnection {
  address: string;
  tracking: boolean;
  lib?: string;
  name?: string;
}

export const emptyFacts = (): NodeFacts => ({
  lines: 0,
  clients: [],
  redirects: [],
  forgottenConnections: 0,
});

/** The key and label of an application client. */
export function clientKey(host: string, lib: string | undefined, name: string | undefined): string {
  return `${host}${lib ? ` lib=${lib}` : ''}${name ? ` name=${name}` : ''}`;
}
