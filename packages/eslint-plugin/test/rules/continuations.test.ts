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
