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

// Hand-written async helpers of the callback era: the continuation a step is given (`iterator(item, next)`,
// `task(done)`, a command's callback) is called when that step is done, and the callbacks they run belong to the
// operation, not to something that outlives it: what they gather is kept only where the caller keeps it.
const helpers = [
  `'use strict';`,
  `var redis = require('redis');`,
  `var client = redis.createClient();`,
  `function eachSeries(items, iterator, done) {`,
  `  var i = 0;`,
  `  (function next(err) {`,
  `    if (err || i >= items.length) return done(err || null);`,
  `    iterator(items[i++], next);`,
  `  })();`,
  `}`,
  `function parallel(tasks, done) {`,
  `  var results = new Array(tasks.length);`,
  `  var pending = tasks.length;`,
  `  tasks.forEach(function (task, i) {`,
  `    task(function (err, value) {`,
  `      results[i] = value;`,
  `      if (--pending === 0) done(null, results);`,
  `    });`,
  `  });`,
  `}`,
];

runRuleTests('no-uncovered-cached-read: hand-written async helpers', rule, {
  valid: [
    {
      // A report built for one response, and a sample only handed back.
      code: lines(
        ...helpers,
        `exports.idleReport = function (keys, cb) {`,
        `  var report = {};`,
        `  eachSeries(keys, function (key, next) {`,
        `    client.object('IDLETIME', key, function (err, seconds) {`,
        `      report[key] = seconds;`,
        `      next(err);`,
        `    });`,
        `  }, function (err) { cb(err, report); });`,
        `};`,
        `exports.sample = function (cb) {`,
        `  parallel([function (next) { client.srandmember('featured', 4, next); }], function (err, results) {`,
        `    cb(err, { ids: results[0] });`,
        `  });`,
        `};`,
      ),
    },
  ],
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
    {
      // Kept by the caller in a module variable: reported, and named there.
      code: lines(
        ...helpers,
        `var featured = null;`,
        `exports.featured = function (cb) {`,
        `  if (featured) return cb(null, featured);`,
        `  parallel([function (next) { client.srandmember('featured', 4, next); }], function (err, results) {`,
        `    featured = { ids: results[0] };`,
        `    cb(err, featured);`,
        `  });`,
        `};`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 24 }],
    },
  ],
});
