/** Every logged line of one reportable verdict (or one silent write), counted without keeping the lines. */
export interface FindingGroup {
  kind: 'read' | 'silent-write';
  command: string;
  shape: string;
  /** The tracking mode of the clients whose reads these are; for silent writes, empty. */
  mode: string;
  category: 'partial' | 'none';
  reasons: string[];
  explanation: string;
  count: number;
  /** Timestamps as seconds and microseconds, so the hot path makes no string. */
  firstSeconds: number;
  firstMicros: number;
  lastSeconds: number;
  lastMicros: number;
  /** Lines per client address (for `lua` lines, the address of the script's caller). */
  clients: Map<string, number>;
  exampleLine: number;
  example: string;
}

export function newFindingGroup(
  fields: Pick<FindingGroup, 'kind' | 'command' | 'shape' | 'mode' | 'category' | 'reasons' | 'explanation'>,
): FindingGroup {
  return {
    ...fields,
    count: 0,
    firstSeconds: 0,
    firstMicros: 0,
    lastSeconds: 0,
    lastMicros: 0,
    clients: new Map(),
    exampleLine: 0,
    example: '',
  };
}

/** `1700000000.123456`, as MONITOR prints it. */
export const formatTimestamp = (seconds: number, micros: number) =>
  `${seconds}.${String(micros).padStart(6, '0')}`;

/** The clients with most lines first, at most `limit`. */
export function topClients(group: FindingGroup, limit: number): { address: string; count: number }[] {
  return [...group.clients]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([address, count]) => ({ address, count }));
}
