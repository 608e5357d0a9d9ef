import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Express routes behind apicache's middleware: what the handler sends for a GET is kept in memory and served to
// every request until the duration passes, by `apicache.middleware(...)` or a name given it (`const cache =
// apicache.middleware`), whether the handler is written there, named, or given to a wrapper (`wrap(async (req, res)
// => ...)`, whose returned function every route shares). A route without it sends each reply once.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-response-caches-');
// A controller module: its handlers send what its own client reads, one through `res.status(200).json(...)`.
write(
  'promo-controller.js',
  `const Redis = require('ioredis');`,
  `const redis = new Redis();`,
  `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
  `exports.endsIn = async (req, res) => {`,
  `  res.json({ endsIn: await redis.ttl('promo') });`,
  `};`,
  `exports.sections = async (req, res) => {`,
  `  res.status(200).send({ sections: await redis.keys('section:*') });`,
  `};`,
  `exports.config = async (req, res) => {`,
  `  res.json(await redis.hgetall('config'));`,
  `};`,
);
const app = [
  `const express = require('express');`,
  `const apicache = require('apicache');`,
  `const Redis = require('ioredis');`,
  `const redis = new Redis();`,
  `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
  `const router = express.Router();`,
  `const cache = apicache.middleware;`,
];

runRuleTests('no-uncovered-cached-read: responses a response cache keeps', rule, {
  valid: [
    // No response cache on the route; a covered read behind one.
    {
      code: lines(
        ...app,
        `router.get('/promo', async (req, res) => res.json({ endsIn: await redis.ttl('promo') }));`,
        `router.get('/config', cache('1 hour'), async (req, res) => res.json(await redis.hgetall('config')));`,
        `module.exports = router;`,
      ),
    },
    // Handlers of a controller module: a covered read behind the cache, a TTL on a route without it.
    {
      code: lines(
        ...app,
        `const promo = require('./promo-controller');`,
        `router.get('/config', cache('1 hour'), promo.config);`,
        `router.get('/promo', promo.endsIn);`,
        `module.exports = router;`,
      ),
      filename: file('uncached-routes.cjs'),
    },
  ],
  invalid: [
    // A controller module's handlers behind the cache: what they send is kept, reported at the route.
    {
      code: lines(
        ...app,
        `const promo = require('./promo-controller');`,
        `router.get('/promo', cache('5 minutes'), promo.endsIn);`,
        `router.get('/sections', apicache.middleware('10 minutes'), promo.sections);`,
        `router.get('/promo-now', promo.endsIn);`,
        `module.exports = router;`,
      ),
      filename: file('cached-routes.cjs'),
      errors: [
        { messageId: 'volatileReplyKept', line: 9 },
        { messageId: 'uncoveredRead', line: 10 },
      ],
    },
    // A random pick and a TTL sent from cached routes; KEYS through `res.status(200).json(...)`.
    {
      code: lines(
        ...app,
        `router.get('/picks', cache('30 seconds'), async (req, res) => {`,
        `  res.json({ picks: await redis.srandmember('featured', 4) });`,
        `});`,
        `router.get('/promo', apicache.middleware('5 minutes'), async (req, res) => {`,
        `  const left = await redis.ttl('promo');`,
        `  res.send(String(left));`,
        `});`,
        `router.get('/sections', cache('10 minutes'), async (req, res) => {`,
        `  res.status(200).json(await redis.keys('section:*'));`,
        `});`,
        `async function idleOf(req, res) {`,
        `  res.json({ idle: await redis.object('IDLETIME', 'catalog') });`,
        `}`,
        `router.get('/idle', cache('1 minute'), idleOf);`,
        `router.get('/idle-now', idleOf);`,
        `const wrap = (handler) => (req, res, next) => handler(req, res, next).catch(next);`,
        `router.get('/hold', cache('1 minute'), wrap(async (req, res) => res.json(await redis.pttl('hold'))));`,
        `router.get('/hold-now', wrap(async (req, res) => res.json(await redis.pttl('hold:now'))));`,
        `module.exports = router;`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 9 },
        { messageId: 'volatileReplyKept', line: 12 },
        { messageId: 'uncoveredRead', line: 16 },
        { messageId: 'volatileReplyKept', line: 19 },
        { messageId: 'volatileReplyKept', line: 24 },
      ],
    },
  ],
});
