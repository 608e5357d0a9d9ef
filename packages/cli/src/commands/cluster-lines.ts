import type { ClusterComparison } from './category-map-types.js';

/** A cluster's comparison as plain lines, shared by the table and Markdown formats. */
export function clusterLines(cluster: ClusterComparison): string[] {
  const count = cluster.nodes.length;
  const head = `Read ${count} ${count === 1 ? 'primary' : 'primaries'} (${cluster.via}): ${cluster.nodes.map((n) => n.node).join(', ')}.`;
  if (cluster.disagreements.length === 0) {
    return [head, 'They agree on version, modules, declared tracking categories and every command.'];
  }
  const lines = [head, `They disagree (a read is only as covered as on its worst node):`];
  for (const d of cluster.disagreements) {
    const values = Object.entries(d.values)
      .map(([node, value]) => `${node}: ${value}`)
      .join('; ');
    lines.push(`${d.about === 'command' ? `command ${d.subject}` : d.subject}: ${values}`);
  }
  if (cluster.moreCommandDisagreements) lines.push(`and ${cluster.moreCommandDisagreements} more commands`);
  return lines;
}

/** Disagreements between nodes, for `--fail-on-drift`. */
export const disagreementCount = (cluster: ClusterComparison | undefined): number =>
  cluster ? cluster.disagreements.length + (cluster.moreCommandDisagreements ?? 0) : 0;
