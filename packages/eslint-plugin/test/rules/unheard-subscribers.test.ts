import rule from '../../src/rules/no-incomplete-invalidation.js';
import { runRuleTests } from '../rule-tester.js';

// A subscriber to the invalidation channel that nothing listens to: ioredis and iovalkey emit messages as events.
const lines = (...source: string[]) => source.join('\n');

runRuleTests('no-incomplete-invalidation: subscribers nobody listens to', rule, {
  valid: [
    // Listened to through a chain after an error listener, and on `messageBuffer`.
    lines(
      `import Valkey from 'iovalkey';`,
      `import { dropKeys } from './catalog-cache.js';`,
      `const valkey = new Valkey();`,
      `const invalidations = new Valkey({ connectionName: 'invalidations' });`,
      `await invalidations.subscribe('__redis__:invalidate');`,
      `invalidations.on('error', (error) => console.error(error)).on('message', dropKeys);`,
      `const buffers = new Valkey();`,
      `await buffers.psubscribe('__redis__:*');`,
      `buffers.on('messageBuffer', dropKeys);`,
      `valkey.on('ready', async () => {`,
      `  await valkey.client('TRACKING', 'ON', 'REDIRECT', String(await invalidations.client('ID')));`,
      `});`,
    ),
    // An event name the module does not show, a subscriber handed to a function, and one exported.
    lines(
      `const Redis = require('ioredis');`,
      `const { MESSAGE_EVENT } = require('./events');`,
      `const { attachInvalidationListener } = require('./invalidation');`,
      `const first = new Redis();`,
      `first.subscribe('__redis__:invalidate');`,
      `first.on(MESSAGE_EVENT, (channel, keys) => console.log(channel, keys));`,
      `const second = new Redis();`,
      `second.subscribe('__redis__:invalidate');`,
      `attachInvalidationListener(second);`,
      `const third = new Redis();`,
      `third.subscribe('__redis__:invalidate');`,
      `module.exports = { third };`,
    ),
    // Subscribed to another channel only: no invalidation is lost.
    lines(`import Redis from 'ioredis';`, `const chat = new Redis();`, `await chat.subscribe('chat:lobby');`),
  ],
  invalid: [
    // The REDIRECT target subscribes but the module never adds a `message` listener: every invalidation is dropped.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const valkey = new Valkey(process.env.VALKEY_URL);`,
        `const subscriber = new Valkey(process.env.VALKEY_URL);`,
        `const prices = new Map<string, string | null>();`,
        `await subscriber.subscribe('__redis__:invalidate');`,
        `subscriber.on('error', (error) => console.error('invalidations', error));`,
        `valkey.on('ready', async () => {`,
        `  const id = await subscriber.client('ID');`,
        `  await valkey.client('TRACKING', 'ON', 'REDIRECT', String(id));`,
        `});`,
        `export async function price(sku: string) {`,
        `  if (!prices.has(sku)) prices.set(sku, await valkey.get(\`price:\${sku}\`));`,
        `  return prices.get(sku);`,
        `}`,
      ),
      errors: [{ messageId: 'invalidationsUnheard', line: 5, column: 28 }],
    },
    // A pattern subscription through a constant, in CommonJS.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const INVALIDATIONS = '__redis__:*';`,
        `const redis = new Redis();`,
        `const watcher = new Redis();`,
        `watcher.psubscribe(INVALIDATIONS).catch(console.error);`,
        `redis.on('ready', () => watcher.client('ID').then((id) => redis.client('TRACKING', 'ON', 'REDIRECT', id)));`,
      ),
      errors: [{ messageId: 'invalidationsUnheard', line: 5 }],
    },
  ],
});
