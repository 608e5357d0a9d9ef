import { addressOf, type ClientState } from './client-state.js';
import type { FindingGroup } from './finding-group.js';

/** Entries per client, as a power of two: a client's findings of up to 16 groups are counted without a lookup. */
const GROUP_BITS = 4;
export const GROUPS_PER_CLIENT = 1 << GROUP_BITS;
/** Entries in all: room for 1,024 clients at once (collisions only cost an early flush). */
const ENTRIES = 1024 * GROUPS_PER_CLIENT;
const MASK = ENTRIES - 1;

/**
 * The findings counted per (client, group) and not yet added to the group's bounded client counts (a Map
 * lookup by address string). A tracking client's findings are a handful of groups (one per shape it reads
 * that tracking does not cover), interleaved; so each line adds one to a counter in a direct-mapped table,
 * found from the client's address hash and the group's `slot` with no string and no Map, and the counter is
 * added to the group only when another (client, group) needs its entry, the client's state is reused for
 * another address, or the groups are read.
 *
 * A client's entries are contiguous, so the few a line touches share a cache line or two. What is added
 * never depends on when it is flushed: the counts add up and the groups' client samples are kept by hash
 * (`BoundedRecords`), whatever the order.
 */
export class PendingFindings {
  private readonly states: (ClientState | undefined)[] = new Array<ClientState | undefined>(ENTRIES).fill(
    undefined,
  );
  private readonly groups: (FindingGroup | undefined)[] = new Array<FindingGroup | undefined>(ENTRIES).fill(
    undefined,
  );
  private readonly counts = new Float64Array(ENTRIES);

  /** One finding of `group` from the client of `state`. */
  add(state: ClientState, group: FindingGroup): void {
    const i = ((state.hash << GROUP_BITS) + group.slot) & MASK;
    if (this.states[i] === state && this.groups[i] === group) {
      this.counts[i]!++;
      return;
    }
    if (this.states[i] !== undefined) this.flushAt(i);
    this.states[i] = state;
    this.groups[i] = group;
    this.counts[i] = 1;
  }

  /** Adds a state's counts to their groups: before the state is reused for another address. */
  flushState(state: ClientState): void {
    const base = state.hash << GROUP_BITS;
    for (let g = 0; g < GROUPS_PER_CLIENT; g++) {
      const i = (base + g) & MASK;
      if (this.states[i] === state) this.flushAt(i);
    }
  }

  /** Adds every count to its group (before the groups are read). */
  flushAll(): void {
    for (let i = 0; i < ENTRIES; i++) if (this.states[i] !== undefined) this.flushAt(i);
  }

  private flushAt(i: number): void {
    const state = this.states[i]!;
    const group = this.groups[i]!;
    // The address becomes a string only when the group's client sample keeps it (and the group is kept).
    if (!group.dropped && group.clients.mayKeep(state.hash))
      group.clients.add(addressOf(state), state.hash, this.counts[i]!);
    this.states[i] = undefined;
    this.groups[i] = undefined;
    this.counts[i] = 0;
  }
}
