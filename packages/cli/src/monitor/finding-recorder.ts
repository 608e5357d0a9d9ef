import type { Verdict } from './classifier.js';
import type { ModeRegistry } from './client-state.js';
import type { CommandInfo } from './command-table.js';
import { newFindingGroup, type FindingGroup, type SerializedGroup } from './finding-group.js';
import { addressHash, type MonitorLine } from './monitor-line.js';

const EXAMPLE_CHARS = 300;

/** Counts the lines of each finding: one group per (shape, mode, verdict) for reads, per command for silent writes. */
export class FindingRecorder {
  private readonly groups = new Map<string, FindingGroup>();

  constructor(private readonly modes: ModeRegistry) {}

  /** The reads and silent writes found, most frequent first. */
  findings(): FindingGroup[] {
    return [...this.groups.values()]
      .filter((g) => g.count > 0)
      .sort((a, b) => b.count - a.count || a.shape.localeCompare(b.shape) || a.key.localeCompare(b.key));
  }

  /** The group of a reportable read verdict; remembered in the verdict, so later lines find it at once. */
  readGroup(verdict: Verdict, explanation: () => string): FindingGroup {
    if (verdict.group) return verdict.group;
    const mode = this.modes.describe(verdict.modeId);
    const key = ['read', verdict.shape, mode, verdict.category, ...verdict.reasons].join('\u0001');
    let group = this.groups.get(key);
    if (!group) {
      group = newFindingGroup({
        key,
        kind: 'read',
        command: verdict.command,
        shape: verdict.shape,
        mode,
        category: verdict.category as 'partial' | 'none',
        reasons: verdict.reasons,
        explanation: explanation(),
      });
      this.groups.set(key, group);
    }
    verdict.group = group;
    return group;
  }

  silentWriteGroup(info: CommandInfo): FindingGroup {
    const key = `silent-write\u0001${info.name}`;
    let group = this.groups.get(key);
    if (!group) {
      group = newFindingGroup({
        key,
        kind: 'silent-write',
        command: info.name,
        shape: info.name.toUpperCase().replace('|', ' '),
        mode: '',
        category: 'none',
        reasons: ['silent-write'],
        explanation: info.entry?.explanation ?? '',
      });
      this.groups.set(key, group);
    }
    return group;
  }

  /** Counts one line: its timestamp, the first line as the example (the client's share is the caller's). */
  count(group: FindingGroup, buf: Uint8Array, line: MonitorLine, lineNumber: number): void {
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
      .map((g) => ({ ...g, clients: g.clients.toJSON() }));
  }

  /**
   * Adds the groups of a later part of the log, `lineOffset` lines further on: counts and clients add up,
   * the first line stays the earlier part's, the last timestamp becomes the later part's.
   */
  merge(groups: SerializedGroup[], lineOffset: number): void {
    for (const other of groups) {
      let group = this.groups.get(other.key);
      if (!group) {
        group = newFindingGroup(other);
        this.groups.set(other.key, group);
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
