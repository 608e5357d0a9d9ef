import type { ChalkInstance } from 'chalk';
import {
  describeCell,
  describeDecision,
  describeReasons,
  describeTracking,
  libraryTitle,
  type ClientMatrix,
  type LibraryMatrix,
  type ServerMetadataGaps,
} from '@valkey-track/rules-data';
import { categoryColor } from '../util/category-color.js';
import type { YourLibraries } from './project/your-libraries.js';
import { yourLibrariesLines } from './format-your-libraries.js';

function librarySection(c: ChalkInstance, lib: LibraryMatrix, matrix: ClientMatrix): string[] {
  const { model } = lib;
  const out = [
    `${c.bold(libraryTitle(model))}  ${c.dim(`${describeDecision(model)} · tracking ${describeTracking(model)}${model.decides === 'no-cache' ? '' : ` · caches ${lib.rows.length}`}`)}`,
  ];
  if (model.decides === 'no-cache') return [...out, `  ${model.decision}`, ''];
  const refused = matrix.servers.filter((s) => lib.support[s.label]?.starts === false);
  if (refused.length > 0) {
    out.push(
      `  ${c.yellow(`Refuses to start on ${refused.map((s) => s.label).join(', ')}`)}: ${lib.support[refused[0]!.label]!.why}`,
    );
  }
  const uncovered = lib.rows.filter((r) => r.worst !== 'full' && r.worst !== 'absent');
  if (uncovered.length > 0) {
    const width = Math.max(...uncovered.map((r) => r.command.length));
    const cellWidth = matrix.servers.map((s) =>
      Math.max(s.label.length, ...uncovered.map((r) => describeCell(r.cells[s.label]).length)),
    );
    out.push(
      c.dim(
        `  ${''.padEnd(width)}  ${matrix.servers.map((s, i) => s.label.padEnd(cellWidth[i]!)).join('  ')}  why`,
      ),
    );
    for (const r of uncovered) {
      const cells = matrix.servers.map((s, i) => {
        const text = describeCell(r.cells[s.label]).padEnd(cellWidth[i]!);
        const cell = r.cells[s.label];
        return cell?.state === 'cached' ? categoryColor(c, cell.verdict.worst)(text) : c.dim(text);
      });
      out.push(`  ${r.command.padEnd(width)}  ${cells.join('  ')}  ${c.dim(describeReasons(r))}`);
    }
  }
  const full = lib.rows.filter((r) => r.worst === 'full').length;
  const absent = lib.rows.filter((r) => r.worst === 'absent').length;
  out.push(
    `  ${c.green(`${full} fully covered`)}${absent > 0 ? c.dim(` · ${absent} on none of these servers`) : ''}`,
    '',
  );
  return out;
}

function gapLines(c: ChalkInstance, gaps: readonly ServerMetadataGaps[]): string[] {
  const out = [c.bold("Metadata gaps a cache deciding by the server's own metadata falls into"), ''];
  for (const server of gaps) {
    out.push(`  ${c.underline(server.label)}`);
    if (server.gaps.length === 0) out.push('    none');
    for (const g of server.gaps) {
      out.push(
        `    ${g.command}${g.form ? ` (${g.form})` : ''}: ${categoryColor(c, g.verdict.worst)(g.verdict.worst)} — ${g.missing.join('; ')}. ${c.dim(`Fix: ${g.fixes.join('; ')}.`)}`,
      );
    }
    if (server.misses.length > 0) {
      out.push(
        c.dim(
          `    refused although fully covered: ${server.misses.map((m) => `${m.command} (${m.refusal})`).join(', ')}`,
        ),
      );
    }
    if (server.writingReadonly.length > 0) {
      out.push(
        c.dim(
          `    readonly but a key spec writes: ${server.writingReadonly.map((w) => w.command).join(', ')}`,
        ),
      );
    }
    out.push('');
  }
  return out;
}

/** `valkey-track clients` for people: your libraries, then each library's uncovered commands, then the gaps. */
export function formatClientsText(
  c: ChalkInstance,
  matrix: ClientMatrix,
  gaps: readonly ServerMetadataGaps[],
  project: YourLibraries | undefined,
  source: string,
): string {
  const out = [
    c.dim(
      `Client-side caches and CLIENT TRACKING on ${matrix.servers.map((s) => s.label).join(', ')} (${source})`,
    ),
    '',
  ];
  if (project && project.packages.length > 0) {
    out.push(c.bold(`Your project (${project.directory})`));
    for (const line of yourLibrariesLines(project)) out.push(`  ${line}`);
    out.push('');
  }
  for (const lib of matrix.libraries) out.push(...librarySection(c, lib, matrix));
  out.push(...gapLines(c, gaps));
  return `${out.join('\n').trimEnd()}\n`;
}
