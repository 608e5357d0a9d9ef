import cachedRead from '../../src/rules/no-uncovered-cached-read.js';
import invalidation from '../../src/rules/no-incomplete-invalidation.js';
import { runRuleTests } from '../rule-tester.js';

// Service schemas whose functions a framework runs on the service instance (Moleculer): `created()` puts the
// client and the cache on `this`, `started()` turns tracking on from a `ready` listener through a method, and
// actions (as functions, or objects with a `handler`) read on `this.redis` and keep in `this.cache`.
const lines = (...source: string[]) => source.join('\n');
const schema = (...actions: string[]) =>
  lines(
    `const Redis = require('iovalkey');`,
    `module.exports = {`,
    `  name: 'catalog',`,
    `  actions: {`,
    ...actions,
    `  },`,
    `  methods: {`,
    `    async enableTracking() {`,
    `      const id = await this.subscriber.client('ID');`,
    `      await this.redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id, 'BCAST', 'PREFIX', 'catalog:');`,
    `    },`,
    `    loadPromo(id) { return this.redis.get(\`promo:\${id}\`); },`,
    `  },`,
    `  created() {`,
    `    this.redis = new Redis();`,
    `    this.subscriber = new Redis();`,
    `    this.cache = new Map();`,
    `  },`,
    `  async started() {`,
    `    this.subscriber.on('message', (channel, message) => {`,
    `      if (!message) return this.cache.clear();`,
    `      for (const key of message.split(',')) this.cache.delete(key);`,
    `    });`,
    `    await this.subscriber.subscribe('__redis__:invalidate');`,
    `    this.redis.on('ready', () => this.enableTracking());`,
    `  },`,
    `};`,
  );

runRuleTests('no-uncovered-cached-read: actions of a service schema', cachedRead, {
  valid: [
    // Under the prefix, kept; outside it, only returned.
    schema(
      `    async item(ctx) { this.cache.set(ctx.params.id, await this.redis.hgetall(\`catalog:\${ctx.params.id}\`)); },`,
      `    legacy: { async handler(ctx) { return this.redis.get(\`legacy:\${ctx.params.id}\`); } },`,
    ),
  ],
  invalid: [
    {
      code: schema(
        `    async tags(ctx) { this.cache.set('tags', await this.redis.smembers(\`tag:\${ctx.params.name}\`)); },`,
        `    get: {`,
        `      params: { id: 'string' },`,
        `      async handler(ctx) {`,
        `        const item = { promo: await this.loadPromo(ctx.params.id) };`,
        `        this.cache.set(ctx.params.id, item);`,
        `        return item;`,
        `      },`,
        `    },`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 5 },
        { messageId: 'uncoveredRead', line: 20 },
      ],
    },
  ],
});

runRuleTests(
  'no-incomplete-invalidation: tracking a schema method turns on from a ready listener',
  invalidation,
  {
    valid: [schema(`    ping() { return 'pong'; },`)],
    invalid: [],
  },
);
