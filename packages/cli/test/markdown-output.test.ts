import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import { commands, type ServerMetadata } from '@valkey-track/rules-data';
import { buildCategoryMap } from '../src/commands/build-category-map.js';
import { formatCommandsMarkdown } from '../src/commands/format-commands-markdown.js';
import { repoRoot, runBuiltCli } from './cli-helpers.js';

interface Cell {
  /** The cell's text as rendered, without Markdown syntax. */
  text: string;
  /** The value of the code span when the cell is one code span. */
  code?: string;
}

type Node = { type: string; value?: string; children?: Node[] };
const textOf = (node: Node): string => node.value ?? (node.children ?? []).map(textOf).join('');

/**
 * Every table of a Markdown page as micromark's GFM table extension parses it: rows of cells. micromark keeps a
 * row's excess cells (GitHub drops them from view), so a row split by an unescaped `|` shows as a longer row.
 */
function tablesOf(markdown: string): Cell[][][] {
  const tree = fromMarkdown(markdown, {
    extensions: [gfmTable()],
    mdastExtensions: [gfmTableFromMarkdown()],
  }) as Node;
  return (tree.children ?? [])
    .filter((node) => node.type === 'table')
    .map((table) =>
      (table.children ?? []).map((row) =>
        (row.children ?? []).map((cell) => {
          const only = cell.children?.length === 1 ? cell.children[0] : undefined;
          return { text: textOf(cell), ...(only?.type === 'inlineCode' ? { code: only.value } : {}) };
        }),
      ),
    );
}

/** Every row of every table has as many cells as its header. */
function assertRectangular(markdown: string, where: string): Cell[][][] {
  const tables = tablesOf(markdown);
  assert.ok(tables.length > 0, `${where}: no table`);
  for (const [t, table] of tables.entries()) {
    const columns = table[0]!.length;
    for (const [r, row] of table.entries()) {
      assert.is(
        row.length,
        columns,
        `${where}, table ${t + 1}, row ${r}: ${row.length} cells, the header has ${columns}: ${row.map((c) => c.text).join(' ¦ ')}`,
      );
    }
  }
  return tables;
}

const subcommands = commands().filter((e) => e.name.includes('|'));

const markdown = suite('generated Markdown, read by a Markdown parser');

markdown('there are subcommands to test with', () => {
  assert.ok(subcommands.length > 100, `${subcommands.length}`);
});

markdown(
  'table --format markdown: every row has 5 cells, the command in a code span and where it exists',
  async () => {
    const { code, stdout, stderr } = await runBuiltCli(['table', '--format', 'markdown']);
    assert.is(code, 0, stderr);
    const [table] = assertRectangular(stdout, 'table --format markdown');
    const rows = table!.slice(1);
    assert.equal(
      rows.map((row) => row[0]!.code),
      commands().map((e) => e.name),
    );
    assert.equal(
      rows.map((row) => row[1]!.text),
      commands().map((e) => e.category),
    );
    const aclCat = rows.find((row) => row[0]!.code === 'acl|cat')!;
    assert.is(aclCat[3]!.text, commands().find((e) => e.name === 'acl|cat')!.versionRange);
    assert.is(aclCat[4]!.text, commands().find((e) => e.name === 'acl|cat')!.explanation);
  },
);

markdown('commands --format markdown: every row has 5 cells, drift lines keep their text', () => {
  const metadata = JSON.parse(
    readFileSync(join(repoRoot, 'fixtures/server-metadata/valkey-8.0.1.json'), 'utf8'),
  ) as ServerMetadata;
  const map = buildCategoryMap(
    {
      kind: 'valkey',
      version: '8.0.1',
      aclCategories: { tracking_partial: ['object|encoding'] },
      metadata,
      arguments: new Map(),
    },
    'valkey://127.0.0.1:6379/0',
  );
  const page = formatCommandsMarkdown(map);
  const [table] = assertRectangular(page, 'commands --format markdown');
  const names = table!.slice(1).map((row) => row[0]!.code);
  assert.equal(names, Object.keys(map.commands));
  assert.ok(names.includes('object|encoding'));
  assert.match(
    page,
    '- object\\|encoding: the server declares partial (@tracking_partial), the bundled data says full',
  );
});

markdown('docs/commands.md: every row of every table has as many cells as its header', () => {
  const page = readFileSync(join(repoRoot, 'docs/commands.md'), 'utf8');
  const tables = assertRectangular(page, 'docs/commands.md');
  const every = tables.find((table) => table[0]![0]!.text === 'command' && table.length > 300)!;
  assert.equal(
    every.slice(1).map((row) => row[0]!.code),
    commands().map((e) => e.name),
  );
});

markdown.run();
