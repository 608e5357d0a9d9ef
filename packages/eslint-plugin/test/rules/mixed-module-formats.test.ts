import { createRequire } from 'node:module';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A project of ES modules and CommonJS side by side: a CommonJS route module reads the client an ES-module
// fastify plugin decorates the server with. Each module is read with its own source type, not the linted one's.
const lines = (...source: string[]) => source.join('\n');
// JavaScript as ESLint reads it by default (espree, whose `commonjs` source type rejects `import`), not through
// the TypeScript parser, which takes `import` in either.
const require = createRequire(import.meta.url);
const espree = createRequire(require.resolve('eslint'))('espree') as never;
const commonjs = { sourceType: 'commonjs' as const, parser: espree };
const { file, write } = tempProject('vt-module-formats-');

write('package.json', JSON.stringify({ name: 'edge', private: true, type: 'module' }));
write(
  'src/plugins/valkey.js',
  `import fp from 'fastify-plugin';`,
  `import Valkey from 'iovalkey';`,
  `async function valkeyPlugin(fastify, opts) {`,
  `  const client = new Valkey(opts.url);`,
  `  const invalidations = new Valkey(opts.url);`,
  `  await invalidations.subscribe('__redis__:invalidate');`,
  `  client.on('ready', async () => {`,
  `    const id = await invalidations.client('ID');`,
  `    await client.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id, 'BCAST', 'PREFIX', 'catalog:');`,
  `  });`,
  `  fastify.decorate('valkey', client);`,
  `}`,
  `export default fp(valkeyPlugin, { name: 'valkey' });`,
);

runRuleTests('no-uncovered-cached-read: ES modules and CommonJS in one project', rule, {
  valid: [
    // A key under the plugin's BCAST prefix, kept: covered.
    {
      code: lines(
        `'use strict';`,
        `module.exports = async function catalogRoutes(fastify) {`,
        `  const names = new Map();`,
        `  fastify.get('/items/:id', async (request) => {`,
        `    const { id } = request.params;`,
        `    if (!names.has(id)) names.set(id, await fastify.valkey.hget(\`catalog:item:\${id}\`, 'name'));`,
        `    return names.get(id);`,
        `  });`,
        `};`,
      ),
      filename: file('src/routes/catalog.cjs'),
      languageOptions: commonjs,
    },
  ],
  invalid: [
    // Keys outside the prefix, kept in the route plugin's closure.
    {
      code: lines(
        `'use strict';`,
        `module.exports = async function promoRoutes(fastify) {`,
        `  let promos = null;`,
        `  fastify.get('/promos', async () => {`,
        `    promos ??= await fastify.valkey.keys('promo:*');`,
        `    return promos;`,
        `  });`,
        `};`,
      ),
      filename: file('src/routes/promos.cjs'),
      languageOptions: commonjs,
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
  ],
});
