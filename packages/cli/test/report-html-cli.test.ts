import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [bin, 'audit', '--no-progress', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined },
    maxBuffer: 64 << 20,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const cliSuite = suite('valkey-track audit --format html (built binary)');

cliSuite('a MONITOR log: one page on stdout, the same exit code as the other formats', () => {
  const log = 'fixtures/monitor/valkey-8.0.1.log';
  const page = cli(['--monitor', log, '--format', 'html']);
  const json = cli(['--monitor', log, '--format', 'json']);
  assert.is(page.status, json.status);
  assert.is(page.status, 1);
  assert.is(page.stderr, '');
  assert.ok(page.stdout.startsWith('<!doctype html>'));
  assert.ok(page.stdout.trimEnd().endsWith('</html>'));
  const findings = JSON.parse(json.stdout).findings.length;
  assert.is(page.stdout.match(/<tbody\s+class="finding"/g)!.length, findings);
  // The input's size in the header.
  const bytes = readFileSync(join(root, log)).length;
  assert.match(page.stdout, new RegExp(`<data value="${bytes}" data-format="bytes">`));
  assert.is(cli(['--monitor', log, '--format', 'html', '--fail-on', 'never']).status, 0);
});

cliSuite('not a MONITOR log: the page still comes, and exit 2 with the one-line reason', () => {
  const { status, stdout, stderr } = cli(['--monitor', 'fixtures/monitor/not-a-log.txt', '--format', 'html']);
  assert.is(status, 2);
  assert.match(stderr, /is not a MONITOR log/);
  assert.match(stdout, /No MONITOR line to audit/);
});

cliSuite('the code audit: findings grouped by file, each with its source line and an anchor', () => {
  const page = cli(['fixtures/apps', '--format', 'html']);
  const json = JSON.parse(cli(['fixtures/apps', '--format', 'json']).stdout);
  assert.is(page.status, 1);
  const out = page.stdout;
  const files = new Set<string>(json.findings.map((f: { file: string }) => f.file));
  assert.is(out.match(/<section\s+class="file-group"/g)!.length, files.size);
  for (const f of json.findings as { file: string; line: number; column: number }[]) {
    const id = `${f.file}:${f.line}:${f.column}`;
    assert.ok(out.includes(`id="${id}"`), `anchor ${id}`);
    assert.ok(out.includes(`href="#${encodeURI(id)}"`), `link to ${id}`);
    // The source line, as it is in the file, escaped.
    const source = readFileSync(join(root, f.file), 'utf8').split('\n')[f.line - 1]!.trim();
    const escaped = source
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
    const shown = out.replace(/<\/?mark>/g, '');
    assert.ok(shown.includes(escaped.slice(0, 30)), `source of ${id}: ${source}`);
  }
});

cliSuite('--format html is listed in the help', () => {
  const run = spawnSync(process.execPath, [bin, 'audit', '--help'], { encoding: 'utf8' });
  assert.match(run.stdout, /text, json, sarif or html/);
});

cliSuite.run();
