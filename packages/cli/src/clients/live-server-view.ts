import {
  bundledVerdict,
  capturedCommand,
  cacheReasons,
  unknownVerdict,
  type CacheTracking,
  type CommandVerdict,
  type ServerView,
} from '@valkey-track/rules-data';
import type { CategoryMap } from '../commands/category-map-types.js';
import type { LiveServer } from '../commands/read-live-server.js';

/**
 * A live server as the client matrix sees it: its own `COMMAND INFO` (what a rule on server metadata reads)
 * and its category map (a tracking category it declares, a `dont_cache` tip, the bundled data, or an
 * inference, in that order of authority).
 */
export function liveServerView(live: LiveServer, map: CategoryMap): ServerView {
  const commands = Object.fromEntries(
    Object.entries(live.metadata.commands).map(([name, meta]) => [name, capturedCommand(meta)]),
  );
  return {
    label: `${live.kind} ${live.version} at ${map.server.address}`,
    server: live.kind,
    version: live.version,
    commands,
    verdict(command: string, tracking: CacheTracking): CommandVerdict {
      const entry = map.commands[command];
      if (!entry) return unknownVerdict(`The server does not report \`${command}\`.`);
      if (entry.source === 'bundled')
        return bundledVerdict(command, live.kind, tracking, undefined, live.version);
      if (tracking === 'off') {
        return {
          ...unknownVerdict(cacheReasons[0].summary),
          category: 'none',
          worst: 'none',
          reasons: ['no-tracking'],
        };
      }
      return {
        category: entry.category,
        reasons: entry.reasons,
        conditions: [],
        worst: entry.category,
        explanation: entry.explanation,
        source: entry.source,
        evidence: [entry.declaredBy ?? entry.source],
      };
    },
  };
}
