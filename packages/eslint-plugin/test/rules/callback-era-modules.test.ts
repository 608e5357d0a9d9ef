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

write(
  'src/runs-repo.js',
  `'use strict';`,
  `function RunsRepo(client) { this.client = client; }`,
  `RunsRepo.prototype.sampleNames = function (count) {`,
  `  return this.client.srandmember('sched:index', count);`,
  `};`,
  `RunsRepo.prototype.definition = function (name) {`,
  `  return this.client.hgetall('sched:def:' + name);`,
  `};`,
  `module.exports = RunsRepo;`,
);

// A hand-written cache as a constructor function whose prototype methods keep what they are given.
write(
  'src/lib/expiring-cache.js',
  `'use strict';`,
  `function ExpiringCache(ttlMs) {`,
  `  if (!(this instanceof ExpiringCache)) return new ExpiringCache(ttlMs);`,
  `  this.ttlMs = ttlMs;`,
  `  this._entries = new Map();`,
  `}`,
  `ExpiringCache.prototype.get = function (key) {`,
  `  var entry = this._entries.get(key);`,
  `  return entry && entry.expires > Date.now() ? entry.value : undefined;`,
  `};`,
  `ExpiringCache.prototype.set = function (key, value) {`,
  `  this._entries.set(key, { value: value, expires: Date.now() + this.ttlMs });`,
  `};`,
  `ExpiringCache.prototype.wrap = function (key, loader, callback) {`,
  `  var self = this;`,
  `  var hit = this.get(key);`,
  `  if (hit !== undefined) return process.nextTick(callback, null, hit);`,
  `  loader(function (err, value) {`,
  `    if (!err) self.set(key, value);`,
  `    callback(err, value);`,
  `  });`,
  `};`,
  `module.exports = ExpiringCache;`,
);

// Tracking sent with a node-style callback a helper makes (`logError('tracking')` returning a function): the
// callback is no word of the command, so the mode is known.
write(
  'src/settings-client.js',
  `'use strict';`,
  `const Redis = require('ioredis');`,
  `const redis = new Redis();`,
  `const sub = new Redis();`,
  `function logError(label) {`,
  `  return function (err) { if (err) console.error(label, err.message); };`,
  `}`,
  `sub.subscribe('__redis__:invalidate');`,
  `redis.on('ready', function () {`,
  `  sub.client('ID', function (err, id) {`,
  `    redis.client('TRACKING', 'ON', 'OPTOUT', 'REDIRECT', id, logError('tracking'));`,
  `  });`,
  `});`,
  `module.exports = { redis };`,
);

// Helpers that hand the caller's callback straight to the command (`client.keys(pattern, cb)`): the reply goes
// where the caller's callback puts it, on the client the caller passes or on the module's own.
write(
  'src/lookups.js',
  `'use strict';`,
  `const shared = require('./redis');`,
  `exports.matchKeys = function (client, pattern, cb) {`,
  `  client.keys(pattern, cb);`,
  `};`,
  `exports.samplePick = function (client, key, done) {`,
  `  client.srandmember(key, 3, done);`,
  `};`,
  `exports.sharedKeys = function (pattern, callback) {`,
  `  shared.keys(pattern, callback);`,
  `};`,
);

runRuleTests('no-uncovered-cached-read: callback-era modules', rule, {
  valid: [
    // A constructor function that inherits from EventEmitter, whose probe's PTTL only reaches a logging listener.
    {
      code: lines(
        `'use strict';`,
        `const util = require('util');`,
        `const EventEmitter = require('events');`,
        `const client = require('./redis');`,
        `function Watchdog(name) { EventEmitter.call(this); this.name = name; }`,
        `util.inherits(Watchdog, EventEmitter);`,
        `Watchdog.prototype.check = function (key) {`,
        `  const self = this;`,
        `  return client.pttl(key).then(function (ms) { self.emit('lease', key, ms); });`,
        `};`,
        `const watchdog = new Watchdog('locks');`,
        `watchdog.on('lease', function (key, ms) { console.log(key, ms); });`,
        `module.exports = watchdog;`,
      ),
      filename: file('src/watchdog.js'),
    },
  ],
  invalid: [
    // A prototype-based repository of another module, made with the shared client: the random pick it returns
    // is stale once kept; the definition under `sched:` is covered.
    {
      code: lines(
        `'use strict';`,
        `const client = require('./redis');`,
        `const RunsRepo = require('./runs-repo');`,
        `const repo = new RunsRepo(client);`,
        `const state = {};`,
        `exports.audit = function (done) {`,
        `  repo.sampleNames(3).then(function (names) { state.spotCheck = names; done(); }, done);`,
        `  repo.definition('nightly').then(function (def) { state.nightly = def; });`,
        `};`,
      ),
      filename: file('src/audit.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
    // The callbacks the helpers hand on keep what the commands answer; one only logs it.
    {
      code: lines(
        `'use strict';`,
        `const client = require('./redis');`,
        `const lookups = require('./lookups');`,
        `const cache = { index: {}, picks: {} };`,
        `exports.routes = {`,
        `  tags(req, res) { lookups.matchKeys(client, 'tag:*', function (err, keys) { cache.index.tags = keys; }); },`,
        `  pick(req, res) { lookups.samplePick(client, 'sched:pool', function (err, picks) { cache.picks.pool = picks; }); },`,
        `  locks(req, res) { lookups.sharedKeys('lock:*', function (err, keys) { cache.index.locks = keys; }); },`,
        `  logged(req, res) { lookups.matchKeys(client, 'lock:*', function (err, keys) { console.log(keys); }); },`,
        `};`,
      ),
      filename: file('src/routes.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 6 },
        { messageId: 'volatileReplyKept', line: 7 },
        { messageId: 'uncoveredRead', line: 8 },
      ],
    },
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
    // Emitters written before \`class\`: \`util.inherits\` and \`EventEmitter.call(this)\`, and \`Object.create\` of its
    // prototype; a listener of the instance keeps what a prototype method emits.
    {
      code: lines(
        `'use strict';`,
        `const util = require('util');`,
        `const { EventEmitter } = require('events');`,
        `const client = require('./redis');`,
        `function Stage(name) { EventEmitter.call(this); this.name = name; }`,
        `util.inherits(Stage, EventEmitter);`,
        `Stage.prototype.probe = function (key) {`,
        `  var self = this;`,
        `  return client.pttl(key).then(function (ms) { self.emit('probe', key, ms); return ms; });`,
        `};`,
        `function Sampler() {}`,
        `Sampler.prototype = Object.create(EventEmitter.prototype);`,
        `Sampler.prototype.sample = function (set) {`,
        `  var self = this;`,
        `  client.srandmember(set, 3, function (err, picks) { if (!err) self.emit('sample', picks); });`,
        `};`,
        `const lastProbe = new Map();`,
        `const samples = [];`,
        `const stage = new Stage('events');`,
        `stage.on('probe', function (key, ms) { lastProbe.set(key, ms); });`,
        `const sampler = new Sampler();`,
        `sampler.on('sample', function (picks) { samples.push(picks); });`,
        `module.exports = { stage: stage, sampler: sampler };`,
      ),
      filename: file('src/stages.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 9 },
        { messageId: 'volatileReplyKept', line: 15 },
      ],
    },
    // A service factory keeping replies in instances of the imported constructor function: by its `set`, and by
    // the loader its `wrap` keeps the result of; a GET under the tracked prefix is covered.
    {
      code: lines(
        `'use strict';`,
        `var ExpiringCache = require('../lib/expiring-cache');`,
        `var client = require('../redis');`,
        `module.exports = function createScheduleService(deps) {`,
        `  var cache = new ExpiringCache(deps.ttlMs);`,
        `  function leaseLeft(name, cb) {`,
        `    client.pttl('lock:' + name).then(function (ms) { cache.set('lease:' + name, ms); cb(null, ms); }, cb);`,
        `  }`,
        `  function names(cb) {`,
        `    cache.wrap('names', function (done) { client.keys('job:*').then(function (k) { done(null, k); }, done); }, cb);`,
        `  }`,
        `  function schedule(name, cb) {`,
        `    cache.wrap(name, function (done) { client.get('sched:' + name).then(function (v) { done(null, v); }, done); }, cb);`,
        `  }`,
        `  return { leaseLeft: leaseLeft, names: names, schedule: schedule };`,
        `};`,
      ),
      filename: file('src/services/schedule-service.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
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
    {
      code: lines(
        `'use strict';`,
        `const { redis } = require('./settings-client');`,
        `let siteSettings = null;`,
        `function showSettings() {`,
        `  return redis`,
        `    .client('CACHING', 'no')`,
        `    .then(function () { return redis.hgetall('settings:site'); })`,
        `    .then(function (hash) { siteSettings = hash; return hash; });`,
        `}`,
        `module.exports = { showSettings, current: () => siteSettings };`,
      ),
      filename: file('src/settings.js'),
      errors: [{ messageId: 'optedOut', line: 7 }],
    },
  ],
});
