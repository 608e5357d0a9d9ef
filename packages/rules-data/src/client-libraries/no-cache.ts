import type { ClientLibraryModel } from './types.js';

/** Node.js clients with no client-side cache of their own: the code audit checks the caches applications build beside them. */
export const noCacheModels: ClientLibraryModel[] = [
  {
    id: 'ioredis',
    library: 'ioredis',
    language: 'Node.js',
    package: { registry: 'npm', name: 'ioredis' },
    versions: '*',
    versionLabel: '5.x, 6.x',
    decides: 'no-cache',
    decision:
      'No client-side cache; 6.x speaks RESP3 unless created with `protocol: 2`, and drops `invalidate` pushes (DataHandler.returnPush).',
    cached: [],
    tracking: {
      mode: 'default',
      how: 'Whatever the application sends: `CLIENT TRACKING ON REDIRECT <id>` and a subscriber on `__redis__:invalidate`.',
    },
    setup: 'A cache the application builds beside `client("TRACKING", ...)`; `valkey-track audit` checks it.',
    source: {
      repository: 'redis/ioredis',
      release: '6.0.0',
      commit: 'dfd542824dfb7168420f19fdfabe9fe1156efe10',
      file: 'lib/DataHandler.ts',
      checkedBy: 'source',
    },
    notes: [
      'Client-side caching has been requested since 2020 (redis/ioredis#1161).',
      "6.x on RESP3 (its default): the invalidations a REDIRECT sends a RESP3 subscriber are `invalidate` pushes, which it drops, so the RESP2 recipe's `message` listener hears nothing; create every connection of it with `protocol: 2` (measured on ioredis 6.1.0: cli/test/integration/resp3-delivery.test.ts).",
    ],
  },
  {
    id: 'iovalkey',
    library: 'iovalkey',
    language: 'Node.js',
    package: { registry: 'npm', name: 'iovalkey' },
    versions: '*',
    versionLabel: '0.4',
    decides: 'no-cache',
    decision: 'No client-side cache; RESP2 only, so invalidations arrive on a subscriber connection.',
    cached: [],
    tracking: {
      mode: 'default',
      how: 'Whatever the application sends: `CLIENT TRACKING ON REDIRECT <id>` and a subscriber on `__redis__:invalidate`.',
    },
    setup: 'A cache the application builds beside `client("TRACKING", ...)`; `valkey-track audit` checks it.',
    source: {
      repository: 'valkey-io/iovalkey',
      release: 'iovalkey@0.4.0 (npm)',
      file: 'built/DataHandler.js (RESP2 replies and Pub/Sub only), built/utils/RedisCommander.d.ts',
      checkedBy: 'installed-package',
    },
    notes: [
      "Listen on 'messageBuffer': 'message' joins a multi-key invalidation with commas and turns the flush (null) into an empty string.",
    ],
  },
];
