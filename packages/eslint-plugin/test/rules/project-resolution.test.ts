import { mkdirSync, symlinkSync } from 'node:fs';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Imports a monorepo resolves the way TypeScript and the package manager do, not by relative path: a package of
// the same workspace linked into node_modules (its package.json `exports` pointing at its source), `baseUrl`
// specifiers, `paths` inherited through `extends`, and SvelteKit's `$lib`; where nothing was installed, the package
// the workspace's manifest (`workspaces`, pnpm-workspace.yaml) declares. A published package in node_modules is
// still not read.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-project-resolution-');

/** The shared package: a tracked iovalkey connection, and a memo helper that keeps what its loader returns. */
write('package.json', JSON.stringify({ name: 'acme', private: true, workspaces: ['packages/*', 'apps/*'] }));
write(
  'packages/cache/package.json',
  JSON.stringify({
    name: '@acme/cache',
    type: 'module',
    exports: {
      '.': { types: './src/index.ts', import: './src/index.ts' },
      './memo': './src/memo.ts',
    },
  }),
);
write(
  'packages/cache/src/index.ts',
  `import Valkey from 'iovalkey';`,
  `export const cache = new Valkey(process.env.VALKEY_URL ?? 'redis://127.0.0.1:6379');`,
  `cache.on('ready', () => cache.call('CLIENT', 'TRACKING', 'ON'));`,
);
write(
  'packages/cache/src/memo.ts',
  `const slots = new Map<string, unknown>();`,
  `export async function remember<T>(key: string, load: () => Promise<T>): Promise<T> {`,
  `  if (!slots.has(key)) slots.set(key, await load());`,
  `  return slots.get(key) as T;`,
  `}`,
);
// pnpm links each workspace dependency into the app's own node_modules.
mkdirSync(file('apps/worker/node_modules/@acme'), { recursive: true });
symlinkSync('../../../../packages/cache', file('apps/worker/node_modules/@acme/cache'), 'dir');
// A published wrapper (a real directory under node_modules): never read.
write(
  'apps/worker/node_modules/redis-wrapper/package.json',
  JSON.stringify({ name: 'redis-wrapper', main: 'index.js' }),
);
write(
  'apps/worker/node_modules/redis-wrapper/index.js',
  `import Valkey from 'iovalkey';`,
  `export const wrapped = new Valkey();`,
  `wrapped.on('ready', () => wrapped.call('CLIENT', 'TRACKING', 'ON'));`,
);
write('apps/worker/package.json', JSON.stringify({ name: 'worker', type: 'module' }));
// An app of the same workspace never installed (a repository as cloned): no link, the root's `workspaces` say
// where `@acme/cache` is.
write(
  'apps/api/package.json',
  JSON.stringify({ name: 'api', type: 'module', dependencies: { '@acme/cache': '*' } }),
);

// A pnpm workspace as cloned: pnpm-workspace.yaml lists the packages, nothing is linked.
const pnpm = tempProject('vt-pnpm-workspace-');
pnpm.write('package.json', JSON.stringify({ name: 'shop', private: true }));
pnpm.write(
  'pnpm-workspace.yaml',
  `packages:`,
  `  - 'libs/**'`,
  `  - "services/*" # deployables`,
  `  - '!**/fixtures/**'`,
);
pnpm.write(
  'libs/data/redis-kit/package.json',
  JSON.stringify({ name: '@shop/redis-kit', main: 'src/index.ts' }),
);
pnpm.write(
  'libs/data/redis-kit/src/index.ts',
  `import Valkey from 'iovalkey';`,
  `export const kit = new Valkey();`,
  `kit.on('ready', () => kit.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'sku:'));`,
);
pnpm.write('services/catalog/package.json', JSON.stringify({ name: 'catalog' }));
// A factory of the kit: BCAST on prefixes it pushes from a constant; an app module annotates what it returns.
pnpm.write(
  'libs/data/redis-kit/src/factories.ts',
  `import Valkey from 'iovalkey';`,
  `const TRACKED = ['catalog:', 'price:'] as const;`,
  `export function createCatalogClient(name: string): Valkey {`,
  `  const client = new Valkey({ connectionName: name });`,
  `  client.on('ready', async () => {`,
  `    const args: (string | number)[] = ['TRACKING', 'ON', 'BCAST'];`,
  `    for (const prefix of TRACKED) args.push('PREFIX', prefix);`,
  `    await client.call('CLIENT', ...args);`,
  `  });`,
  `  return client;`,
  `}`,
);
pnpm.write(
  'services/catalog/src/clients.ts',
  `import type Valkey from 'iovalkey';`,
  `import { createCatalogClient } from '@shop/redis-kit/src/factories';`,
  `export const catalog: Valkey = createCatalogClient('api');`,
);

// baseUrl (Next.js's `"baseUrl": "."`), and `paths` from a shared config it extends: they resolve from the
// baseUrl of the config that extends it, as TypeScript resolves them.
write('apps/web/package.json', JSON.stringify({ name: 'web' }));
write('tsconfig.base.json', `{ // shared`, `"compilerOptions": { "paths": { "~/*": ["./src/*"] } } }`);
write(
  'apps/web/tsconfig.json',
  `{ "extends": "../../tsconfig.base.json", "compilerOptions": { "baseUrl": ".", } }`,
);
write(
  'apps/web/src/lib/redis.ts',
  `import { createClient } from 'redis';`,
  `export const redis = await createClient({ RESP: 3, clientSideCache: { ttl: 0 } }).connect();`,
);

// SvelteKit: `$lib` lives in the generated .svelte-kit/tsconfig.json, which a repository does not hold.
write('apps/blog/package.json', JSON.stringify({ name: 'blog', type: 'module' }));
write('apps/blog/svelte.config.js', `export default { kit: {} };`);
write('apps/blog/tsconfig.json', `{ "extends": "./.svelte-kit/tsconfig.json" }`);
write(
  'apps/blog/src/lib/server/redis.ts',
  `import { createClient } from 'redis';`,
  `export const redis = createClient({ RESP: 3, clientSideCache: { ttl: 0 } });`,
);

// A SvelteKit app with neither a svelte.config nor a tsconfig of its own: known by its `@sveltejs/kit` dependency.
write(
  'apps/shop/package.json',
  JSON.stringify({ name: 'shop', type: 'module', devDependencies: { '@sveltejs/kit': '^2.15.0' } }),
);
write(
  'apps/shop/src/lib/server/redis.ts',
  `import { createClient } from 'redis';`,
  `export const redis = await createClient({ RESP: 3, clientSideCache: { ttl: 0 } }).connect();`,
);

// Subpath imports of the app's package.json (AdonisJS: `#services/*`), a `.js` target in front of TypeScript
// source, with conditions for another, and a `#` alias of a tsconfig's `paths` beside them.
write(
  'apps/adonis/package.json',
  JSON.stringify({
    name: 'adonis',
    type: 'module',
    imports: {
      '#services/*': './app/services/*.js',
      '#config/redis': { node: './config/redis.js', default: './config/redis.js' },
      '#vendor/*': 'some-published-package/*',
    },
  }),
);
write('apps/adonis/tsconfig.json', `{ "compilerOptions": { "paths": { "#lib/*": ["./lib/*"] } } }`);
write(
  'apps/adonis/config/redis.ts',
  `import Valkey from 'iovalkey';`,
  `export const valkey = new Valkey();`,
  `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'product:'));`,
);
write(
  'apps/adonis/app/services/stock_service.ts',
  `import { valkey } from '#config/redis';`,
  `export default class StockService {`,
  `  remainingMs(sku: string) { return valkey.pttl(\`hold:\${sku}\`); }`,
  `  product(id: string) { return valkey.hgetall(\`product:\${id}\`); }`,
  `}`,
);
write(
  'apps/adonis/lib/keys.ts',
  `import { valkey } from '#config/redis';`,
  `export const listKeys = () => valkey.keys('cart:*');`,
);

runRuleTests('no-uncovered-cached-read: imports a workspace resolves', rule, {
  valid: [
    // A client from a published package in node_modules is not read: no finding without settings.
    {
      code: lines(
        `import { wrapped } from 'redis-wrapper';`,
        `let hot: string[] = [];`,
        `export async function refresh() { hot = await wrapped.keys('job:*'); }`,
      ),
      filename: file('apps/worker/src/published.ts'),
    },
    // The workspace client's covered read kept: full.
    {
      code: lines(
        `import { cache } from '@acme/cache';`,
        `const carts = new Map<string, Record<string, string>>();`,
        `export async function cart(id: string) { carts.set(id, await cache.hgetall(\`cart:\${id}\`)); }`,
      ),
      filename: file('apps/worker/src/carts.ts'),
    },
  ],
  invalid: [
    // Through subpath imports: a PTTL the service returns and the controller keeps, a key outside the BCAST
    // prefix kept, and KEYS through a `#` alias of the tsconfig.
    {
      code: lines(
        `import StockService from '#services/stock_service';`,
        `import { valkey } from '#config/redis';`,
        `import { listKeys } from '#lib/keys';`,
        `const holds = new Map<string, number>();`,
        `const names = new Map<string, string | null>();`,
        `let carts: string[] = [];`,
        `const stock = new StockService();`,
        `export async function hold(sku: string) { holds.set(sku, await stock.remainingMs(sku)); }`,
        `export async function brand(id: string) { names.set(id, await valkey.get(\`brand:\${id}\`)); }`,
        `export async function refresh() { carts = await listKeys(); }`,
        `export async function product(id: string) { names.set(id, JSON.stringify(await stock.product(id))); }`,
      ),
      filename: file('apps/adonis/app/controllers/products_controller.ts'),
      errors: [
        { messageId: 'volatileReplyKept', line: 8 },
        { messageId: 'uncoveredRead', line: 9 },
        { messageId: 'uncoveredRead', line: 10 },
      ],
    },
    // The workspace package's client, through the link pnpm made: its KEYS reply kept in a module variable.
    {
      code: lines(
        `import { cache } from '@acme/cache';`,
        `let openCarts: string[] = [];`,
        `export async function scanCarts() {`,
        `  openCarts = await cache.keys('cart:*');`,
        `  return openCarts.length;`,
        `}`,
      ),
      filename: file('apps/worker/src/scan.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // The same package from the app nothing was installed for, and from a pnpm workspace as cloned (a key
    // outside the BCAST prefix `sku:`).
    {
      code: lines(
        `import { cache } from '@acme/cache';`,
        `let openCarts: string[] = [];`,
        `export async function scanCarts() { openCarts = await cache.keys('cart:*'); }`,
      ),
      filename: file('apps/api/src/scan.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 3 }],
    },
    {
      code: lines(
        `import { kit } from '@shop/redis-kit';`,
        `const names = new Map<string, string | null>();`,
        `export async function brand(id: string) { names.set(id, await kit.get(\`brand:\${id}\`)); }`,
        `export async function sku(id: string) { names.set(id, await kit.get(\`sku:\${id}\`)); }`,
      ),
      filename: pnpm.file('services/catalog/src/brands.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 3 }],
    },
    // `catalog: Valkey` annotates the factory's client, whose BCAST prefixes still decide: `promo:` is outside.
    {
      code: lines(
        `import { catalog } from './clients';`,
        `const facets = new Map<string, string[]>();`,
        `export async function facetsOf() {`,
        `  facets.set('brands', await catalog.smembers('catalog:brands'));`,
        `  facets.set('promos', await catalog.keys('promo:*'));`,
        `}`,
      ),
      filename: pnpm.file('services/catalog/src/facets.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // A subpath export of the same package: the memo helper keeps what its loader returns.
    {
      code: lines(
        `import { cache } from '@acme/cache';`,
        `import { remember } from '@acme/cache/memo';`,
        `export const sampled = () => remember('carts:sample', () => cache.srandmember('cart:open', 5));`,
      ),
      filename: file('apps/worker/src/sample.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 3 }],
    },
    // `baseUrl: "."`: `src/lib/redis` is the app's own module, whose client tracks (node-redis's cache), so
    // the KEYS reply the route keeps is uncovered.
    {
      code: lines(
        `import { redis } from 'src/lib/redis';`,
        `let digestKeys: string[] = [];`,
        `export async function GET() {`,
        `  if (digestKeys.length === 0) digestKeys = await redis.keys('digest:*');`,
        `  return Response.json(digestKeys);`,
        `}`,
      ),
      filename: file('apps/web/src/app/api/digest/route.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // `paths` of the extended base config, resolved from that config's directory.
    {
      code: lines(
        `import { redis } from '~/lib/redis';`,
        `const pages = new Map<string, string[]>();`,
        `export async function GET(request: Request) {`,
        `  const prefix = new URL(request.url).searchParams.get('p') ?? 'post';`,
        `  if (!pages.has(prefix)) pages.set(prefix, await redis.keys(\`\${prefix}:*\`));`,
        `  return Response.json(pages.get(prefix));`,
        `}`,
      ),
      filename: file('apps/web/src/app/api/keys/route.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // SvelteKit's `$lib`.
    {
      code: lines(
        `import { redis } from '$lib/server/redis';`,
        `let tags: string[] | undefined;`,
        `export async function GET() {`,
        `  tags ??= await redis.keys('tag:*');`,
        `  return new Response(JSON.stringify(tags));`,
        `}`,
      ),
      filename: file('apps/blog/src/routes/api/tags/+server.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // The same through `$lib` of the SvelteKit app with no config files: the library caches XPENDING.
    {
      code: lines(
        `import type { PageServerLoad } from './$types';`,
        `import { redis } from '$lib/server/redis';`,
        `export const load: PageServerLoad = async () => ({`,
        `  pending: await redis.xPending('orders', 'fulfilment'),`,
        `});`,
      ),
      filename: file('apps/shop/src/routes/admin/+page.server.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
  ],
});
