import { categorize, lookup, type ServerKind } from '@valkey-track/rules-data';
import type { ReadRecipe } from '@valkey-track/rules-data/evidence';
import type { CategoryMap } from '../commands/category-map-types.js';

export interface DeclaredVerdict {
  /** The command or subcommand, as the data names it. */
  command: string;
  category: 'full' | 'partial' | 'none' | 'unknown';
  /**
   * Where the verdict comes from: the server's declaration, the bundled data through `categorize()`, or, for
   * a command the data does not know, the inference from its metadata (never `full`).
   */
  source: 'acl-category' | 'tip' | 'bundled' | 'inferred';
  reasons: string[];
}

export const commandName = (argv: readonly string[]): string => {
  const [container = '', sub] = argv.map((a) => a.toLowerCase());
  return sub !== undefined && lookup(`${container}|${sub}`) ? `${container}|${sub}` : container;
};

/**
 * What is declared for one measured read: the server's own declaration for the command when it has one
 * (it covers every mode alike), else the bundled data's verdict for this exact invocation in this mode, so
 * that argument conditions (SORT_RO ... BY) and BCAST prefixes count.
 */
export function declaredVerdict(
  recipe: ReadRecipe,
  read: readonly string[],
  keyPrefix: string,
  server: { kind: ServerKind; version: string },
  map: CategoryMap,
): DeclaredVerdict {
  const command = commandName(read);
  const live = map.commands[command];
  if (live && (live.source === 'acl-category' || live.source === 'tip' || live.source === 'inferred')) {
    return { command, category: live.category, source: live.source, reasons: live.reasons };
  }
  const tracking = recipe.tracking ?? { mode: 'default' };
  const prefixes =
    tracking.mode === 'bcast' ? tracking.prefixes.map((p) => p.replaceAll('{p}', keyPrefix)) : [];
  // https://valkey.io/commands/client-tracking/: OPTIN without CLIENT CACHING yes and OPTOUT after CLIENT
  // CACHING no remember nothing for the read; NOLOOP sends nothing for the connection's own writes.
  const ownWrites = recipe.changes.some((c) => c.kind === 'command' && c.by === 'tracking');
  const unremembered =
    (tracking.mode === 'optin' && !tracking.caching) ||
    (tracking.mode === 'optout' && !tracking.caching) ||
    ((tracking.mode === 'default' || tracking.mode === 'bcast') && Boolean(tracking.noloop) && ownWrites);
  const verdict = categorize([...read], {
    mode: tracking.mode,
    prefixes,
    server: server.kind,
    version: server.version,
    ...(recipe.keyState?.includes('hash-field-ttl') ? { hashFieldTtl: true } : {}),
  });
  if (unremembered && verdict.category !== 'unknown') {
    return { command, category: 'none', source: 'bundled', reasons: verdict.reasons };
  }
  return { command, category: verdict.category, source: 'bundled', reasons: verdict.reasons };
}
