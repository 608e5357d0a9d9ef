import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Repositories written as curried functions, as functional-style services write them: a function of the client
// returning the reader (`ttlOf(redis)(id)`), called at once or held and called later (`const listKeys =
// keysFor(redis)`). The reads go on the client the outer call is given; the caller decides whether the reply is
// kept, so the finding lands on the caller's call.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-curried-readers-');
write('package.json', JSON.stringify({ name: 'curried-api', private: true, type: 'module' }));
write(
  'src/repositories/users.js',
  `export const ttlOf = (redis) => async (id) => redis.ttl(\`session:\${id}\`);`,
  `export const profileOf = (redis) => async (id) => {`,
  `  const fields = await redis.hgetall(\`user:\${id}\`);`,
  `  return { name: fields.name, plan: fields.plan };`,
  `};`,
  `export function keysFor(redis) {`,
  `  return function listKeys(prefix) {`,
  `    return redis.keys(\`\${prefix}*\`);`,
  `  };`,
  `}`,
  `export const sampler = ({ valkey }) => (key, count) => valkey.srandmember(key, count);`,
  `const directory = {};`,
  `export const teamKeys = (redis) => async (prefix) => (directory[prefix] ??= await redis.keys(\`\${prefix}*\`));`,
);
write(
  'src/clients.js',
  `import Valkey from 'iovalkey';`,
  `export const redis = new Valkey(process.env.VALKEY_URL);`,
  `const events = new Valkey(process.env.VALKEY_URL);`,
  `events.subscribe('__redis__:invalidate');`,
  `redis.on('ready', async () => redis.client('TRACKING', 'ON', 'REDIRECT', await events.client('ID')));`,
);
const header = [
  `import { ttlOf, profileOf, keysFor, sampler, teamKeys } from '../repositories/users.js';`,
  `import { redis } from '../clients.js';`,
];

runRuleTests('no-uncovered-cached-read: curried readers of another module', rule, {
  valid: [
    // A covered read kept; an uncovered one returned and not kept; a TTL for one response only.
    {
      code: lines(
        ...header,
        `const profiles = new Map();`,
        `export async function profile(id) {`,
        `  if (!profiles.has(id)) profiles.set(id, await profileOf(redis)(id));`,
        `  return profiles.get(id);`,
        `}`,
        `export const sessionLeft = (id) => ttlOf(redis)(id);`,
        `export async function keysNow(prefix) {`,
        `  const listKeys = keysFor(redis);`,
        `  const local = new Map();`,
        `  local.set(prefix, await listKeys(prefix));`,
        `  return local.get(prefix).length;`,
        `}`,
      ),
      filename: file('src/routes/valid.js'),
    },
  ],
  invalid: [
    // Called at once: the TTL is kept in the module's Map.
    {
      code: lines(
        ...header,
        `const left = new Map();`,
        `export async function sessionLeft(id) {`,
        `  if (left.has(id)) return left.get(id);`,
        `  const seconds = await ttlOf(redis)(id);`,
        `  left.set(id, seconds);`,
        `  return seconds;`,
        `}`,
      ),
      filename: file('src/routes/sessions.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 6, column: 25 }],
    },
    // Held in a module constant and called later, and through a context object the factory destructures.
    {
      code: lines(
        ...header,
        `const listKeys = keysFor(redis);`,
        `const sample = sampler({ valkey: redis });`,
        `const index = {};`,
        `export async function refresh(prefix) {`,
        `  index[prefix] = await listKeys(prefix);`,
        `  index.sample = await sample('featured', 3);`,
        `}`,
      ),
      filename: file('src/routes/index.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 7, column: 25 },
        { messageId: 'volatileReplyKept', line: 8, column: 24 },
      ],
    },
    // A reader whose module keeps the reply itself: reported once, on the call that gives it the client.
    {
      code: lines(...header, `export const teams = (prefix) => teamKeys(redis)(prefix);`),
      filename: file('src/routes/teams.js'),
      errors: [{ messageId: 'uncoveredRead', line: 3, column: 34 }],
    },
  ],
});
