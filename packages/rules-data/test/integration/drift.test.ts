import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { lookup } from '../../src/index.js';
import type { ServerMetadata } from '../../src/metadata/types.js';
import { fetchMetadata } from '../../scripts/live-metadata.js';
import { metadataFile } from '../../scripts/paths.js';

const drift = suite('drift against the live servers');

for (const [label, url] of [
  ['valkey', process.env.VT_VALKEY_URL],
  ['redis', process.env.VT_REDIS_URL],
] as const) {
  drift(
    `${label}: every live command is in the data and its metadata matches the captured snapshot`,
    async () => {
      assert.ok(url, `VT_${label.toUpperCase()}_URL is not set`);
      const live = await fetchMetadata(url!);
      assert.is(live.server, label);
      const file = metadataFile(live.server, live.version);
      assert.ok(
        existsSync(file),
        `no captured metadata for ${live.server} ${live.version}: run \`pnpm generate ${url}\``,
      );
      const captured = JSON.parse(readFileSync(file, 'utf8')) as ServerMetadata;

      const missing = Object.keys(live.commands).filter(
        (name) => !lookup(name)?.servers.includes(live.server),
      );
      assert.equal(missing, [], `the data lacks these ${label} commands: run \`pnpm generate ${url}\``);
      const gone = Object.keys(captured.commands).filter((name) => !live.commands[name]);
      assert.equal(gone, [], `the snapshot has commands the live ${label} does not`);
      const changed = Object.keys(live.commands).filter(
        (name) => JSON.stringify(live.commands[name]) !== JSON.stringify(captured.commands[name]),
      );
      assert.equal(changed, [], `metadata changed for these ${label} commands: run \`pnpm generate ${url}\``);
    },
  );
}

drift.run();
