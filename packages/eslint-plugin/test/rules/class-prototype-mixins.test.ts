import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Methods mixed into a class after it is declared (`Object.assign(Repo.prototype, KeyCounting)`,
// `Repo.prototype.sample = function () {}`), as CommonJS repositories and older SDKs share behaviour: `this` in
// them is an instance, with the class's getters and fields.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-class-prototype-mixins-');
write('package.json', JSON.stringify({ name: 'queue-board', private: true }));
write(
  'src/redis.js',
  `const Redis = require('ioredis');`,
  `const client = new Redis();`,
  `const subscriber = client.duplicate();`,
  `subscriber.subscribe('__redis__:invalidate');`,
  `client.on('ready', async () => client.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', await subscriber.client('ID')));`,
  `module.exports = { client };`,
);
write(
  'src/base.js',
  `const { client } = require('./redis');`,
  `class BaseRepository {`,
  `  constructor() { this._counts = new Map(); }`,
  `  get redis() { return client; }`,
  `}`,
  `const Leasing = {`,
  `  leaseOf(id) { return this.redis.pttl(\`lease:\${id}\`); },`,
  `};`,
  `Object.assign(BaseRepository.prototype, Leasing);`,
  `module.exports = { BaseRepository };`,
);

runRuleTests('no-uncovered-cached-read: methods mixed into a class prototype', rule, {
  valid: [
    // The mixin's read only handed back: nothing of the module keeps it.
    {
      code: lines(
        `const { client } = require('./redis');`,
        `class QueueRepository {`,
        `  get redis() { return client; }`,
        `}`,
        `const Listing = {`,
        `  async lockHolders(name) { return this.redis.keys(\`queue:\${name}:lock:*\`); },`,
        `};`,
        `Object.assign(QueueRepository.prototype, Listing);`,
        `module.exports = { QueueRepository };`,
      ),
      filename: file('src/queues.js'),
    },
  ],
  invalid: [
    // Object.assign of a mixin declared below the class and assigned after it: the read on the instance's
    // getter, kept in the instance's Map.
    {
      code: lines(
        `const { client } = require('./redis');`,
        `class QueueRepository {`,
        `  constructor() { this._counts = new Map(); }`,
        `  get redis() { return client; }`,
        `  async total(pattern) { return this.countKeys(pattern); }`,
        `}`,
        `const KeyCounting = {`,
        `  async countKeys(pattern) {`,
        `    const keys = await this.redis.keys(pattern);`,
        `    this._counts.set(pattern, keys.length);`,
        `    return keys.length;`,
        `  },`,
        `};`,
        `Object.assign(QueueRepository.prototype, KeyCounting);`,
        `QueueRepository.prototype.sample = async function sample(name) {`,
        `  const ids = await this.redis.srandmember(\`queue:\${name}:done\`, 3);`,
        `  this._counts.set(\`sample:\${name}\`, ids);`,
        `  return ids;`,
        `};`,
        `module.exports = { QueueRepository, queues: new QueueRepository() };`,
      ),
      filename: file('src/queues.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 9 },
        { messageId: 'volatileReplyKept', line: 16 },
      ],
    },
    // A method mixed into another module's class, called here and its reply kept.
    {
      code: lines(
        `const { BaseRepository } = require('./base');`,
        `const repo = new BaseRepository();`,
        `const leases = new Map();`,
        `async function lease(id) {`,
        `  leases.set(id, await repo.leaseOf(id));`,
        `}`,
        `module.exports = { lease };`,
      ),
      filename: file('src/lease-board.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
  ],
});
