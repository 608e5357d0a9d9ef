import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Nitro (Nuxt's server) imports what `server/utils/` exports into every server module with no `import`: a route
// uses the utils' client and their helpers unimported, and a helper module of the utils uses the client the same
// way. A cached event handler keeps what it returns.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-nitro-auto-imports-');
write('package.json', JSON.stringify({ name: 'recipes', private: true, dependencies: { nuxt: '^3.15.0' } }));
write(
  'server/utils/redis.ts',
  `import Redis from 'ioredis';`,
  `export const redis = new Redis(process.env.REDIS_URL!);`,
  `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
);
write(
  'server/utils/recipes.ts',
  `export async function seasonalCollections(): Promise<string[]> {`,
  `  const keys = await redis.keys('season:*');`,
  `  return keys.map((key) => key.slice('season:'.length));`,
  `}`,
  `export const recipeCard = (id: string) => redis.hgetall(\`recipe:\${id}\`);`,
);

runRuleTests('no-uncovered-cached-read: Nitro auto-imports', rule, {
  valid: [
    // Only the response of this request: nothing keeps it.
    {
      code: lines(
        `export default defineEventHandler(async () => ({ seasons: await seasonalCollections() }));`,
      ),
      filename: file('server/api/seasons.get.ts'),
    },
    // A covered read of the helper, kept by the cached handler.
    {
      code: lines(
        `export default defineCachedEventHandler(async (event) => recipeCard(getRouterParam(event, 'id')!), {`,
        `  maxAge: 60,`,
        `});`,
      ),
      filename: file('server/api/recipes/[id].get.ts'),
    },
  ],
  invalid: [
    // The helper's KEYS on the utils' tracked client, and the client's own KEYS, kept by the cached handler.
    {
      code: lines(
        `export default defineCachedEventHandler(`,
        `  async () => {`,
        `    const seasons = await seasonalCollections();`,
        `    const cuisines = await redis.keys('cuisine:*');`,
        `    return { seasons, cuisines };`,
        `  },`,
        `  { maxAge: 60 },`,
        `);`,
      ),
      filename: file('server/api/trending.get.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 3 },
        { messageId: 'uncoveredRead', line: 4 },
      ],
    },
  ],
});
