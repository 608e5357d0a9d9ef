import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// How long a handler's variable lives when a closure captures it: as long as the call when the closure is only
// called there (a memo for one response) or runs once (a promise callback, a `setTimeout`); for good when the
// closure outlives the call (a listener, a repeating timer, a returned function).
const lines = (...source: string[]) => source.join('\n');
const app = lines(
  `import express from 'express';`,
  `import Redis from 'ioredis';`,
  `const redis = new Redis();`,
  `export const app = express();`,
);

runRuleTests('no-uncovered-cached-read: closures over a handler variable', rule, {
  valid: [
    // A helper the handler declares and only calls, twice for one response.
    {
      code: lines(
        app,
        `app.get('/carts/:id', async (req, res) => {`,
        `  let reservation;`,
        `  const reservationOnce = async () => (reservation ??= await redis.ttl(\`cart:\${req.params.id}\`));`,
        `  async function holdOnce() { return reservation ?? (await redis.pttl(\`hold:\${req.params.id}\`)); }`,
        `  res.json({ first: await reservationOnce(), second: await reservationOnce(), hold: await holdOnce() });`,
        `});`,
      ),
    },
    // A timer that fires once, for this request's log line.
    {
      code: lines(
        app,
        `app.post('/holds/:id', async (req, res) => {`,
        `  const holdMs = await redis.pttl(\`hold:\${req.params.id}\`);`,
        `  setTimeout(() => console.warn('hold about to lapse', req.params.id), Math.max(holdMs - 1000, 0));`,
        `  res.status(202).json({ holdMs });`,
        `});`,
      ),
    },
  ],
  invalid: [
    // The same kind of helper handed to a socket's listener: it answers every later message.
    {
      code: lines(
        app,
        `export function onConnection(socket) {`,
        `  let closesIn;`,
        `  const closesInOnce = async () => (closesIn ??= await redis.ttl(\`session:\${socket.id}\`));`,
        `  socket.on('message', async () => socket.send(String(await closesInOnce())));`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
    // A repeating timer keeps serving the value the handler read.
    {
      code: lines(
        app,
        `app.post('/watch/:id', async (req, res) => {`,
        `  let left;`,
        `  const refresh = async () => { left = await redis.pttl(\`lease:\${req.params.id}\`); };`,
        `  await refresh();`,
        `  setInterval(refresh, 10_000);`,
        `  res.json({ left });`,
        `});`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
  ],
});
