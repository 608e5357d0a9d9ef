import type { CategoryMap, ClusterComparison, NodeDisagreement } from './category-map-types.js';

/** What one node of a cluster said about itself, beside its category map. */
export interface NodeView {
  node: string;
  /** `name@version` of every loaded module, sorted; undefined when MODULE LIST was not allowed. */
  modules?: string[];
  map: CategoryMap;
}

const MAX_COMMAND_DISAGREEMENTS = 50;

function differ(
  views: readonly NodeView[],
  about: NodeDisagreement['about'],
  subject: string,
  value: (view: NodeView) => string | undefined,
): NodeDisagreement | undefined {
  const values = Object.fromEntries(views.map((v) => [v.node, value(v) ?? '(unknown)']));
  const known = views.map(value).filter((v) => v !== undefined);
  return new Set(known).size > 1 ? { about, subject, values } : undefined;
}

/**
 * Where the primaries of a cluster disagree: version, modules, declared tracking categories, and any
 * command whose category or source differs (a module or a declaration loaded on some nodes only). A client
 * caching from every node needs them to agree: a read is only as covered as on its worst node.
 */
export function compareNodes(views: readonly NodeView[], via: string): ClusterComparison {
  const disagreements: NodeDisagreement[] = [];
  const push = (d: NodeDisagreement | undefined) => d && disagreements.push(d);
  push(differ(views, 'version', 'server version', (v) => `${v.map.server.kind} ${v.map.server.version}`));
  push(
    differ(views, 'modules', 'loaded modules', (v) =>
      v.modules ? v.modules.join(', ') || 'none' : undefined,
    ),
  );
  push(
    differ(
      views,
      'tracking categories',
      'declared tracking categories',
      (v) => v.map.server.trackingCategories.join(', ') || 'none',
    ),
  );
  const names = [...new Set(views.flatMap((v) => Object.keys(v.map.commands)))].sort();
  let commands = 0;
  for (const name of names) {
    const d = differ(views, 'command', name, (v) => {
      const entry = v.map.commands[name];
      return entry ? `${entry.category} (${entry.source})` : 'absent';
    });
    if (d && commands++ < MAX_COMMAND_DISAGREEMENTS) disagreements.push(d);
  }
  return {
    via,
    nodes: views.map((v) => ({
      node: v.node,
      kind: v.map.server.kind,
      version: v.map.server.version,
      ...(v.modules ? { modules: v.modules } : {}),
      trackingCategories: v.map.server.trackingCategories,
    })),
    disagreements,
    ...(commands > MAX_COMMAND_DISAGREEMENTS
      ? { moreCommandDisagreements: commands - MAX_COMMAND_DISAGREEMENTS }
      : {}),
  };
}
