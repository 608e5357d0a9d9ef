import {
  docsArguments,
  normalizeMetadata,
  type DocArgument,
  type ServerKind,
  type ServerMetadata,
} from '@valkey-track/rules-data';
import { helloFields } from '../connect/hello-fields.js';
import type { LiveClient } from '../connect/open-client.js';
import { withPermission } from '../connect/with-permission.js';

/** Everything `commands` reads from a live server. */
export interface LiveServer {
  kind: ServerKind;
  version: string;
  /** `ACL CAT`: every category name, and the members `ACL CAT <category>` lists for it. */
  aclCategories: Record<string, string[]>;
  metadata: ServerMetadata;
  /** Each command's documented arguments (`COMMAND DOCS`), to write invocations of reads the data lacks. */
  arguments: Map<string, DocArgument[]>;
}

/** Reads the server's identity, its ACL categories and their members, and `COMMAND INFO`/`COMMAND DOCS`. */
export async function readLiveServer(
  live: LiveClient,
  alternative = 'use the bundled data instead (`valkey-track table`)',
): Promise<LiveServer> {
  const { client } = live;
  const readOrExplain = <T>(permission: string, doing: string, work: () => Promise<T>) =>
    withPermission(live, permission, doing, work, alternative);
  // HELLO 2 names the server and its version without needing +info and keeps the RESP2 protocol.
  const hello = helloFields(
    await readOrExplain('+hello', 'reading the server version (HELLO)', () => client.call('HELLO', '2')),
  );
  const kind: ServerKind = hello.server.toLowerCase() === 'valkey' ? 'valkey' : 'redis';

  const names = (await readOrExplain('+acl|cat', 'listing the ACL categories (ACL CAT)', () =>
    client.call('ACL', 'CAT'),
  )) as string[];
  const aclCategories: Record<string, string[]> = {};
  const members = await readOrExplain(
    '+acl|cat',
    'listing the members of each ACL category (ACL CAT <category>)',
    () => Promise.all(names.map((name) => client.call('ACL', 'CAT', name) as Promise<string[]>)),
  );
  for (const [i, name] of names.entries()) aclCategories[String(name)] = members[i]!.map(String).sort();

  const info = await readOrExplain('+command|info', 'reading command metadata (COMMAND INFO)', () =>
    client.call('COMMAND', 'INFO'),
  );
  const docs = await readOrExplain('+command|docs', 'reading command documentation (COMMAND DOCS)', () =>
    client.call('COMMAND', 'DOCS'),
  );
  return {
    kind,
    version: hello.version,
    aclCategories,
    metadata: normalizeMetadata(kind, hello.version, info, docs),
    arguments: docsArguments(docs),
  };
}
