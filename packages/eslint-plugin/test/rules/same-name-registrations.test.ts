import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// One package, two apps that hand a client on under the same name: a tRPC `createContext` returning `{ valkey }`
// (BCAST under `product:`) and a Koa app's `app.context.valkey` (default mode). A module takes the one of the
// app that mounts it (the registering module imports it), else the one nearest to it.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-same-name-');
write('package.json', JSON.stringify({ name: 'gateway', private: true, type: 'module' }));
write(
  'src/api/trpc.ts',
  `import { initTRPC } from '@trpc/server';`,
  `import Valkey from 'iovalkey';`,
  `const valkey = new Valkey();`,
  `const listener = new Valkey();`,
  `void listener.subscribe('__redis__:invalidate');`,
  `valkey.on('ready', async () => valkey.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(await listener.client('ID')), 'BCAST', 'PREFIX', 'product:'));`,
  `export function createContext() {`,
  `  return { valkey };`,
  `}`,
  `export const t = initTRPC.context<ReturnType<typeof createContext>>().create();`,
);
write(
  'src/koa/app.js',
  `import Koa from 'koa';`,
  `import Valkey from 'iovalkey';`,
  `import { pageCache } from './middleware/pages.js';`,
  `const valkey = new Valkey();`,
  `const watcher = new Valkey();`,
  `void watcher.subscribe('__redis__:invalidate');`,
  `valkey.on('ready', async () => valkey.client('TRACKING', 'ON', 'REDIRECT', String(await watcher.client('ID'))));`,
  `export const app = new Koa();`,
  `app.context.valkey = valkey;`,
  `app.use(pageCache);`,
);

runRuleTests('no-uncovered-cached-read: one name registered by two apps', rule, {
  valid: [
    // The Koa app mounts this middleware: its default-mode client covers the page it keeps.
    {
      code: lines(
        `const pages = new Map();`,
        `export async function pageCache(ctx, next) {`,
        `  const key = \`page:\${ctx.path}\`;`,
        `  if (!pages.has(key)) pages.set(key, await ctx.valkey.get(key));`,
        `  ctx.body = pages.get(key);`,
        `  await next();`,
        `}`,
      ),
      filename: file('src/koa/middleware/pages.js'),
    },
  ],
  invalid: [
    // A tRPC procedure beside the tRPC context: its BCAST client does not cover `page:` keys.
    {
      code: lines(
        `import { t } from '../trpc';`,
        `const pages = new Map<string, string | null>();`,
        `export const pagesRouter = t.router({`,
        `  page: t.procedure.query(async ({ ctx }) => {`,
        `    if (!pages.has('home')) pages.set('home', await ctx.valkey.get('page:home'));`,
        `    return pages.get('home');`,
        `  }),`,
        `});`,
      ),
      filename: file('src/api/routers/pages.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
  ],
});
