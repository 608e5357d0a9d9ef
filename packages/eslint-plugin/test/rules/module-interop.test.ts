import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// How modules reach each other beside `import` and `require`: TypeScript's `export =` with `import x = require()`,
// and the `require` an ES module makes with `createRequire(import.meta.url)` to load a CommonJS module.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-module-interop-');
write('package.json', JSON.stringify({ name: 'box-office', private: true, type: 'module' }));
write(
  'src/promo-codes.cts',
  `import Valkey = require('iovalkey');`,
  `const valkey = new Valkey(process.env.VALKEY_URL);`,
  `const events = new Valkey(process.env.VALKEY_URL);`,
  `events.subscribe('__redis__:invalidate');`,
  `valkey.on('ready', async () => valkey.client('TRACKING', 'ON', 'REDIRECT', String(await events.client('ID'))));`,
  `class PromoCodes {`,
  `  readonly picked = new Map<string, string | null>();`,
  `  async featured(campaign: string) {`,
  `    const code = await valkey.srandmember(\`promo:\${campaign}\`);`,
  `    this.picked.set(campaign, code);`,
  `    return code;`,
  `  }`,
  `  campaigns() {`,
  `    return valkey.keys('promo:*');`,
  `  }`,
  `}`,
  `export = new PromoCodes();`,
);
write(
  'src/holds.cjs',
  `const Valkey = require('iovalkey');`,
  `const holds = new Valkey(process.env.VALKEY_URL);`,
  `holds.on('ready', () => holds.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'hold:'));`,
  `module.exports = { holds };`,
);

runRuleTests('no-uncovered-cached-read: export =, import = require() and createRequire', rule, {
  valid: [
    // A covered read through the made `require`, kept: the BCAST prefix covers it.
    {
      code: lines(
        `import { createRequire } from 'node:module';`,
        `const require = createRequire(import.meta.url);`,
        `const { holds } = require('./holds.cjs');`,
        `const seen = new Map();`,
        `export async function hold(id) {`,
        `  seen.set(id, await holds.get(\`hold:\${id}\`));`,
        `}`,
      ),
      filename: file('src/hold-view.js'),
    },
  ],
  invalid: [
    {
      code: lines(
        `import { createRequire } from 'node:module';`,
        `const load = createRequire(import.meta.url);`,
        `const { holds } = load('./holds.cjs');`,
        `const expiries = new Map();`,
        `export async function sweep() {`,
        `  expiries.set('all', await holds.keys('seat:*'));`,
        `}`,
      ),
      filename: file('src/sweeper.js'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    // `export = new PromoCodes()`: the instance lives as long as the module, and so does what it keeps.
    {
      code: lines(
        `import Valkey = require('iovalkey');`,
        `const valkey = new Valkey(process.env.VALKEY_URL);`,
        `class PromoCodes {`,
        `  readonly picked = new Map<string, string | null>();`,
        `  async featured(campaign: string) {`,
        `    const code = await valkey.srandmember(\`promo:\${campaign}\`);`,
        `    this.picked.set(campaign, code);`,
        `    return code;`,
        `  }`,
        `}`,
        `export = new PromoCodes();`,
      ),
      filename: file('src/promo-codes-copy.cts'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // The same instance through `import x = require()`: a KEYS reply it returns, kept by the caller.
    {
      code: lines(
        `import promoCodes = require('./promo-codes.cjs');`,
        `const all = new Map<string, string[]>();`,
        `export async function campaigns() {`,
        `  all.set('campaigns', await promoCodes.campaigns());`,
        `}`,
      ),
      filename: file('src/banner.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
  ],
});
