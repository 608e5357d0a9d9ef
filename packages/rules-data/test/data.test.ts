import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { categoryOf, commands, dataVersions, lookup, reasonCodes } from '../src/index.js';
import { buildFromSnapshots } from '../src/build/build-from-snapshots.js';
import type { ServerMetadata } from '../src/metadata/types.js';
import { commandsDoc, generatedFile, metadataDir } from '../scripts/paths.js';

const snapshots = readdirSync(metadataDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(metadataDir, f), 'utf8')) as ServerMetadata);

const data = suite('rules-data');

data('the checked-in data and docs are exactly what the generator makes (run `pnpm generate`)', () => {
  const { generated, doc } = buildFromSnapshots(snapshots);
  assert.ok(
    generated === readFileSync(generatedFile, 'utf8'),
    'generated/commands.json is stale: run `pnpm generate`',
  );
  assert.ok(doc === readFileSync(commandsDoc, 'utf8'), 'docs/commands.md is stale: run `pnpm generate`');
});

data(
  'every command and subcommand of every captured server version has an entry marked with that version',
  () => {
    for (const snap of snapshots) {
      const label = `${snap.server} ${snap.version}`;
      for (const name of Object.keys(snap.commands)) {
        const entry = lookup(name);
        assert.ok(entry, `${label} reports "${name}" but the data has no entry`);
        assert.ok(
          entry!.servers.includes(snap.server),
          `"${name}" is not marked as a ${snap.server} command`,
        );
        assert.ok(entry!.versions.includes(label), `"${name}" is not marked as a ${label} command`);
      }
      for (const entry of commands().filter((e) => e.versions.includes(label)))
        assert.ok(snap.commands[entry.name], `"${entry.name}" is marked as ${label} but ${label} lacks it`);
    }
  },
);

data('docs/commands.md escapes the pipe of every subcommand name in its tables', () => {
  const doc = readFileSync(commandsDoc, 'utf8');
  assert.match(doc, '| `acl\\|cat` |');
  assert.not.match(doc, /^\| `[a-z-]+\|[a-z-]+`/m, 'an unescaped `container|sub` would split the table row');
  assert.match(
    doc,
    '| command | valkey 8.0.1 | valkey 8.1.1 | valkey 9.1.2 | redis 7.0.15 | redis 8.0.2 | reasons | BCAST | explanation |',
  );
});

data('names follow the server: lower case, subcommands as container|sub', () => {
  for (const e of commands()) {
    assert.is(e.name, e.name.toLowerCase());
    if (e.name.includes('|')) assert.ok(lookup(e.name.split('|')[0]!)?.subcommands.includes(e.name), e.name);
  }
  assert.is(lookup('OBJECT|IDLETIME')?.name, 'object|idletime');
  assert.is(lookup('no-such-command'), undefined);
});

data('every entry is consistent: category from reasons, reasons documented, one sentence at least', () => {
  const codes = new Set(reasonCodes.map((r) => r.code));
  for (const e of commands()) {
    assert.ok(e.reasons.length > 0, e.name);
    for (const r of e.reasons) assert.ok(codes.has(r), `${e.name}: undocumented reason ${r}`);
    assert.ok(e.explanation.endsWith('.'), `${e.name}: explanation is not a sentence`);
    if (!e.perVersion) assert.is(e.category, categoryOf(e.reasons), e.name);
    assert.ok(Object.keys(e.metadata).length === e.servers.length, e.name);
    assert.ok(e.versions.length > 0 && e.versions.every((v) => dataVersions.includes(v)), e.name);
  }
});

data('every reason code is used by some entry or by BCAST verdicts, and has a summary', () => {
  const used = new Set(commands().flatMap((e) => [...e.reasons, ...e.conditions.flatMap((c) => c.reasons)]));
  for (const r of reasonCodes) {
    assert.ok(r.summary.length > 20, r.code);
    if (r.code !== 'uncovered-prefix' && r.code !== 'silent-write')
      assert.ok(used.has(r.code), `reason ${r.code} is never used`);
  }
});

data('write commands say whether they write silently', () => {
  for (const e of commands()) {
    if (e.write) assert.type(e.silentWrite, 'boolean', e.name);
    else assert.ok(e.silentWrite === undefined || e.silentWrite === true, e.name);
  }
});

data('every readonly command is curated, not classified by default', () => {
  for (const e of commands()) {
    const readonly = Object.values(e.metadata).some((m) => m.flags.includes('readonly'));
    if (readonly) assert.not.equal(e.evidence, ['metadata'], e.name);
  }
});

data.run();
