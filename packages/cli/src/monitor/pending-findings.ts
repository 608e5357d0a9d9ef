import { addressOf, type ClientState } from './client-state.js';

/**
 * Adds a client's run of findings to its group. A client's findings come in runs of one shape, so the
 * audit counts a run on the client's state and adds it to the group's bounded client counts (a Map
 * lookup) only when the run ends, the client's state goes, or the groups are read.
 */
export function flushState(s: ClientState): void {
  if (s.pendingGroup === undefined) return;
  // The address becomes a string only when the group's client sample keeps it (and the group is kept).
  if (!s.pendingGroup.dropped && s.pendingGroup.clients.mayKeep(s.hash))
    s.pendingGroup.clients.add(addressOf(s), s.hash, s.pendingCount);
  s.pendingGroup = undefined;
  s.pendingCount = 0;
}
