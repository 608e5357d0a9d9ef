import { BoundedRecords } from './bounded-counts.js';
import type { Verdict } from './classifier.js';
import type { ModeRegistry } from './client-state.js';
import type { CommandInfo } from './command-table.js';
import { newFindingGroup, type FindingGroup, type SerializedGroup } from './finding-group.js';
import { addressHash, type MonitorLine } from './monitor-line.js';

const EXAMPLE_CHARS = 300;
/**
 * Commands the data does not know, kept as findings of their own; past this many, a fixed sample of this
 * many (`BoundedRecords`, the same whatever the order or the threads). A server runs only commands it has,
 * so a real log names a few dozen (module commands, a newer server's); only a forged one names more.
 */
export const MAX_UNKNOWN_COMMANDS = 1000;

/** The lines of the unknown commands left out of the sample, for sending between threads. */
export interface SerializedUnknownSample {
  thresholdHash: number;
  thresholdKey: string;
  droppedLines: number;
}

/**
 * Counts the lines of each finding: one group per (shape, mode, verdict) for reads and for commands the
 * data does not know, per command for silent writes.
 */
export class FindingRecorder {
  private readonly groups = new Map<string, FindingGroup>();
  private readonly unknown = new BoundedRecords<FindingGroup>(MAX_UNKNOWN_COMMANDS, addressHash);
  /** Lines of unknown commands outside the sample. */
  droppedUnknownLines = 0;

  constructor(private readonly modes: ModeRegistry) {
    this.unknown.onDrop = (dropped) => {
      for (const g of dropped) {
        g.dropped = true;
        this.droppedUnknownLines += g.count;
        this.groups.delete(g.key);
      }
    };
  }

  /** The reads, unknown commands and silent writes found, most frequent first. */
  findings(): FindingGroup[] {
    this.unknown.finish();
    return [...this.groups.values()]
      .filter((g) => g.count > 0)
      .sort((a, b) => b.count - a.count || a.shape.localeCompare(b.shape) || a.key.localeCompare(b.key));
  }

  /** The group of a reportable verdict; remembered in the verdict, so later lines find it at once. */
  readGroup(verdict: Verdict, explanation: () => string): FindingGroup {
    if (verdict.group && !verdict.group.dropped) return verdict.group;
    const mode = this.modes.describe(verdict.modeId);
    const kind = verdict.category === 'unknown' ? 'unknown' : 'read';
    const key = [kind, verdict.shape, mode, verdict.category, ...verdict.reasons].join('\u0001');
    const fields = {
      key,
      kind,
      command: verdict.command,
      shape: verdict.shape,
      mode,
      category: verdict.category as FindingGroup['category'],
      reasons: verdict.reasons,
    } as const;
    const group = this.obtain(key, () => newFindingGroup({ ...fields, explanation: explanation() }));
    verdict.group = group;
    return group;
  }

  /** The group of `key`, made by `create` when new: unknown commands' groups go through the bounded sample. */
  private obtain(key: string, create: () => FindingGroup): FindingGroup {
    let group = this.groups.get(key);
    if (group) return group;
    if (key.startsWith('unknown\u0001')) {
      group = this.unknown.obtain(key, addressHash(key), create) ?? DROPPED;
      if (group === DROPPED) return group;
    } else {
      group = create();
    }
    this.groups.set(key, group);
    return group;
  }

  silentWriteGroup(info: CommandInfo): FindingGroup {
    const key = `silent-write\u0001${info.name}`;
    return this.obtain(key, () =>
      newFindingGroup({
        key,
        kind: 'silent-write',
        command: info.name,
        shape: info.name.toUpperCase().replace('|', ' '),
        mode: '',
        category: 'none',
        reasons: ['silent-write'],
        explanation: info.entry?.explanation ?? '',
      }),
    );
  }

  /** Counts one line: its timestamp, the first line as the example (the client's share is the caller's). */
  count(group: FindingGroup, buf: Uint8Array, line: MonitorLine, lineNumber: number): void {
    if (group.dropped) {
      this.droppedUnknownLines++;
      return;
    }
    if (group.count === 0) {
      group.firstSeconds = line.seconds;
      group.firstMicros = line.micros;
      group.exampleLine = lineNumber;
      const text = Buffer.from(buf.buffer, buf.byteOffset + line.tsStart, line.lineEnd - line.tsStart)
        .subarray(0, EXAMPLE_CHARS + 1)
        .toString('latin1');
      group.example = text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS - 3)}...` : text;
    }
    group.count++;
    group.lastSeconds = line.seconds;
    group.lastMicros = line.micros;
  }

  toJSON(): SerializedGroup[] {
    return [...this.groups.values()]
      .filter((g) => g.count > 0)
      .map(({ dropped: _, slot: __, ...g }) => ({ ...g, clients: g.clients.toJSON() }));
  }

  unknownSample(): SerializedUnknownSample {
    return { ...this.unknown.threshold(), droppedLines: this.droppedUnknownLines };
  }

  /**
   * Adds the groups of a later part of the log, `lineOffset` lines further on: counts and clients add up,
   * the first line stays the earlier part's, the last timestamp becomes the later part's.
   */
  merge(groups: SerializedGroup[], lineOffset: number, unknown: SerializedUnknownSample): void {
    this.unknown.lowerTo(unknown);
    this.droppedUnknownLines += unknown.droppedLines;
    for (const other of groups) {
      const group = this.obtain(other.key, () => newFindingGroup(other));
      if (group.dropped) {
        this.droppedUnknownLines += other.count;
        continue;
      }
      if (group.count === 0) {
        group.firstSeconds = other.firstSeconds;
        group.firstMicros = other.firstMicros;
        group.exampleLine = other.exampleLine + lineOffset;
        group.example = other.example;
        group.explanation = other.explanation;
      }
      group.count += other.count;
      group.lastSeconds = other.lastSeconds;
      group.lastMicros = other.lastMicros;
      group.clients.merge(other.clients, addressHash);
    }
  }
}

/** Where the lines of an unknown command outside the sample go: counted apart, never reported. */
const DROPPED: FindingGroup = newFindingGroup({
  key: '',
  kind: 'unknown',
  command: '',
  shape: '',
  mode: '',
  category: 'unknown',
  reasons: [],
  explanation: '',
});
DROPPED.dropped = true;
