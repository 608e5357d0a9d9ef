import invalidationRule from '../../src/rules/no-incomplete-invalidation.js';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// node_redis 3 (`redis` ^3, callbacks, `send_command`): its `message` event carries the payload as ioredis's does
// (`reply[2].toString()`, index.js `return_pub_sub`), "a,b" for two keys, while a flush's null throws there
// before any listener runs. Results gathered the callback way into `new Array(n)` slots are an array's.
const lines = (...source: string[]) => source.join('\n');
const setup = [
  `'use strict';`,
  `var redis = require('redis');`,
  `var client = redis.createClient();`,
  `var sub = redis.createClient();`,
  `var cache = {};`,
  `var missing = new Set();`,
  `client.on('ready', function () {`,
  `  sub.client('ID', function (err, id) {`,
  `    client.send_command('CLIENT', ['TRACKING', 'ON', 'REDIRECT', id]);`,
  `  });`,
  `});`,
  `sub.subscribe('__redis__:invalidate');`,
];

runRuleTests('no-incomplete-invalidation: node_redis 3 message listeners', invalidationRule, {
  valid: [
    {
      // Split, each key deleted; the null of a flush never reaches the listener (node_redis 3 throws first).
      code: lines(
        ...setup,
        `sub.on('message', function (channel, message) {`,
        `  if (channel !== '__redis__:invalidate' || !message) return;`,
        `  message.split(',').forEach(function (key) { delete cache[key]; });`,
        `});`,
      ),
    },
  ],
  invalid: [
    {
      code: lines(
        ...setup,
        `sub.on('message', function (channel, message) {`,
        `  if (channel !== '__redis__:invalidate') return;`,
        `  missing.delete(message);`,
        `  message.split(',').forEach(function (key) { delete cache[key]; });`,
        `});`,
      ),
      errors: [{ messageId: 'payloadAsOneKey', line: 15 }],
    },
  ],
});

runRuleTests('no-uncovered-cached-read: results in new Array(n) slots', rule, {
  valid: [],
  invalid: [
    {
      code: lines(
        `'use strict';`,
        `var redis = require('redis');`,
        `var client = redis.createClient();`,
        `var featured = null;`,
        `exports.load = function (done) {`,
        `  var results = new Array(2);`,
        `  client.srandmember('featured', 4, function (err, ids) {`,
        `    results[0] = ids;`,
        `    featured = results;`,
        `    done(null, featured);`,
        `  });`,
        `};`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
  ],
});
