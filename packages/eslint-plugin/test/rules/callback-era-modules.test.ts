import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A CommonJS worker written the older way: tracking prefixes in a `config.json`, prototype-based repositories
// whose methods send on `this.client`, helpers that wrap a node-style callback in a promise.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-callback-era-');
write('package.json', JSON.stringify({ name: 'cronqueue', private: true }));
write(
  'src/config.json',
  JSON.stringify({ redis: { port: 6379 }, tracking: { prefixes: ['sched:', 'job:'] } }),
);
write(
  'src/redis.js',
  `'use strict';`,
  `const Redis = require('ioredis');`,
  `const config = require('./config.json');`,
  `const client = new Redis(config.redis);`,
  `const subscriber = new Redis(config.redis);`,
  `subscriber.subscribe('__redis__:invalidate');`,
  `client.on('ready', function () {`,
  `  subscriber.client('ID').then(function (id) {`,
  `    const args = ['TRACKING', 'ON', 'REDIRECT', id, 'BCAST'];`,
  `    for (const prefix of config.tracking.prefixes) args.push('PREFIX', prefix);`,
  `    return client.call('CLIENT', ...args);`,
  `  });`,
  `});`,
  `module.exports = client;`,
);
write(
  'src/helpers.js',
  `'use strict';`,
  `exports.idleOf = function (client, key) {`,
  `  return new Promise(function (resolve, reject) {`,
  `    client.object('IDLETIME', key, function (err, secs) {`,
  `      if (err) reject(err);`,
  `      else resolve(secs);`,
  `    });`,
  `  });`,
  `};`,
);

runRuleTests('no-uncovered-cached-read: callback-era modules', rule, {
  valid: [],
  invalid: [
    // The BCAST prefixes come from config.json: `lock:` lies outside them, `sched:` does not.
    {
      code: lines(
        `'use strict';`,
        `const client = require('./redis');`,
        `const held = {};`,
        `exports.refresh = function (done) {`,
        `  client.keys('lock:sched:*', function (err, keys) { if (!err) held.locks = keys; done(err); });`,
        `  client.keys('sched:def:*', function (err, keys) { if (!err) held.defs = keys; });`,
        `};`,
      ),
      filename: file('src/locks.js'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // A prototype-based repository: `object` is a method other libraries have too, but `this.client` is the
    // same object in every method of the prototype, and another method sends `pttl` on it.
    {
      code: lines(
        `'use strict';`,
        `function ScheduleRepo(client) { this.client = client; this.idle = {}; this.leases = {}; }`,
        `ScheduleRepo.prototype.idleSeconds = function (name, callback) {`,
        `  const self = this;`,
        `  this.client.object('IDLETIME', 'sched:def:' + name, function (err, secs) {`,
        `    if (!err) self.idle[name] = secs;`,
        `    callback(err, secs);`,
        `  });`,
        `};`,
        `ScheduleRepo.prototype.lease = function (name) {`,
        `  return this.client.pttl('lock:' + name);`,
        `};`,
        `module.exports = ScheduleRepo;`,
      ),
      filename: file('src/schedule-repo.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
    // A helper of another module hands the reply of a node-style callback on a client its caller passes.
    {
      code: lines(
        `'use strict';`,
        `const client = require('./redis');`,
        `const { idleOf } = require('./helpers');`,
        `const idle = new Map();`,
        `exports.refresh = async function (key) { idle.set(key, await idleOf(client, key)); };`,
      ),
      filename: file('src/idle.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
  ],
});
