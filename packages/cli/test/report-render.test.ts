import { Chalk } from 'chalk';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exitCodeFor } from '../src/report/exit-code.js';
import { progressBar } from '../src/report/progress-bar.js';
import { renderSarif } from '../src/report/render-sarif.js';
import { renderText } from '../src/report/render-text.js';
import type { AuditReport, Finding } from '../src/report/types.js';

const codeFinding = (over: Partial<Finding> = {}): Finding => ({
  file: 'src/cache.ts',
  line: 12,
  column: 5,
  command: 'keys',
  category: 'none',
  reasons: ['key-pattern'],
  rule: 'valkey-track/no-uncovered-read',
  message: '`KEYS user:*` is not covered by CLIENT TRACKING.',
  ...over,
});

const report = (findings: Finding[], kind: AuditReport['kind'] = 'code'): AuditReport => ({
  tool: { name: 'valkey-track', version: '1.2.3' },
  kind,
  inputs: ['src'],
  findings,
  totals: { files: 3, parseErrors: 1 },
  skipped: [
    {
      reason: 'files that do not parse',
      count: 1,
      examples: [{ file: 'src/broken.ts', preview: 'Unexpected token' }],
    },
  ],
  notes: [],
});

const exit = suite('report: exit code');

exit('--fail-on partial fails on partial and none; none only on none; never never', () => {
  const partial = report([codeFinding({ category: 'partial' })]);
  const none = report([codeFinding()]);
  assert.is(exitCodeFor(partial, 'partial'), 1);
  assert.is(exitCodeFor(none, 'partial'), 1);
  assert.is(exitCodeFor(partial, 'none'), 0);
  assert.is(exitCodeFor(none, 'none'), 1);
  assert.is(exitCodeFor(none, 'never'), 0);
  assert.is(exitCodeFor(report([]), 'partial'), 0);
});

exit('--fail-on unknown fails on unknown findings and worse; partial and none ignore unknown ones', () => {
  const unknown = report([codeFinding({ category: 'unknown', reasons: [] })]);
  assert.is(exitCodeFor(unknown, 'unknown'), 1);
  assert.is(exitCodeFor(report([codeFinding({ category: 'partial' })]), 'unknown'), 1);
  assert.is(exitCodeFor(report([codeFinding()]), 'unknown'), 1);
  assert.is(exitCodeFor(unknown, 'partial'), 0);
  assert.is(exitCodeFor(unknown, 'none'), 0);
  assert.is(exitCodeFor(unknown, 'never'), 0);
});

const text = suite('report: text');

text('an unknown finding is counted and shown as unknown', () => {
  const out = renderText(
    report([codeFinding({ category: 'unknown', command: 'json.get', reasons: [] }), codeFinding()]),
    new Chalk({ level: 0 }),
  );
  assert.match(out, /^ {2}12:5\s+unknown JSON.GET/m);
  assert.match(out, '2 findings: 1 none, 0 partial, 1 unknown');
});

text('a MONITOR finding of an unknown command gets a section of its own', () => {
  const finding = codeFinding({
    file: undefined,
    client: '10.0.0.7:41234',
    category: 'unknown',
    command: 'json.get',
    reasons: [],
    rule: 'monitor/unknown-command',
    shape: 'JSON.GET',
    count: 3,
    share: 0.5,
    clients: [{ address: '10.0.0.7:41234', count: 3 }],
  });
  const out = renderText(report([finding], 'monitor'), new Chalk({ level: 0 }));
  assert.match(out, 'Commands of tracking clients nothing knows');
  assert.match(out, /unknown\s+JSON.GET/);
});

text('code findings are grouped by file, with line:column, and what was skipped is said', () => {
  const out = renderText(
    report([
      codeFinding(),
      codeFinding({ line: 30, category: 'partial', command: 'ttl' }),
      codeFinding({ file: 'src/b.ts' }),
    ]),
    new Chalk({ level: 0 }),
  );
  const lines = out.split('\n');
  assert.is(lines[0], 'src/cache.ts');
  assert.match(lines[1]!, /^ {2}12:5\s+none\s+KEYS/);
  assert.match(lines[2]!, /^ {2}30:5\s+partial TTL/);
  assert.ok(lines.includes('src/b.ts'));
  assert.match(out, 'Skipped 1 files that do not parse (first: src/broken.ts Unexpected token)');
  assert.match(out, '3 findings: 2 none, 1 partial');
  assert.match(out, '1 parse errors');
});

text('colour only when the chalk instance has a level', () => {
  const r = report([codeFinding()]);
  assert.not.match(renderText(r, new Chalk({ level: 0 })), /\x1b\[/);
  assert.match(renderText(r, new Chalk({ level: 1 })), /\x1b\[/);
});

const sarif = suite('report: SARIF');

sarif('a code finding becomes a result with its rule, level and region', () => {
  const out = JSON.parse(
    renderSarif(report([codeFinding(), codeFinding({ category: 'partial', line: 40 })])),
  );
  assert.is(out.version, '2.1.0');
  const run = out.runs[0];
  assert.is(run.tool.driver.name, 'valkey-track');
  assert.is(run.tool.driver.version, '1.2.3');
  assert.equal(
    run.tool.driver.rules.map((r: { id: string }) => r.id),
    ['valkey-track/no-uncovered-read'],
  );
  assert.equal(
    run.results.map((r: { level: string }) => r.level),
    ['error', 'warning'],
  );
  assert.equal(run.results[1].locations[0].physicalLocation, {
    artifactLocation: { uri: 'src/cache.ts' },
    region: { startLine: 40, startColumn: 5 },
  });
});

sarif('an unknown finding is a note', () => {
  const out = JSON.parse(renderSarif(report([codeFinding({ category: 'unknown', reasons: [] })])));
  assert.equal(out.runs[0].results[0].level, 'note');
  assert.is(out.runs[0].results[0].properties.category, 'unknown');
});

sarif('a log read from stdin has no file to point at, so its results carry no location', () => {
  const r = report(
    [{ ...codeFinding(), file: undefined, client: '10.0.0.1:5', rule: 'monitor/uncovered-read' }],
    'monitor',
  );
  r.inputs = ['-'];
  const out = JSON.parse(renderSarif(r));
  assert.equal(out.runs[0].results[0].locations, []);
  assert.is(out.runs[0].results[0].properties.client, '10.0.0.1:5');
});

const progress = suite('report: progress bar');

const fakeStream = (isTTY: boolean) => {
  const written: string[] = [];
  return {
    written,
    stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream,
  };
};

progress('draws on a terminal and clears its line at the end', async () => {
  const { written, stream } = fakeStream(true);
  const bar = progressBar(1000, 'bytes', stream);
  await new Promise((r) => setTimeout(r, 120));
  bar.update(500);
  bar.finish();
  assert.match(written[0]!, /^\r\[#{15} {15}\]  50% /);
  assert.is(written.at(-1), '\r\x1b[K');
});

progress('writes nothing when stderr is not a terminal', async () => {
  const { written, stream } = fakeStream(false);
  const bar = progressBar(1000, 'bytes', stream);
  await new Promise((r) => setTimeout(r, 120));
  bar.update(500);
  bar.finish();
  assert.equal(written, []);
});

exit.run();
progress.run();
text.run();
sarif.run();
