import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findSourceFiles } from '../src/code-audit/find-source-files.js';
import { SkipList } from '../src/code-audit/skip-list.js';
import { newDirectory } from './code-audit-helpers.js';

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

const found = (root: string, paths: string[], skips = new SkipList()) =>
  findSourceFiles(paths, skips, root).map((f) => relative(root, f.path).split('\\').join('/'));

const files = suite('findSourceFiles');
let root = '';
files.before.each(() => {
  root = newDirectory();
});
files.after.each(() => rmSync(root, { recursive: true, force: true }));

files('finds JavaScript and TypeScript sources, but no declarations, node_modules or other files', () => {
  write(root, {
    'a.js': '',
    'b.mjs': '',
    'c.cjs': '',
    'd.jsx': '',
    'e.ts': '',
    'f.mts': '',
    'g.cts': '',
    'h.tsx': '',
    'types.d.ts': '',
    'README.md': '',
    'node_modules/x/index.js': '',
    'lib/node_modules/y/index.js': '',
  });
  assert.equal(found(root, ['.']), ['a.js', 'b.mjs', 'c.cjs', 'd.jsx', 'e.ts', 'f.mts', 'g.cts', 'h.tsx']);
});

files('honours .gitignore files as git does: directory patterns, nested files and negation', () => {
  write(root, {
    '.gitignore': 'dist/\n*.gen.js\n',
    'dist/out.js': '',
    'src/app.js': '',
    'src/schema.gen.js': '',
    'src/vendor/.gitignore': '*.js\n!keep.js\n',
    'src/vendor/drop.js': '',
    'src/vendor/keep.js': '',
  });
  assert.equal(found(root, ['.']), ['src/app.js', 'src/vendor/keep.js']);
});

files('honours the .gitignore of the repository above the audited directory', () => {
  write(root, { '.gitignore': 'generated/\n', 'app/generated/client.js': '', 'app/main.js': '' });
  mkdirSync(join(root, '.git'));
  assert.equal(found(root, ['app']), ['app/main.js']);
});

files('outside a repository, a .gitignore above the audited directory does not apply', () => {
  write(root, { '.gitignore': 'app/\n', 'app/main.js': '' });
  assert.equal(found(root, ['app']), ['app/main.js']);
});

files('audits a file named on the command line even when it is ignored', () => {
  write(root, { '.gitignore': 'scripts/\n', 'scripts/seed.js': '' });
  assert.equal(found(root, ['.']), []);
  assert.equal(found(root, ['scripts/seed.js']), ['scripts/seed.js']);
});

files('counts a missing path and goes on with the others', () => {
  write(root, { 'src/app.ts': '' });
  const skips = new SkipList();
  assert.equal(found(root, ['nowhere', 'src'], skips), ['src/app.ts']);
  assert.equal(skips.toArray(), [
    { reason: 'paths that do not exist', count: 1, examples: [{ file: 'nowhere', preview: 'ENOENT' }] },
  ]);
});

files('does not follow a symbolic link to a directory, so a link cycle cannot trap it', () => {
  write(root, { 'src/app.js': '' });
  symlinkSync(root, join(root, 'src', 'loop'), 'dir');
  assert.equal(found(root, ['.']), ['src/app.js']);
});

files.run();
