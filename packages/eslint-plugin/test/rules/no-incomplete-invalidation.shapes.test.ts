import rule from '../../src/rules/no-incomplete-invalidation.js';
import { runRuleTests } from '../rule-tester.js';

// Invalidation handlers and tracking set-ups as applications write them (issue #8).
const lines = (...source: string[]) => source.join('\n');

runRuleTests('no-incomplete-invalidation: shapes of real code', rule, {
  valid: [
    // A retry the error listener schedules with a timer, in a module that also waits a second before its first try.
    lines(
      `const { promisify } = require('node:util');`,
      `const Valkey = require('iovalkey');`,
      `const primary = new Valkey(process.env.VALKEY_URL);`,
      `const watcher = primary.duplicate();`,
      `function retrack() {`,
      `  return watcher.client('ID').then((id) => primary.client('TRACKING', 'ON', 'REDIRECT', id));`,
      `}`,
      `setTimeout(retrack, 1000);`,
      `primary.on('error', (error) => {`,
      `  console.warn('valkey', error.message);`,
      `  setTimeout(retrack, 500);`,
      `});`,
      `module.exports = { primary, watcher, sleep: promisify(setTimeout) };`,
    ),
    // An ES5 store whose prototype method, bound to the instance, is the ready listener of both connections.
    lines(
      `var Redis = require('ioredis');`,
      `function Store(url) {`,
      `  this.client = new Redis(url);`,
      `  this.events = this.client.duplicate();`,
      `  this.client.on('ready', this.retrack.bind(this));`,
      `  this.events.on('ready', this.retrack.bind(this));`,
      `}`,
      `Store.prototype.retrack = function () {`,
      `  var client = this.client;`,
      `  return this.events.client('ID').then(function (id) { return client.client('TRACKING', 'ON', 'REDIRECT', id); });`,
      `};`,
      `module.exports = Store;`,
    ),
    // `messageBuffer` receives the keys as an array (null after a flush) and this handler handles both.
    lines(
      `import Redis from 'ioredis';`,
      `import NodeCache from 'node-cache';`,
      `export class Sessions {`,
      `  #cache = new NodeCache();`,
      `  constructor() {`,
      `    this.events = new Redis();`,
      `    this.events.subscribe('__redis__:invalidate');`,
      `    this.events.on('messageBuffer', (_channel, keys) => {`,
      `      if (!keys) return this.#cache.flushAll();`,
      `      this.#cache.del(keys.map((key) => key.toString()));`,
      `    });`,
      `  }`,
      `}`,
    ),
    // The listener hands the payload to a function given to the constructor; that function handles it.
    lines(
      `const Valkey = require('iovalkey');`,
      `class Connection {`,
      `  constructor(onInvalidate) {`,
      `    this.events = new Valkey();`,
      `    this.events.subscribe('__redis__:invalidate');`,
      `    this.events.on('message', (_channel, payload) => onInvalidate(payload));`,
      `  }`,
      `}`,
      `class Book {`,
      `  #prices = new Map();`,
      `  constructor() { this.connection = new Connection((payload) => this.#invalidate(payload)); }`,
      `  #invalidate(payload) {`,
      `    if (!payload) return this.#prices.clear();`,
      `    for (const key of payload.split(',')) this.#prices.delete(key);`,
      `  }`,
      `}`,
      `module.exports = { Book };`,
    ),
    // A real completion callback of ioredis `subscribe`: it only looks at the error.
    lines(
      `import Redis from 'ioredis';`,
      `const sub = new Redis(); const cache = new Map();`,
      `sub.subscribe('__redis__:invalidate', (error, count) => { if (error) console.error(error, count); });`,
      `sub.on('message', (channel, message) => {`,
      `  if (!message) return cache.clear();`,
      `  for (const key of message.split(',')) cache.delete(key);`,
      `});`,
    ),
    // Tracking re-sent by a restart routine that an error listener schedules.
    lines(
      `const Redis = require('ioredis');`,
      `class Feed {`,
      `  constructor() {`,
      `    this.redis = new Redis({ lazyConnect: true });`,
      `    this.redis.on('error', () => this.scheduleRestart());`,
      `  }`,
      `  async start() { await this.redis.connect(); await this.track(); }`,
      `  track() { return this.redis.client('TRACKING', 'ON', 'BCAST'); }`,
      `  scheduleRestart() { setTimeout(() => this.restart(), 1000); }`,
      `  async restart() { await this.track(); }`,
      `}`,
      `module.exports = { Feed };`,
    ),
    // A reconnect routine (quit, then connect again) re-sends tracking.
    lines(
      `import Valkey from 'iovalkey';`,
      `export class Connection {`,
      `  #redis = new Valkey({ lazyConnect: true });`,
      `  async reconnect() {`,
      `    await this.#redis.quit();`,
      `    await this.#redis.connect();`,
      `    await this.#redis.client('TRACKING', 'ON');`,
      `  }`,
      `}`,
    ),
    // Tracking in a ready listener, inside a condition, arguments built with push.
    lines(
      `import Valkey from 'iovalkey';`,
      `const options = { tracking: true, prefixes: ['a:', 'b:'] };`,
      `const redis = new Valkey();`,
      `redis.on('ready', async () => {`,
      `  if (!options.tracking) return;`,
      `  const args = ['ON', 'BCAST'];`,
      `  for (const prefix of options.prefixes) args.push('PREFIX', prefix);`,
      `  await redis.call('CLIENT', 'TRACKING', ...args);`,
      `});`,
    ),
  ],
  invalid: [
    // A timer that runs once at start-up is no restore: nothing sends tracking again after a reconnect.
    {
      code: lines(
        `const Valkey = require('iovalkey');`,
        `const primary = new Valkey(process.env.VALKEY_URL);`,
        `function track() { return primary.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'cfg:'); }`,
        `setTimeout(track, 1000);`,
        `primary.on('error', (error) => console.warn('valkey', error.message));`,
      ),
      errors: [{ messageId: 'trackingNotRestored', line: 3, column: 27 }],
    },
    // A handler made by a factory method: deletes the comma-joined payload as one key, never clears on a flush.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const INVALIDATIONS = '__redis__:invalidate';`,
        `export class Inventory {`,
        `  #items = new Map();`,
        `  constructor() {`,
        `    this.events = new Valkey();`,
        `    this.events.subscribe(INVALIDATIONS);`,
        `    this.events.on('message', this.#makeHandler());`,
        `  }`,
        `  #makeHandler() {`,
        `    return (channel, key) => {`,
        `      if (channel !== INVALIDATIONS) return;`,
        `      this.#items.delete(key);`,
        `    };`,
        `  }`,
        `}`,
      ),
      errors: [
        { messageId: 'flushIgnored', line: 11, column: 22 },
        { messageId: 'payloadAsOneKey', line: 13, column: 7 },
      ],
    },
    // Code in comments is not code: the comment mentions `cache.clear()`, the handler does not call it.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const sub = new Valkey(); const cache = new Map();`,
        `sub.subscribe('__redis__:invalidate');`,
        `sub.on('message', (channel, message) => {`,
        `  // on a flush the server sends '' and we should call cache.clear()`,
        `  for (const key of message.split(',')) cache.delete(key);`,
        `});`,
      ),
      errors: [{ messageId: 'flushIgnored', line: 4, column: 29 }],
    },
    // The invalidation callback passed as the second argument of ioredis `subscribe`: a completion callback.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `class Memo {`,
        `  constructor() { this.entries = new Map(); this.sub = new Redis(); }`,
        `  async start() {`,
        `    await this.sub.subscribe('__redis__:invalidate', (error, payload) => {`,
        `      if (error) return console.error(error);`,
        `      for (const key of String(payload).split(',')) this.entries.delete(key);`,
        `    });`,
        `  }`,
        `}`,
        `module.exports = { Memo };`,
      ),
      errors: [{ messageId: 'subscribeCallbackIsNoListener', line: 5, column: 54 }],
    },
    // Tracking turned on once, after CLIENT ID in a `.then` chain of the constructor.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `export class Stock {`,
        `  #redis = new Valkey();`,
        `  #events = new Valkey();`,
        `  constructor() {`,
        `    this.#events`,
        `      .client('ID')`,
        `      .then((id) => this.#redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id))`,
        `      .catch(console.error);`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'trackingNotRestored', line: 8, column: 21 }],
    },
    // A cluster client turns tracking on with one call: it reaches one node (iovalkey Cluster, node-redis createCluster).
    {
      code: lines(
        `const { Cluster } = require('iovalkey');`,
        `const cluster = new Cluster([{ host: '127.0.0.1', port: 7000 }]);`,
        `cluster.on('ready', () => cluster.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'lb:'));`,
      ),
      errors: [{ messageId: 'clusterTrackingOneNode', line: 3, column: 27 }],
    },
    {
      code: lines(
        `const { createCluster } = require('redis');`,
        `const cluster = createCluster({ rootNodes: [] });`,
        `cluster.on('connect', () => cluster.sendCommand(undefined, false, ['CLIENT', 'TRACKING', 'ON', 'BCAST']));`,
      ),
      errors: [{ messageId: 'clusterTrackingOneNode', line: 3, column: 29 }],
    },
    // Clients typed only in JSDoc, handed to the constructor; a payload parsed by a helper and deleted whole;
    // splitting on ':' parses one key, it does not split the list.
    {
      code: lines(
        `'use strict';`,
        `const CHANNEL = '__redis__:invalidate';`,
        `function parseKey(key) { const [prefix, id] = key.split(':'); return { prefix, id }; }`,
        `class TrackingCache {`,
        `  #data = new Map();`,
        `  /**`,
        `   * @param {import('iovalkey').Redis} dataClient`,
        `   * @param {import('iovalkey').Redis} subClient`,
        `   */`,
        `  constructor(dataClient, subClient) {`,
        `    subClient.subscribe(CHANNEL);`,
        `    subClient.on('message', (channel, message) => {`,
        `      if (channel !== CHANNEL) return;`,
        `      const parsed = parseKey(message);`,
        `      this.#data.delete(parsed.id);`,
        `    });`,
        `  }`,
        `}`,
        `module.exports = TrackingCache;`,
      ),
      errors: [
        { messageId: 'flushIgnored', line: 12, column: 39 },
        { messageId: 'payloadAsOneKey', line: 15, column: 7 },
      ],
    },
    // The array payload of `messageBuffer` deleted as one key.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const sub = new Redis(); const cache = new Map();`,
        `sub.subscribe('__redis__:invalidate');`,
        `sub.on('messageBuffer', (channel, keys) => { if (keys === null) return cache.clear(); cache.delete(keys); });`,
      ),
      errors: [{ messageId: 'payloadAsOneKey', line: 4, column: 87 }],
    },
  ],
});
