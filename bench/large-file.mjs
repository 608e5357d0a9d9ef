// Generates a large module in the shapes application code has (service classes with #private fields, helpers,
// promise chains, pipelines, callbacks, memoizers, invalidation handlers, routes), by repeating a template with
// fresh names. Used by bench/code-audit.mjs for the per-file cost of the rules.
const template = (i) => `
const PREFIX_${i} = 'svc${i}:';
const memo${i} = new Map();

function cached${i}(key, load) {
  if (!memo${i}.has(key)) memo${i}.set(key, load());
  return memo${i}.get(key);
}

async function collect${i}({ client, pattern }) {
  const found = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 100);
    found.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

export class Service${i} {
  #redis = new Valkey();
  #events = new Valkey();
  #items = new LRUCache({ max: 1000 });
  #holds = new Map();
  #count = 0;

  constructor(options) {
    this.options = options;
    this.#events.subscribe('__redis__:invalidate');
    this.#events.on('message', (channel, message) => {
      if (!message) return this.#items.clear();
      for (const key of message.split(',')) this.#items.delete(key);
    });
    this.#redis.on('ready', () => this.#track());
  }

  async #track() {
    const id = await this.#events.client('ID');
    const args = ['ON', 'REDIRECT', id];
    if (this.options.bcast) args.push('BCAST', 'PREFIX', PREFIX_${i});
    await this.#redis.call('CLIENT', 'TRACKING', ...args);
  }

  async item(id) {
    const key = \`\${PREFIX_${i}}item:\${id}\`;
    const hit = this.#items.get(key);
    if (hit) return hit;
    const fields = await this.#redis.hgetall(key);
    const item = { id, name: fields.name ?? 'unknown', price: Number(fields.price ?? 0) };
    this.#items.set(key, item);
    return item;
  }

  refreshCount() {
    return this.#redis.keys(\`\${PREFIX_${i}}item:*\`).then((keys) => {
      this.#count = keys.length;
    });
  }

  async hold(id) {
    const key = \`hold${i}:\${id}\`;
    if (this.#holds.has(key)) return this.#holds.get(key);
    const [[, owner], [, ttl]] = await this.#redis.pipeline().get(key).pttl(key).exec();
    const hold = { owner, ms: Math.max(0, ttl) };
    this.#holds.set(key, hold);
    return hold;
  }

  window(id, callback) {
    this.#redis.ttl(\`window${i}:\${id}\`, (error, seconds) => {
      if (error) return callback(error);
      callback(null, seconds);
    });
  }

  async categories() {
    const keys = await collect${i}({ client: this.#redis, pattern: \`\${PREFIX_${i}}category:*\` });
    return new Set(keys.map((key) => key.slice(PREFIX_${i}.length)));
  }

  count() {
    return cached${i}('count', () => this.#redis.dbsize());
  }

  get size() {
    return this.#count;
  }
}

export function routes${i}(app, service) {
  app.get('/svc${i}/items/:id', async (req, res, next) => {
    try {
      res.json({ item: await service.item(req.params.id), hold: await service.hold(req.params.id) });
    } catch (error) {
      next(error);
    }
  });
  app.get('/svc${i}/count', (req, res) => res.json({ count: service.size }));
}
`;

/** A module of at least `lines` lines. */
export function largeModule(lines) {
  let source = "import Valkey from 'iovalkey';\nimport { LRUCache } from 'lru-cache';\n";
  for (let i = 0; source.split('\n').length < lines; i++) source += template(i);
  return source;
}
