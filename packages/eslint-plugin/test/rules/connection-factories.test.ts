import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A connection factory of another module whose options decide the tracking: `getConnection(name, { trackPrefix
// })` turns BCAST on for that prefix only when it is given, with the option destructured in the body, tested
// with `!== undefined` and asserted non-null in TypeScript. Each call's connection tracks as its options say.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-connection-factories-');
write('package.json', JSON.stringify({ name: 'report-service', private: true }));
write(
  'src/connections.ts',
  `import Redis from 'ioredis';`,
  `export interface ConnectionOptions { trackPrefix?: string; subscriberId?: number }`,
  `const connections = new Map<string, Redis>();`,
  `export function getConnection(name: string, options: ConnectionOptions = {}): Redis {`,
  `  const existing = connections.get(name);`,
  `  if (existing) return existing;`,
  `  const conn = new Redis({ connectionName: name });`,
  `  const { trackPrefix } = options;`,
  `  if (trackPrefix !== undefined) {`,
  `    conn.on('ready', async () => {`,
  `      await conn.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(options.subscriberId), 'BCAST', 'PREFIX', trackPrefix!);`,
  `    });`,
  `  }`,
  `  connections.set(name, conn);`,
  `  return conn;`,
  `}`,
);

// Helpers taking the connection in a context object (`leaseRemaining(ctx, id)` reading `ctx.valkey`), called
// from a framework's callback whose `ctx` nothing the module reads describes: the client-only command the
// helper sends there says it is a client.
write(
  'src/sessions.ts',
  `import type Redis from 'ioredis';`,
  `export async function leaseRemaining({ valkey }: { valkey: Redis }, id: string): Promise<number> {`,
  `  const ms = await valkey.pttl(\`session:\${id}\`);`,
  `  return ms > 0 ? ms : 0;`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: connections a factory tracks as its options say', rule, {
  valid: [
    // Inside the prefix the call gives; and a connection asked for without the option tracks nothing.
    {
      code: lines(
        `import { getConnection } from './connections';`,
        `const reports = getConnection('reports', { trackPrefix: 'report:', subscriberId: 9 });`,
        `const app = getConnection('app');`,
        `const kept = new Map<string, unknown>();`,
        `export async function body(id: string) { kept.set(id, await reports.get(\`report:\${id}\`)); }`,
        `export async function drafts() { kept.set('drafts', await app.keys('draft:*')); }`,
      ),
      filename: file('src/valid.ts'),
    },
  ],
  invalid: [
    {
      code: lines(
        `import { getConnection } from './connections';`,
        `const reports = getConnection('reports', { trackPrefix: 'report:', subscriberId: 9 });`,
        `export class ReportService {`,
        `  private latest: string[] = [];`,
        `  async refresh() { this.latest = await reports.lrange('reports:latest', 0, 9); }`,
        `}`,
        `export const service = new ReportService();`,
      ),
      filename: file('src/report-service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    {
      code: lines(
        `import { leaseRemaining } from './sessions';`,
        `const banners = new Map<string, number>();`,
        `export const procedures = {`,
        `  leaseBanner: async ({ ctx, input }: { ctx: any; input: { id: string } }) => {`,
        `    banners.set(input.id, await leaseRemaining(ctx, input.id));`,
        `    return banners.get(input.id);`,
        `  },`,
        `};`,
      ),
      filename: file('src/banner.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
  ],
});
