import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Express routes behind apicache's middleware: what the handler sends for a GET is kept in memory and served to
// every request until the duration passes, by `apicache.middleware(...)` or a name given it (`const cache =
// apicache.middleware`), whether the handler is written there, named, or given to a wrapper (`wrap(async (req, res)
// => ...)`, whose returned function every route shares). A route without it sends each reply once.
const lines = (...source: string[]) => source.join('\n');
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
  ],
  invalid: [
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
