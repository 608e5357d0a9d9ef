import { openLog } from '../monitor/open-log.js';
import type { AssumedTracking } from '../monitor/tracking-clients-option.js';
import type { NodeFacts } from './node-facts.js';
import { NodeFactsScanner } from './node-facts-scanner.js';

/**
 * A second, light pass over a log for the facts the checks across nodes need (the audit itself is left to
 * the MONITOR audit's own entry point, whatever it does inside). Clients named by `--tracking-clients`
 * count as tracking from the start.
 */
export async function scanLogFacts(
  path: string,
  assumed: readonly AssumedTracking[] = [],
): Promise<NodeFacts> {
  const scanner = new NodeFactsScanner(
    assumed.filter((a) => a.address !== '*').map((a) => ({ address: a.address, tracking: true })),
  );
  const source = await openLog(path);
  for await (const chunk of source.chunks) scanner.write(chunk);
  scanner.end();
  return scanner.facts();
}
