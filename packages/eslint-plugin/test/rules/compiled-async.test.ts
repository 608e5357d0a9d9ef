import rule from '../../src/rules/no-uncovered-cached-read.js';
import invalidation from '../../src/rules/no-incomplete-invalidation.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Async functions as compilers and older libraries leave them in committed `lib/` and `dist/` files: TypeScript's
// `__awaiter(this, ..., function* () {...})` (tslib too), Babel's `_asyncToGenerator` with its
// `_load.apply(this, arguments)` forwarding, `co.wrap`, Bluebird's `.spread`. A `yield` there is an `await`.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-compiled-async-');
write('package.json', JSON.stringify({ name: 'forum-api', private: true }));
// Babel's output of `export async function remember(store, key, load) { ... }`.
write(
  'lib/memoize.js',
  `"use strict";`,
  `exports.remember = remember;`,
  `function asyncGeneratorStep(n, t, e, r, o, a, c) { try { var i = n[a](c), u = i.value; } catch (n) { return void e(n); } i.done ? t(u) : Promise.resolve(u).then(r, o); }`,
  `function _asyncToGenerator(n) { return function () { var t = this, e = arguments; return new Promise(function (r, o) { var a = n.apply(t, e); function _next(n) { asyncGeneratorStep(a, r, o, _next, _throw, "next", n); } function _throw(n) { asyncGeneratorStep(a, r, o, _next, _throw, "throw", n); } _next(void 0); }); }; }`,
  `function remember(_x, _x2, _x3) {`,
  `  return _remember.apply(this, arguments);`,
  `}`,
  `function _remember() {`,
  `  _remember = _asyncToGenerator(function* (store, key, load) {`,
  `    if (store.has(key)) return store.get(key);`,
  `    const value = yield load();`,
  `    store.set(key, value);`,
  `    return value;`,
  `  });`,
  `  return _remember.apply(this, arguments);`,
  `}`,
);
const awaiter = [
  `var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {`,
  `    return new (P || (P = Promise))(function (resolve, reject) {`,
  `        function step(result) { result.done ? resolve(result.value) : Promise.resolve(result.value).then((v) => step(generator.next(v)), reject); }`,
  `        step((generator = generator.apply(thisArg, _arguments || [])).next());`,
  `    });`,
  `};`,
];

runRuleTests('no-uncovered-cached-read: compiled async functions', rule, {
  valid: [
    // TypeScript's output: what a method returns to its caller, and a covered read kept; the helper is not followed.
    {
      code: lines(
        `"use strict";`,
        ...awaiter,
        `const ioredis_1 = require("ioredis");`,
        `const profiles = new Map();`,
        `class UserService {`,
        `    constructor() {`,
        `        this.redis = new ioredis_1.default();`,
        `        this.redis.on('ready', () => this.redis.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'user:'));`,
        `    }`,
        `    profile(id) {`,
        `        return __awaiter(this, void 0, void 0, function* () {`,
        `            const profile = yield this.redis.hgetall(\`user:\${id}\`);`,
        `            profiles.set(id, profile);`,
        `            return profile;`,
        `        });`,
        `    }`,
        `    ttl(id) {`,
        `        return __awaiter(this, void 0, void 0, function* () {`,
        `            const ttl = yield this.redis.ttl(\`user:\${id}\`);`,
        `            return ttl > 0 ? ttl : null;`,
        `        });`,
        `    }`,
        `}`,
        `exports.UserService = UserService;`,
      ),
    },
  ],
  invalid: [
    // `yield` is `await`, `this` is the instance `__awaiter` is given; a key outside the BCAST prefix is never announced.
    {
      code: lines(
        `"use strict";`,
        ...awaiter,
        `const tslib_1 = require("tslib");`,
        `const ioredis_1 = tslib_1.__importDefault(require("ioredis"));`,
        `const rooms = new Map();`,
        `class RoomService {`,
        `    constructor() {`,
        `        this.redis = new ioredis_1.default();`,
        `        this.redis.on('ready', () => this.redis.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'room:'));`,
        `    }`,
        `    members(id) {`,
        `        return tslib_1.__awaiter(this, void 0, void 0, function* () {`,
        `            const members = yield this.redis.smembers(\`members:\${id}\`);`,
        `            rooms.set(id, members);`,
        `            return members;`,
        `        });`,
        `    }`,
        `}`,
        `exports.RoomService = RoomService;`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 18 }],
    },
    // co.wrap and Bluebird: `yield` and `.spread` hand on the replies.
    {
      code: lines(
        `var co = require('co');`,
        `var Promise = require('bluebird');`,
        `var Valkey = require('iovalkey');`,
        `var valkey = new Valkey();`,
        `var events = new Valkey();`,
        `events.subscribe('__redis__:invalidate');`,
        `valkey.on('ready', co.wrap(function* () {`,
        `  var id = yield events.client('ID');`,
        `  yield valkey.client('TRACKING', 'ON', 'REDIRECT', id);`,
        `}));`,
        `var index = { drafts: [], pending: null };`,
        `var rebuild = co.wrap(function* () {`,
        `  index.drafts = yield valkey.keys('draft:*');`,
        `});`,
        `function depths() {`,
        `  return Promise.all([valkey.llen('queue:mail'), valkey.xpending('events', 'mailer')]).spread(function (mail, pending) {`,
        `    index.pending = pending;`,
        `  });`,
        `}`,
        `module.exports = { rebuild: rebuild, depths: depths };`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 13 },
        { messageId: 'uncoveredRead', line: 16 },
      ],
    },
    // Babel's memoizer of another module forwards its arguments with `apply(this, arguments)`: the store is the caller's.
    {
      code: lines(
        `var Redis = require('ioredis');`,
        `var memoize = require('../lib/memoize');`,
        `var tracked = new Redis();`,
        `var events = new Redis();`,
        `var reports = new Map();`,
        `events.subscribe('__redis__:invalidate');`,
        `tracked.on('ready', function () {`,
        `  events.client('ID').then(function (id) { return tracked.client('TRACKING', 'ON', 'REDIRECT', id); });`,
        `});`,
        `function boardKeys() {`,
        `  return memoize.remember(reports, 'board-keys', function () { return tracked.keys('board:*'); });`,
        `}`,
        `module.exports = { boardKeys: boardKeys };`,
      ),
      filename: file('services/report.js'),
      errors: [{ messageId: 'uncoveredRead', line: 11 }],
    },
  ],
});

runRuleTests('no-incomplete-invalidation: compiled async listeners', invalidation, {
  valid: [
    // The `ready` listener is the async function `co.wrap` and `_asyncToGenerator` make: it runs on every reconnect.
    lines(
      `function _asyncToGenerator(n) { return function () { return n.apply(this, arguments); }; }`,
      `var co = require('co');`,
      `var Valkey = require('iovalkey');`,
      `var valkey = new Valkey();`,
      `var applyInvalidation = require('./invalidate');`,
      `var events = new Valkey();`,
      `events.subscribe('__redis__:invalidate');`,
      `events.on('message', applyInvalidation);`,
      `valkey.on('ready', co.wrap(function* () {`,
      `  yield valkey.client('TRACKING', 'ON', 'REDIRECT', yield events.client('ID'));`,
      `}));`,
      `var other = new Valkey();`,
      `other.on('ready', _asyncToGenerator(function* () {`,
      `  yield other.client('TRACKING', 'ON', 'REDIRECT', yield events.client('ID'));`,
      `}));`,
    ),
  ],
  invalid: [],
});
