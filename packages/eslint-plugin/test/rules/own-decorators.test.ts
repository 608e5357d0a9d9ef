import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Method decorators a team writes itself, legacy style (`experimentalDecorators`: `(target, key, descriptor)`):
// a timing wrapper that labels itself with `target.constructor.name` keeps nothing of what the method returns;
// a memoizing one keeps it.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-own-decorators-');
write('package.json', JSON.stringify({ name: 'catalog', private: true }));
write(
  'src/decorators.ts',
  `let sink = (label: string, ms: number) => { if (ms > 250) console.warn(label, ms); };`,
  `export function setTimingSink(next: typeof sink): void { sink = next; }`,
  `export function Timed(label?: string): MethodDecorator {`,
  `  return (target, propertyKey, descriptor: PropertyDescriptor) => {`,
  `    const original = descriptor.value as (...args: unknown[]) => Promise<unknown>;`,
  `    const name = label ?? \`\${target.constructor.name}.\${String(propertyKey)}\`;`,
  `    descriptor.value = async function (this: object, ...args: unknown[]) {`,
  `      const started = performance.now();`,
  `      try { return await original.apply(this, args); } finally { sink(name, performance.now() - started); }`,
  `    };`,
  `    return descriptor;`,
  `  };`,
  `}`,
);
write(
  'src/redis.ts',
  `import Redis from 'ioredis';`,
  `const events = new Redis();`,
  `void events.subscribe('__redis__:invalidate');`,
  `export const tracked = new Redis();`,
  `tracked.on('ready', async () => tracked.client('TRACKING', 'ON', 'REDIRECT', String(await events.client('ID'))));`,
);

runRuleTests('no-uncovered-cached-read: decorators of the team’s own', rule, {
  valid: [
    {
      code: lines(
        `import { Timed } from './decorators';`,
        `import { tracked } from './redis';`,
        `export class CatalogService {`,
        `  @Timed()`,
        `  async keyspaceSize(): Promise<number> { return tracked.dbsize(); }`,
        `  @Timed('catalog.search')`,
        `  async search(prefix: string): Promise<string[]> { return tracked.keys(\`product:\${prefix}*\`); }`,
        `}`,
      ),
      filename: file('src/catalog-service.ts'),
    },
  ],
  invalid: [],
});
