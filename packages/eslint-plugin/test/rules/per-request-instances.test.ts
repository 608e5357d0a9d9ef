import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// An instance of another module's class made with `new` holds the stores of its fields for as long as what holds
// the instance: a unit of work a handler makes per request (`new RequestContext(req)`) and its `memo`, which a
// service fills, are that request's; one made once for the module keeps what is put in it.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-per-request-instances-');
write('package.json', JSON.stringify({ name: 'storefront', private: true, type: 'module' }));
write(
  'src/redis.ts',
  `import Redis from 'ioredis';`,
  `export const redis = new Redis();`,
  `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
);
write(
  'src/context.ts',
  `export class RequestContext {`,
  `  readonly memo = new Map<string, unknown>();`,
  `  constructor(readonly requestId: string) {}`,
  `}`,
);
write(
  'src/services/catalog.ts',
  `import { redis } from '../redis.js';`,
  `import type { RequestContext } from '../context.js';`,
  `export class CatalogService {`,
  `  async variants(ctx: RequestContext, id: string): Promise<string[]> {`,
  `    const [, keys] = await redis.scan('0', 'MATCH', \`product:\${id}:variant:*\`, 'COUNT', 1000);`,
  `    ctx.memo.set(id, keys);`,
  `    return keys;`,
  `  }`,
  `}`,
  `export const catalog = new CatalogService();`,
);

runRuleTests('no-uncovered-cached-read: stores of instances made with new', rule, {
  valid: [
    {
      code: lines(
        `import { Router } from 'express';`,
        `import { RequestContext } from './context.js';`,
        `import { catalog } from './services/catalog.js';`,
        `export const api = Router();`,
        `api.get('/products/:id', async (req, res) => {`,
        `  const ctx = new RequestContext(String(req.headers['x-request-id']));`,
        `  res.json(await catalog.variants(ctx, req.params.id));`,
        `});`,
      ),
      filename: file('src/routes.ts'),
    },
  ],
  invalid: [
    {
      code: lines(
        `import { Router } from 'express';`,
        `import { RequestContext } from './context.js';`,
        `import { catalog } from './services/catalog.js';`,
        `const startup = new RequestContext('startup');`,
        `export const api = Router();`,
        `api.get('/variants/:id', async (req, res) => {`,
        `  res.json(await catalog.variants(startup, req.params.id));`,
        `});`,
      ),
      filename: file('src/startup-routes.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
  ],
});
