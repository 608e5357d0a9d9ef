import { spawnSync } from 'node:child_process';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../util/usage-error.js';

function git(args: string[], cwd: string, input?: string): Buffer {
  const run = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (run.error) throw new UsageError(`--staged needs git: ${run.error.message}`);
  if (run.status !== 0) {
    const reason = run.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    throw new UsageError(`--staged: git ${args[0]} failed: ${reason}`);
  }
  return run.stdout;
}

/** A file as staged: its working-tree path (for names, configs and ignores) and its content in the index. */
export interface StagedFile {
  /** Absolute path in the working tree. */
  path: string;
  /** The staged content, which is what the commit will hold, whatever the working tree has since. */
  text: string;
}

// Regular files only: a symbolic link's blob is its target path, a submodule has no blob here.
const REGULAR_FILE = new Set(['100644', '100755']);

/** `git diff --cached --raw -z` records: `:old-mode new-mode old-sha new-sha status NUL path NUL`. */
function stagedBlobs(cwd: string): { name: string; sha: string }[] {
  const out = git(
    ['diff', '--cached', '--raw', '-z', '--no-renames', '--no-abbrev', '--diff-filter=ACMT'],
    cwd,
  ).toString('utf8');
  const fields = out.split('\0');
  const blobs: { name: string; sha: string }[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, newMode = '', , newSha = ''] = fields[i]!.slice(1).split(' ');
    if (REGULAR_FILE.has(newMode)) blobs.push({ name: fields[i + 1]!, sha: newSha });
  }
  return blobs;
}

/** The blobs' contents, read by one `git cat-file --batch`: `<sha> blob <size> LF <content> LF` each. */
function readBlobs(shas: readonly string[], cwd: string): string[] {
  if (shas.length === 0) return [];
  const out = git(['cat-file', '--batch'], cwd, `${shas.join('\n')}\n`);
  const texts: string[] = [];
  let at = 0;
  for (const sha of shas) {
    const headerEnd = out.indexOf(0x0a, at);
    const [name, type, size] = out.subarray(at, headerEnd).toString('latin1').split(' ');
    if (name !== sha || type !== 'blob') throw new UsageError(`--staged: git cat-file could not read ${sha}`);
    const start = headerEnd + 1;
    texts.push(out.subarray(start, start + Number(size)).toString('utf8'));
    at = start + Number(size) + 1;
  }
  return texts;
}

/**
 * The files staged in git (added, copied, modified, renamed or changed type; deletions have nothing to lint),
 * limited to `paths` when some are given and to names `keep` accepts, with the content staged for them: the
 * hook checks what is about to be committed, not the working copy, which may differ (`git add -p`, edits after
 * `git add`).
 */
export function stagedFiles(
  paths: readonly string[],
  cwd = process.cwd(),
  keep: (path: string) => boolean = () => true,
): StagedFile[] {
  const top = git(['rev-parse', '--show-toplevel'], cwd).toString('utf8').trim();
  const roots = paths.map((p) => resolve(cwd, p));
  const within = (name: string) =>
    roots.length === 0 ||
    roots.some((root) => {
      const inside = relative(root, name);
      return inside === '' || (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside));
    });
  const blobs = stagedBlobs(cwd)
    .map((blob) => ({ path: join(top, blob.name), sha: blob.sha }))
    .filter((blob) => within(blob.path) && keep(blob.path));
  const texts = readBlobs(
    blobs.map((blob) => blob.sha),
    cwd,
  );
  return blobs.map((blob, i) => ({ path: blob.path, text: texts[i]! }));
}
