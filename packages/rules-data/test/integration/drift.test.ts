import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lookup, versionLabel, versionMatches } from '../../src/index.js';
import type { ServerMetadata } from '../../src/metadata/types.js';
import { fetchMetadata } from '../../scripts/live-metadata.js';
import { metadataDir } from '../../scripts/paths.js';
import { serversUnderTest } from './helpers/servers-under-test.js';

const snapshots = readdirSync(metadataDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(metadataDir, f), 'utf8')) as ServerMetadata);

const drift = suite('drift against the live servers');

for (const server of serversUnderTest()) {
  drift(
    `${server.name}: every live command is in the data for that version and its metadata matches the captured snapshot`,
    async () => {
      const live = await fetchMetadata(server.url);
      assert.is(live.server, server.kind);
      // A patch release of the same minor version (Debian moves them) is compared with the captured one.
      const captured = snapshots.find(
        (s) =>
          s.server === live.server &&
          versionMatches(s.version, live.version.split('.').slice(0, 2).join('.')),
      );
      assert.ok(
        captured,
        `no captured metadata for ${live.server} ${live.version}: run \`pnpm generate ${server.url}\``,
      );
      const label = versionLabel(captured.server, captured.version);
      const missing = Object.keys(live.commands).filter((name) => !lookup(name)?.versions.includes(label));
      assert.equal(
        missing,
        [],
        `the data lacks these ${label} commands: run \`pnpm generate ${server.url}\``,
      );
      const gone = Object.keys(captured.commands).filter((name) => !live.commands[name]);
      assert.equal(gone, [], `the snapshot has commands the live ${live.server} ${live.version} does not`);
      const changed = Object.keys(live.commands).filter(
        (name) => JSON.stringify(live.commands[name]) !== JSON.stringify(captured.commands[name]),
      );
      assert.equal(
        changed,
        [],
        `metadata changed for these ${live.server} ${live.version} commands: run \`pnpm generate ${server.url}\``,
      );
    },
  );
}

drift.run();
