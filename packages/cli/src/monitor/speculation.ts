import { ClientRegistry } from './client-registry.js';
import { applyClientTracking, ModeRegistry } from './client-state.js';
import { assumptionOf, type Assumption } from './range-watch.js';
import type { TrackingEvent } from './tracking-prepass.js';
import type { AssumedTracking } from './tracking-clients-option.js';

/**
 * The client state at each of `boundaries` (offsets, increasing), as far as the CLIENT TRACKING lines
 * before it tell: the clients assumed to track, then every TRACKING line replayed in order. It is a
 * guess (RESET, HELLO, QUIT and MULTI are not replayed); each worker records what it relied on, and the
 * main thread redoes any range whose guess was wrong.
 */
export function speculate(
  events: TrackingEvent[],
  assumed: AssumedTracking[],
  boundaries: number[],
): (Assumption & { lastTouch: number })[][] {
  const modes = new ModeRegistry();
  const registry = new ClientRegistry(
    modes,
    assumed.find((a) => a.address === '*'),
    Number.MAX_SAFE_INTEGER,
  );
  for (const a of assumed) {
    if (a.address === '*') continue;
    const s = registry.create(a.address);
    s.tracking = true;
    s.mode = a.mode;
    s.prefixes = a.prefixes;
    s.modeId = modes.id(a.mode, a.prefixes);
    s.assumed = true;
    registry.settle(s, false, false);
  }
  const out: (Assumption & { lastTouch: number })[][] = [];
  let next = 0;
  for (const boundary of boundaries) {
    for (; next < events.length && events[next]!.offset < boundary; next++) {
      const e = events[next]!;
      const held = registry.get(e.address);
      const s = held ?? registry.create(e.address);
      const wasTracking = s.tracking;
      applyClientTracking(s, e.argv, modes);
      registry.settle(s, wasTracking, held !== undefined);
    }
    out.push([...registry.states()].map((s) => ({ ...assumptionOf(s), lastTouch: 0 })));
  }
  return out;
}
