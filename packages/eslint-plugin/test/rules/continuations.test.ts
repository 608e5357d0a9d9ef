import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Memoizers of older code whose loader hands its value to a continuation: `rememberCb(store, key, (done) =>
// redis.keys('q:*', done), cb)` with the helper doing `load((err, value) => store.set(key, value))`. What the
// loader passes on goes in the store the caller gives, as a loader's returned value does.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-continuations-');
write('package.json', JSON.stringify({ name: 'legacy-reports', private: true }));
write(
  'lib/memoize.js',
  `function rememberCb(store, key, load, cb) {`,
  `  if (store.has(key)) return process.nextTick(cb, null, store.get(key));`,
  `  load(function (err, value) {`,
  `    if (err) return cb(err);`,
  `    store.set(key, value);`,
  `    cb(null, value);`,
  `  });`,
  `}`,
  `module.exports = { rememberCb: rememberCb };`,
);
// A cache module of its own (2016 style): `wrapCb` puts what the loader's continuation is given in its `store`.
write(
  'lib/cache.js',
  `var store = new Map();`,
  `function wrapCb(key, ttl, loader, done) {`,
  `  var hit = store.get(key);`,
  `  if (hit && hit.expires > Date.now()) return setImmediate(done, null, hit.value);`,
  `  loader(function (err, value) {`,
  `    if (err) return done(err);`,
  `    store.set(key, { value: value, expires: Date.now() + ttl * 1000 });`,
  `    done(null, value);`,
  `  });`,
  `}`,
  `module.exports = { wrapCb: wrapCb };`,
);
// A helper that builds one object per call, one route caching those objects, another writing a TTL on its own.
const productsRoute = lines(
  `var Redis = require('ioredis');`,
  `var redis = new Redis();`,
  `var listed = new Map();`,
  `function toProduct(id, hash) {`,
  `  if (!hash || !hash.name) return null;`,
  `  return { id: id, name: hash.name };`,
  `}`,
  `module.exports = function (app) {`,
  `  app.get('/products', function (req, res) {`,
  `    redis.hgetall('product:1', function (err, hash) {`,
  `      listed.set('all', [toProduct('1', hash)]);`,
  `      res.json(listed.get('all'));`,
  `    });`,
  `  });`,
  `  app.get('/products/:id', function (req, res) {`,
  `    redis.hgetall('product:' + req.params.id, function (err, hash) {`,
  `      redis.pttl('reservation:' + req.params.id, function (err2, ms) {`,
  `        const product = toProduct(req.params.id, hash);`,
  `        product.reservationEndsIn = Math.ceil(ms / 1000);`,
  `        res.json(product);`,
  `      });`,
  `    });`,
  `  });`,
  `};`,
);
const header = [
  `var Redis = require('ioredis');`,
  `var memoize = require('../lib/memoize');`,
  `var tracked = new Redis();`,
  `var events = new Redis();`,
  `events.subscribe('__redis__:invalidate');`,
  `tracked.on('ready', function () {`,
  `  events.client('ID').then(function (id) { return tracked.client('TRACKING', 'ON', 'REDIRECT', id); });`,
  `});`,
];

runRuleTests('no-uncovered-cached-read: loaders that pass their value to a continuation', rule, {
  valid: [
    // The TTL goes on the object this request's call made; the other route's objects are its own.
    { code: productsRoute, filename: file('routes/products.js') },
    // A covered read; and a KEYS reply into a store made for one call.
    {
      code: lines(
        ...header,
        `var reports = new Map();`,
        `function owner(id, cb) {`,
        `  memoize.rememberCb(reports, id, function (done) { tracked.hget('report:' + id, 'owner', done); }, cb);`,
        `}`,
        `function queuesOnce(cb) {`,
        `  memoize.rememberCb(new Map(), 'queues', function (done) { tracked.keys('queue:*', done); }, cb);`,
        `}`,
        `module.exports = { owner: owner, queuesOnce: queuesOnce };`,
      ),
      filename: file('services/owner.js'),
    },
  ],
  invalid: [
    // The loader hands `done` itself to the read: the cache module keeps the PTTL (a reply that changes with no
    // write, on any client).
    {
      code: lines(
        `var Redis = require('ioredis');`,
        `var cache = require('../lib/cache');`,
        `var redis = new Redis();`,
        `function warmDealWindow(cb) {`,
        `  cache.wrapCb('deals:window-ms', 30, function (done) { redis.pttl('deals:window', done); }, cb);`,
        `}`,
        `module.exports = { warmDealWindow: warmDealWindow };`,
      ),
      filename: file('jobs/warm.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
    {
      code: lines(
        ...header,
        `var reports = new Map();`,
        `function queueKeys(cb) {`,
        `  memoize.rememberCb(reports, 'queue-keys', function (done) { tracked.keys('queue:*', done); }, cb);`,
        `}`,
        `module.exports = { queueKeys: queueKeys };`,
      ),
      filename: file('services/report.js'),
      errors: [{ messageId: 'uncoveredRead', line: 11 }],
    },
  ],
});
