import type { Verdict } from './classifier.js';
import type { ModeRegistry } from './client-state.js';
import type { CommandInfo } from './command-table.js';
import { newFindingGroup, type FindingGroup } from './finding-group.js';
import type { MonitorLine } from './monitor-line.js';

const MAX_CLIENTS_PER_GROUP = 10_000;
const EXAMPLE_CHARS = 300;

/** Counts the lines of each finding: one group per (shape, mode, verdict) for reads, per command for silent writes. */
export class FindingRecorder {
  private readonly groups: FindingGroup[] = [];
  private readonly groupIndex = new Map<string, number>();
  private readonly silentGroups = new Map<CommandInfo, FindingGroup>();

  constructor(private readonly modes: ModeRegistry) {}

  /** The reads and silent writes found, most frequent first. */
  findings(): FindingGroup[] {
    return [...this.groups, ...this.silentGroups.values()]
      .filter((g) => g.count > 0)
      .sort((a, b) => b.count - a.count || a.shape.localeCompare(b.shape));
  }

  /** The group of a reportable read verdict; remembered in the verdict, so later lines find it at once. */
  readGroup(verdict: Verdict): FindingGroup {
    if (verdict.slot >= 0) return this.groups[verdict.slot]!;
    const mode = this.modes.describe(verdict.modeId);
    const key = [verdict.shape, mode, verdict.category, ...verdict.reasons].join('\u0001');
    let slot = this.groupIndex.get(key);
    if (slot === undefined) {
      slot = this.groups.length;
      this.groupIndex.set(key, slot);
      this.groups.push(
        newFindingGroup({
          kind: 'read',
          command: verdict.command,
          shape: verdict.shape,
          mode,
          category: verdict.category as 'partial' | 'none',
          reasons: verdict.reasons,
          explanation: verdict.explanation,
        }),
      );
    }
    verdict.slot = slot;
    return this.groups[slot]!;
  }

  silentWriteGroup(info: CommandInfo): FindingGroup {
    let group = this.silentGroups.get(info);
    if (!group) {
      group = newFindingGroup({
        kind: 'silent-write',
        command: info.name,
        shape: info.name.toUpperCase().replace('|', ' '),
        mode: '',
        category: 'none',
        reasons: ['silent-write'],
        explanation: info.entry?.explanation ?? '',
      });
      this.silentGroups.set(info, group);
    }
    return group;
  }

  /** Counts one line: its timestamp as numbers, the first line as the example, the client's share. */
  record(group: FindingGroup, buf: Buffer, line: MonitorLine, lineNumber: number, address: string): void {
    let seconds = 0;
    let i = line.tsStart;
    for (let b = buf[i]!; b !== 0x2e; b = buf[++i]!) seconds = seconds * 10 + (b - 0x30);
    let micros = 0;
    let digits = 0;
    for (i++; i < line.tsEnd && digits < 6; i++, digits++) micros = micros * 10 + (buf[i]! - 0x30);
    for (; digits < 6; digits++) micros *= 10;
    if (group.count === 0) {
      group.firstSeconds = seconds;
      group.firstMicros = micros;
      group.exampleLine = lineNumber;
      const text = buf.toString('latin1', line.tsStart, line.lineEnd);
      group.example = text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS - 3)}...` : text;
    }
    group.count++;
    group.lastSeconds = seconds;
    group.lastMicros = micros;
    if (group.clients.size < MAX_CLIENTS_PER_GROUP || group.clients.has(address)) {
      group.clients.set(address, (group.clients.get(address) ?? 0) + 1);
    }
  }
}
