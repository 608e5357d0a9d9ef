import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CategoryMap } from '../../src/commands/category-map-types.js';
import { formatVerifyText } from '../../src/verify/format-verify-text.js';
import type { VerifyReport } from '../../src/verify/verify-report.js';
import { buildTrackingModule, freePort, runCli, startValkey, type ThrowawayServer } from './live-helpers.js';

// The tests' own Valkey with fixtures/tracking-module loaded: it declares tracking categories the way
// valkey-io/valkey#2894 proposes and a dont_cache tip the way redis/redis#14603 does.
let modulePort: number;

const declared = suite('commands on a server that declares tracking categories');
let server: ThrowawayServer;
let buildDir: string;
let map: CategoryMap;

declared.before(async () => {
  buildDir = mkdtempSync(join(tmpdir(), 'vt-module-'));
  const module = buildTrackingModule(buildDir);
  modulePort = await freePort();
  server = startValkey(modulePort, ['--loadmodule', module, '--enable-module-command', 'local']);
  const { code, stdout, stderr } = await runCli([
    'commands',
    '--port',
    String(modulePort),
    '--format',
    'json',
  ]);
  assert.is(stderr, '');
  assert.is(code, 0);
  map = JSON.parse(stdout) as CategoryMap;
});

declared.after(() => {
  server?.stop();
  rmSync(buildDir, { recursive: true, force: true });
});

declared('the module really added the categories, but ACL CAT <category> does not list its commands', () => {
  assert.match(server.cli('ACL', 'CAT'), /tracking_full\ntracking_partial\ntracking_none/);
  assert.is(
    server.cli('ACL', 'CAT', 'tracking_full'),
    '',
    'Valkey 8.0.1 shows module commands only in COMMAND INFO',
  );
  assert.equal(map.server.trackingCategories, ['tracking_full', 'tracking_partial', 'tracking_none']);
});

declared('a tracking ACL category is the authority, even where the metadata suggests otherwise', () => {
  // trackmod.ttl is readonly with a key spec, which alone would be inferred full.
  assert.equal(map.commands['trackmod.ttl'], {
    category: 'partial',
    reasons: [],
    source: 'acl-category',
    explanation: 'Declared by the server (@tracking_partial).',
    declaredBy: '@tracking_partial',
  });
  assert.is(map.commands['trackmod.get']?.category, 'full');
  assert.is(map.commands['trackmod.get']?.source, 'acl-category');
  assert.is(map.commands['trackmod.random']?.category, 'none');
  assert.is(map.commands['trackmod.random']?.declaredBy, '@tracking_none');
});

declared('a dont_cache tip makes a command not cacheable', () => {
  assert.is(map.commands['trackmod.nocache']?.category, 'none');
  assert.is(map.commands['trackmod.nocache']?.source, 'tip');
  assert.is(map.commands['trackmod.nocache']?.declaredBy, 'tip dont_cache');
});

declared('a command that declares nothing and is unknown to the data is inferred unknown, never full', () => {
  const strlen = map.commands['trackmod.strlen'];
  assert.is(strlen?.source, 'inferred');
  assert.is(strlen?.category, 'unknown');
  assert.equal(strlen?.reasons, []);
  assert.match(strlen!.explanation, /^Inferred from metadata: .*unknown until measured/);
});

declared('core commands keep the bundled data, and the module commands are reported as drift', () => {
  assert.is(map.commands.get?.source, 'bundled');
  assert.equal(map.drift?.missingFromData, [
    'trackmod.get',
    'trackmod.nocache',
    'trackmod.random',
    'trackmod.strlen',
    'trackmod.ttl',
  ]);
  assert.equal(map.drift?.missingFromServer, []);
});

declared('the table marks the declared and inferred sources, and --fail-on-drift exits 1', async () => {
  const { code, stdout } = await runCli(['commands', '--port', String(modulePort), '--fail-on-drift']);
  assert.is(code, 1);
  assert.match(stdout, 'declares tracking categories: tracking_full, tracking_partial, tracking_none');
  assert.match(stdout, /^trackmod\.ttl\s+partial\s+acl-category\s+@tracking_partial$/m);
  assert.match(stdout, /^trackmod\.nocache\s+none\s+tip\s+tip dont_cache$/m);
  assert.match(stdout, /^trackmod\.strlen\s+unknown\s+inferred\s*$/m);
  assert.match(stdout, ', 1 unknown. Sources:');
  assert.match(stdout, 'Sources: 3 acl-category, 1 tip,');
});

declared(
  '--source and --category filter the drift too, and --fail-on-drift counts what is left',
  async () => {
    const inferred = await runCli([
      'commands',
      '--port',
      String(modulePort),
      '--source',
      'inferred',
      '--format',
      'json',
    ]);
    assert.equal((JSON.parse(inferred.stdout) as CategoryMap).drift?.missingFromData, ['trackmod.strlen']);
    const text = await runCli([
      'commands',
      '--port',
      String(modulePort),
      '--source',
      'inferred',
      '--fail-on-drift',
    ]);
    assert.is(text.code, 1);
    assert.match(
      text.stdout,
      /Drift against the bundled data \(.*\): 1\n {2}The bundled data lacks 1: trackmod\.strlen$/m,
    );
    const none = await runCli([
      'commands',
      '--port',
      String(modulePort),
      '--category',
      'none',
      '--format',
      'json',
    ]);
    assert.equal((JSON.parse(none.stdout) as CategoryMap).drift?.missingFromData, [
      'trackmod.nocache',
      'trackmod.random',
    ]);
    const bundled = await runCli([
      'commands',
      '--port',
      String(modulePort),
      '--source',
      'bundled',
      '--fail-on-drift',
    ]);
    assert.is(bundled.code, 0, 'no drift among the bundled commands');
    assert.match(bundled.stdout, 'Drift against the bundled data (valkey 8.0.1): none');
  },
);

declared('verify measures the module reads the data does not know with a generic recipe', async () => {
  const { code, stdout } = await runCli([
    'verify',
    '--port',
    String(modulePort),
    '--server-wide',
    '--format',
    'json',
  ]);
  assert.is(code, 0, stdout.slice(0, 2000));
  const report = JSON.parse(stdout) as VerifyReport;
  const generic = (command: string) => report.reads.find((r) => r.recipe === `generic-${command}`);
  // trackmod.strlen forwards STRLEN: the DEL is invalidated and nothing else changes the reply.
  assert.equal(
    { measured: generic('trackmod.strlen')?.measured, agreement: generic('trackmod.strlen')?.agreement },
    { measured: 'full', agreement: 'measured' },
  );
  assert.is(generic('trackmod.get')?.agreement, 'agree', 'declared full by @tracking_full, measured full');
  assert.is(
    generic('trackmod.ttl')?.agreement,
    'better',
    'declared partial; a key with no TTL measures full',
  );
  const unmeasured = report.coverage.readsNotMeasured.map((r) => `${r.command}: ${r.why}`);
  assert.equal(unmeasured, ['trackmod.random: it names no key, and no recipe measures it']);
  const text = formatVerifyText(report, { NO_COLOR: '1' });
  assert.match(text, 'measured (nothing declared)');
  assert.match(text, "1 of the server's reads went unmeasured (trackmod.random)");
  assert.not.match(text, 'behaves as declared');
});

declared.run();
