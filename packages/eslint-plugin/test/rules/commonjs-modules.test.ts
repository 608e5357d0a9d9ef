import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import invalidationRule from '../../src/rules/no-incomplete-invalidation.js';
import { runRuleTests } from '../rule-tester.js';

// A CommonJS project split the way Express apps often are: a factory that makes a tracked connection and the
// subscriber its invalidations go to and returns both, a module that calls it once and exports the pair, a
// barrel that re-exports it (one name from a module, and a whole module), and a small memo module whose
// `put(key, value, source)` keeps the key in one map and the value in another.
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-commonjs-modules-'));
const file = (name: string) => join(directory, name);

writeFileSync(
  file('make-connections.js'),
  lines(
    `'use strict';`,
    `const Valkey = require('iovalkey');`,
    `module.exports = function makeConnections(url) {`,
    `  const data = new Valkey(url);`,
    `  const events = new Valkey(url);`,
    `  const point = async () => data.client('TRACKING', 'ON', 'REDIRECT', await events.client('ID'), 'BCAST', 'PREFIX', 'acct:');`,
    `  events.on('ready', point);`,
    `  data.on('ready', point);`,
    `  return { data, events };`,
    `};`,
  ),
);
writeFileSync(
  file('connections.js'),
  lines(
    `'use strict';`,
    `const makeConnections = require('./make-connections');`,
    `const { data, events } = makeConnections(process.env.VALKEY_URL);`,
    `exports.data = data;`,
    `exports.events = events;`,
  ),
);
writeFileSync(
  file('memo.js'),
  lines(
    `'use strict';`,
    `const values = new Map();`,
    `const bySource = new Map();`,
    `exports.put = function put(key, value, source = key) {`,
    `  values.set(key, value);`,
    `  bySource.set(source, key);`,
    `  return value;`,
    `};`,
    `exports.get = (key) => values.get(key);`,
  ),
);
writeFileSync(
  file('index.js'),
  lines(
    `'use strict';`,
    `exports.data = require('./connections').data;`,
    `exports.memo = require('./memo');`,
  ),
);

// A factory of node-redis clients with their own client-side cache, and a package entry that re-exports it the
// way a workspace package's `main` often does: destructured from `require`, then one `module.exports` object.
writeFileSync(
  file('client-factory.js'),
  lines(
    `'use strict';`,
    `const { createClient } = require('redis');`,
    `function createCachedClient(url) {`,
    `  return createClient({ url, RESP: 3, clientSideCache: { ttl: 0, maxEntries: 5000 } });`,
    `}`,
    `module.exports = { createCachedClient };`,
  ),
);
writeFileSync(
  file('package-entry.js'),
  lines(
    `'use strict';`,
    `const { createCachedClient } = require('./client-factory');`,
    `const memo = require('./memo');`,
    `module.exports = { createCachedClient, put: memo.put };`,
  ),
);

// A module that makes its tracked client itself, and a barrel that names no client library: an object of
// members read off that module.
writeFileSync(
  file('ledger-client.js'),
  lines(
    `'use strict';`,
    `const Valkey = require('iovalkey');`,
    `const data = new Valkey(process.env.VALKEY_URL);`,
    `data.on('ready', () => data.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'acct:'));`,
    `module.exports = { data };`,
  ),
);
writeFileSync(
  file('lib.js'),
  lines(
    `'use strict';`,
    `const ledger = require('./ledger-client');`,
    `module.exports = { data: ledger.data };`,
  ),
);

// A module that exports what its factory returns, and the factory on it too: the object holds the function
// that made it, which a summary describes once.
writeFileSync(
  file('limiter.js'),
  lines(
    `'use strict';`,
    `const Valkey = require('iovalkey');`,
    `const data = new Valkey();`,
    `data.on('ready', () => data.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'rl:'));`,
    `function createLimiter({ redis, points }) {`,
    `  async function consume(id) { return (await redis.incr(\`rl:\${id}\`)) <= points; }`,
    `  return { consume, client: redis };`,
    `}`,
    `module.exports = createLimiter({ redis: data, points: 100 });`,
    `module.exports.createLimiter = createLimiter;`,
  ),
);

// Helpers beside their module's OPTIN client, each returning a different read (destructured together from one
// `require`, they stay apart), one converting with `.then(Number)`, one keeping the reply itself; and a barrel
// that spreads the module into its exports.
writeFileSync(
  file('billing-cache.js'),
  lines(
    `'use strict';`,
    `const Redis = require('ioredis');`,
    `const redis = new Redis();`,
    `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'OPTIN'));`,
    `const retries = new Map();`,
    `function customerIds() { return redis.keys('customer:*'); }`,
    `function retryIn(id) { return redis.pttl(\`dunning:\${id}\`); }`,
    `const balance = (id) => redis.get(\`balance:\${id}\`).then(Number);`,
    `async function attempts(id) {`,
    `  const n = await redis.hlen(\`attempts:\${id}\`);`,
    `  retries.set(id, n);`,
    `  return n;`,
    `}`,
    `module.exports = { customerIds, retryIn, balance, attempts };`,
  ),
);
writeFileSync(
  file('billing.js'),
  lines(`'use strict';`, `module.exports = { ...require('./billing-cache') };`),
);

runRuleTests('no-uncovered-cached-read: CommonJS factories and barrels', rule, {
  valid: [
    // Under the factory's BCAST prefix: covered, through the barrel too.
    {
      code: lines(
        `'use strict';`,
        `const { data, memo } = require('./index');`,
        `exports.account = async (id) => memo.get(id) ?? memo.put(id, await data.hgetall(\`acct:\${id}\`));`,
      ),
      filename: file('accounts.js'),
    },
    // Through the object barrel: still the factory's BCAST client, and the key is under its prefix.
    {
      code: lines(
        `'use strict';`,
        `const { data } = require('./lib');`,
        `const owners = new Map();`,
        `exports.owner = async (id) => {`,
        `  if (!owners.has(id)) owners.set(id, await data.hget(\`acct:\${id}\`, 'owner'));`,
        `  return owners.get(id);`,
        `};`,
      ),
      filename: file('owners.js'),
    },
  ],
  invalid: [
    // A factory re-exported by a destructured require and a `module.exports` object: what it makes is a caching
    // client, and the TIME reply kept in a module variable is reported.
    {
      code: lines(
        `'use strict';`,
        `const { createCachedClient } = require('./package-entry');`,
        `const ledger = createCachedClient(process.env.LEDGER_URL);`,
        `let clock = null;`,
        `exports.sync = async () => { clock = await ledger.sendCommand(['TIME']); };`,
        `exports.last = () => clock;`,
      ),
      filename: file('clock.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
    // The pair from the factory, imported from the module that made it: outside the prefix, so uncovered.
    {
      code: lines(
        `'use strict';`,
        `const { data } = require('./connections');`,
        `const seen = new Map();`,
        `exports.online = async () => {`,
        `  seen.set('online', await data.scard('presence:online'));`,
        `  return seen.get('online');`,
        `};`,
      ),
      filename: file('presence.js'),
      errors: [{ messageId: 'uncoveredRead', line: 5, column: 28 }],
    },
    // The tracked connection as a member of what a self-referencing factory module exports.
    {
      code: lines(
        `'use strict';`,
        `const limiter = require('./limiter');`,
        `const blocked = new Map();`,
        `exports.blockedIds = async () => {`,
        `  blocked.set('ids', await limiter.client.smembers('blocked:ids'));`,
        `};`,
      ),
      filename: file('blocked.js'),
      errors: [{ messageId: 'uncoveredRead', line: 5, column: 28 }],
    },
    // Through the barrel: the client re-exported by name, the memo module re-exported whole.
    {
      code: lines(
        `'use strict';`,
        `const { data, memo } = require('./index');`,
        `exports.standings = async () => memo.get('standings') ?? memo.put('standings', await data.zrevrange('league', 0, 9));`,
      ),
      filename: file('standings.js'),
      errors: [{ messageId: 'uncoveredRead', line: 3, column: 86 }],
    },
    // Replies the helpers read on their module's OPTIN client (no CLIENT CACHING yes): each kept copy is reported
    // at its call, with the helper's own command; `attempts` keeps its reply itself, so it is reported in its
    // module and not here.
    {
      code: lines(
        `'use strict';`,
        `const { customerIds, retryIn } = require('./billing-cache');`,
        `const { balance, attempts } = require('./billing');`,
        `let known = [];`,
        `const kept = new Map();`,
        `exports.sync = async (id) => {`,
        `  known = await customerIds();`,
        `  kept.set(\`retry:\${id}\`, await retryIn(id));`,
        `  kept.set(\`balance:\${id}\`, await balance(id));`,
        `  kept.set(\`attempts:\${id}\`, await attempts(id));`,
        `};`,
      ),
      filename: file('dunning.js'),
      errors: [
        { messageId: 'optInWithoutCaching', line: 7 },
        { messageId: 'optInWithoutCaching', line: 8 },
        { messageId: 'optInWithoutCaching', line: 9 },
      ],
    },
    // Through the object barrel (`{ data: ledger.data }`): the tracking state comes along, even when the
    // importer calls only methods a Map has too (`keys`).
    {
      code: lines(
        `'use strict';`,
        `const { data } = require('./lib');`,
        `const lists = new Map();`,
        `exports.regions = async () => {`,
        `  if (!lists.has('regions')) lists.set('regions', await data.keys('region:*'));`,
        `  return lists.get('regions');`,
        `};`,
      ),
      filename: file('regions.js'),
      errors: [{ messageId: 'uncoveredRead', line: 5, column: 57 }],
    },
  ],
});

// The subscriber made by the factory, imported where the memo drops entries: a module with no read of its own.
runRuleTests('no-incomplete-invalidation: a handler on a connection another module made', invalidationRule, {
  valid: [
    {
      code: lines(
        `'use strict';`,
        `const { events } = require('./connections');`,
        `const values = new Map();`,
        `events.on('message', (channel, payload) => {`,
        `  if (channel !== '__redis__:invalidate') return;`,
        `  if (!payload) return values.clear();`,
        `  for (const key of payload.split(',')) values.delete(key);`,
        `});`,
        `exports.values = values;`,
      ),
      filename: file('drop-valid.js'),
    },
  ],
  invalid: [
    {
      code: lines(
        `'use strict';`,
        `const { events } = require('./connections');`,
        `const values = new Map();`,
        `events.on('message', (channel, payload) => {`,
        `  if (channel !== '__redis__:invalidate') return;`,
        `  payload.split(',').forEach((key) => values.delete(key));`,
        `});`,
        `exports.values = values;`,
      ),
      filename: file('drop.js'),
      errors: [{ messageId: 'flushIgnored', line: 4 }],
    },
  ],
});
