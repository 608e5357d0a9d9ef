// Times linting one large module (bench/large-file.mjs) in-process, ESLint without our rules and with both.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { largeModule } from './large-file.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'packages/eslint-plugin/package.json'));
const { Linter } = require('eslint');
const plugin = (await import(join(root, 'packages/eslint-plugin/dist/index.js'))).default;

export async function largeFileBench({ lines = 5000, rounds = 9 } = {}) {
  const source = largeModule(lines);
  const filename = join(root, 'bench', 'large-module.js');
  const base = { files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } };
  const withRules = [base, plugin.configs.recommended];
  const without = [base];
  // CPU time of the process (all its threads, the garbage collector's included), not wall time: on a shared
  // machine the wall clock mostly measures the neighbours.
  const time = (config) => {
    const linter = new Linter({ configType: 'flat', cwd: root });
    const started = process.cpuUsage();
    const messages = linter.verify(source, config, filename);
    const used = process.cpuUsage(started);
    return { ms: (used.user + used.system) / 1000, messages };
  };
  // Warm up both (JIT, module loading), then alternate and keep the best of each.
  time(without);
  time(withRules);
  let best = { without: Infinity, with: Infinity };
  let findings = 0;
  for (let round = 0; round < rounds; round++) {
    best.without = Math.min(best.without, time(without).ms);
    const run = time(withRules);
    best.with = Math.min(best.with, run.ms);
    findings = run.messages.filter((m) => m.ruleId?.startsWith('@valkey-track/')).length;
  }
  return { lines: source.split('\n').length, ...best, ratio: best.with / best.without, findings };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await largeFileBench();
  console.log(JSON.stringify(result));
}
