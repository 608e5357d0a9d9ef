import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

const lint = suite('the plugin lints clean with eslint-plugin-eslint-plugin');

lint('every rule source passes the recommended eslint-plugin rules', async () => {
  const eslint = new ESLint({ cwd: packageDir });
  const results = await eslint.lintFiles(['src/rules']);
  assert.ok(results.length > 0, 'no rule source was linted');
  const problems = results.flatMap((r) =>
    r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'}: ${m.message}`),
  );
  assert.equal(problems, []);
});

lint.run();
