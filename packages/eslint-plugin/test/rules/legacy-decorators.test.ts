import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Legacy method decorators (`experimentalDecorators`: `(target, key, descriptor)`) of another module: `target` is
// the prototype, so a table keyed by `target.constructor.name` keeps the class's name, not what the method
// returns. A memoizing one keeps the results of `descriptor.value`; one that only clears tables keeps nothing.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-legacy-decorators-');
write('package.json', JSON.stringify({ name: 'storefront', private: true, type: 'module' }));
write(
  'src/valkey.ts',
  `import Valkey from 'iovalkey';`,
  `export const valkey = new Valkey();`,
  `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON'));`,
);
write(
  'src/cacheable.ts',
  `type Method = (...args: unknown[]) => Promise<unknown>;`,
  `const tables = new Map<string, Set<Map<string, unknown>>>();`,
  `function tablesOf(owner: string) {`,
  `  let owned = tables.get(owner);`,
  `  if (!owned) { owned = new Set(); tables.set(owner, owned); }`,
  `  return owned;`,
  `}`,
  `export function Cacheable() {`,
  `  return (target: object, _key: string, descriptor: PropertyDescriptor) => {`,
  `    const original = descriptor.value as Method;`,
  `    const memo = new Map<string, unknown>();`,
  `    tablesOf(target.constructor.name).add(memo);`,
  `    descriptor.value = async function (...args: unknown[]) {`,
  `      const key = JSON.stringify(args);`,
  `      if (!memo.has(key)) memo.set(key, await original.apply(this, args));`,
  `      return memo.get(key);`,
  `    };`,
  `    return descriptor;`,
  `  };`,
  `}`,
  `export function Bust() {`,
  `  return (target: object, _key: string, descriptor: PropertyDescriptor) => {`,
  `    const original = descriptor.value as Method;`,
  `    const owner = target.constructor.name;`,
  `    descriptor.value = async function (...args: unknown[]) {`,
  `      try { return await original.apply(this, args); } finally { for (const memo of tablesOf(owner)) memo.clear(); }`,
  `    };`,
  `    return descriptor;`,
  `  };`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: legacy method decorators', rule, {
  valid: [
    {
      code: lines(
        `import { valkey } from './valkey.js';`,
        `import { Bust } from './cacheable.js';`,
        `export class Holds {`,
        `  @Bust()`,
        `  async extend(id: string) {`,
        `    await valkey.pexpire(\`hold:\${id}\`, 60_000);`,
        `    return valkey.pttl(\`hold:\${id}\`);`,
        `  }`,
        `}`,
      ),
      filename: file('src/holds.ts'),
    },
  ],
  invalid: [
    {
      code: lines(
        `import { valkey } from './valkey.js';`,
        `import { Cacheable } from './cacheable.js';`,
        `export class Promos {`,
        `  @Cacheable()`,
        `  async endsIn(id: string) {`,
        `    return valkey.pttl(\`promo:\${id}\`);`,
        `  }`,
        `}`,
      ),
      filename: file('src/promos.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
  ],
});
