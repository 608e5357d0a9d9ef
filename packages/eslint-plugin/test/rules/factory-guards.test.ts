import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A client factory of another module that returns early when an option is absent (`if (prefixes === undefined)
// return client;`), before the code that turns tracking on from it: a call without that option gets a client
// that does not track, as one inside `if (options.tracking) { ... }` does.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-factory-guards-');
write('package.json', JSON.stringify({ name: 'stock-api', private: true, type: 'module' }));
write(
  'src/tracked-client.ts',
  `import Valkey from 'iovalkey';`,
  `export interface Options { name?: string; prefixes?: string[] }`,
  `export function createTrackedClient(options: Options = {}): Valkey {`,
  `  const { name, prefixes } = options;`,
  `  const client = new Valkey({ connectionName: name });`,
  `  if (prefixes === undefined) return client;`,
  `  const subscriber = client.duplicate();`,
  `  subscriber.subscribe('__redis__:invalidate');`,
  `  subscriber.on('message', () => {});`,
  `  client.on('ready', async () => {`,
  `    const args: (string | number)[] = ['TRACKING', 'ON', 'REDIRECT', await subscriber.client('ID'), 'BCAST'];`,
  `    for (const prefix of prefixes) args.push('PREFIX', prefix);`,
  `    await client.call('CLIENT', ...args);`,
  `  });`,
  `  return client;`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: factories that return early without an option', rule, {
  valid: [
    {
      // Inside the prefixes the caller gives: covered.
      code: lines(
        `import { createTrackedClient } from './tracked-client.js';`,
        `const catalog = createTrackedClient({ prefixes: ['product:'] });`,
        `const names = new Map<string, string | null>();`,
        `export async function name(id: string) {`,
        `  if (!names.has(id)) names.set(id, await catalog.get(\`product:\${id}\`));`,
        `  return names.get(id);`,
        `}`,
      ),
      filename: file('src/catalog.ts'),
    },
  ],
  invalid: [
    {
      // No prefixes: the factory turns nothing on; the module's own BCAST `stock:` is the only tracking.
      code: lines(
        `import { createTrackedClient } from './tracked-client.js';`,
        `const stock = createTrackedClient({ name: 'stock' });`,
        `stock.on('ready', () => stock.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'stock:'));`,
        `const prices = new Map<string, string | null>();`,
        `export async function price(sku: string) {`,
        `  if (!prices.has(sku)) prices.set(sku, await stock.get(\`price:\${sku}\`));`,
        `  return prices.get(sku);`,
        `}`,
      ),
      filename: file('src/stock.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
  ],
});
