import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  appsDirectory,
  byPosition,
  compareFindings,
  listApps,
  readExpected,
  requiredFindings,
  type Finding,
} from './fixture-apps.js';

const packageDirectory = fileURLToPath(new URL('../', import.meta.url));
const parserDirectory = dirname(
  createRequire(import.meta.url).resolve('@typescript-eslint/parser/package.json'),
);
const eslintBin = join(
  dirname(createRequire(import.meta.url).resolve('eslint/package.json')),
  'bin',
  'eslint.js',
);

interface EslintResult {
  filePath: string;
  messages: Array<{
    line: number;
    column: number;
    ruleId: string | null;
    messageId?: string;
    message: string;
    fatal?: boolean;
  }>;
}

/** A new project: the app's files, its plain eslint.config.js, and the built plugin in node_modules. */
function newProject(app: string): string {
  const project = mkdtempSync(join(tmpdir(), `vt-eslint-${app}-`));
  cpSync(join(appsDirectory, app), project, { recursive: true });
  mkdirSync(join(project, 'node_modules', '@valkey-track'), { recursive: true });
  symlinkSync(packageDirectory, join(project, 'node_modules', '@valkey-track', 'eslint-plugin'), 'dir');
  // TypeScript apps' configs import the parser, as a project that lints TypeScript has it installed.
  mkdirSync(join(project, 'node_modules', '@typescript-eslint'), { recursive: true });
  symlinkSync(parserDirectory, join(project, 'node_modules', '@typescript-eslint', 'parser'), 'dir');
  return project;
}

function runEslint(project: string): { status: number | null; results: EslintResult[]; stderr: string } {
  // The sources: a CommonJS app's ESM eslint.config.js would not parse under its own commonjs setting.
  const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', 'src'], {
    cwd: project,
    encoding: 'utf8',
  });
  return {
    status: run.status,
    results: run.stdout ? (JSON.parse(run.stdout) as EslintResult[]) : [],
    stderr: run.stderr,
  };
}

const findingsOf = (project: string, results: EslintResult[]): Finding[] =>
  results
    .flatMap((result) =>
      result.messages.map((m): Finding => ({
        file: relative(project, result.filePath),
        line: m.line,
        column: m.column,
        ruleId: m.ruleId ?? '(fatal)',
        messageId: m.messageId ?? m.message,
      })),
    )
    .sort(byPosition);

const test = suite('eslint CLI on the fixture apps');

test.before(() => {
  if (!existsSync(join(packageDirectory, 'dist', 'index.js'))) {
    throw new Error('the built plugin is missing: run `npx tsc -b packages/eslint-plugin` first');
  }
});

for (const app of listApps()) {
  test(`${app}: a plain eslint.config.js loads the plugin and ESLint reports exactly the expected findings`, () => {
    const project = newProject(app);
    try {
      const { status, results, stderr } = runEslint(project);
      const expected = readExpected(app);
      const required = requiredFindings(expected);
      assert.equal(
        compareFindings(findingsOf(project, results), required, expected.ambiguous),
        { missing: [], unexpected: [] },
        stderr,
      );
      assert.is(status, required.length > 0 ? 1 : 0, stderr);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
}

test('a file that does not parse is a parse error for that file, not a crash, and the rest is still linted', () => {
  const project = newProject('iovalkey-bcast');
  try {
    writeFileSync(
      join(project, 'src', 'broken.js'),
      "import Valkey from 'iovalkey';\nconst redis = new Valkey(;\n",
    );
    const { status, results, stderr } = runEslint(project);
    assert.is(status, 1, stderr);
    const broken = results.find((r) => r.filePath.endsWith('broken.js'));
    assert.is(broken?.messages.length, 1);
    assert.ok(broken?.messages[0]?.fatal, 'the broken file gets one fatal parse error');
    const others = findingsOf(
      project,
      results.filter((r) => !r.filePath.endsWith('broken.js')),
    );
    assert.is(others.length, requiredFindings(readExpected('iovalkey-bcast')).length);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test.run();
