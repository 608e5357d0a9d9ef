import { UsageError } from '../util/usage-error.js';

/**
 * A MOVED or ASK reply to one of the run's commands: the slot of its hash tag moved (or is moving) to another
 * node mid-run, a resharding or a failover (https://valkey.io/topics/cluster-spec/, "Redirection and
 * resharding"). Tracking is per node, so the run cannot follow the keys: it stops and cleans up on both nodes.
 */
export class SlotMoved extends UsageError {
  constructor(
    readonly redirect: 'MOVED' | 'ASK',
    readonly slot: number,
    readonly host: string,
    readonly port: number,
  ) {
    super(
      `the slot ${slot} of the run's keys ${redirect === 'MOVED' ? 'moved' : 'is moving'} to ${host}:${port} (${redirect})`,
    );
  }
}

/** The redirection in an error reply (`MOVED 3999 127.0.0.1:6381`, `ASK 3999 [::1]:6381`), if it is one. */
export function slotMovedFrom(message: string): SlotMoved | undefined {
  const match = /^(MOVED|ASK) (\d+) (.+):(\d+)$/.exec(message.trim());
  if (!match) return undefined;
  const host = match[3]!.replace(/^\[(.*)\]$/, '$1');
  return new SlotMoved(match[1] as 'MOVED' | 'ASK', Number(match[2]), host, Number(match[4]));
}
