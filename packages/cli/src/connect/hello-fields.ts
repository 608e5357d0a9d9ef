export interface HelloReply {
  server: string;
  version: string;
}

/** The server's name and version from a `HELLO` reply (RESP2: a flat list of fields and values). */
export function helloFields(reply: unknown): HelloReply {
  const fields = new Map<string, string>();
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), String(reply[i + 1]));
  }
  return { server: fields.get('server') ?? '', version: fields.get('version') ?? '' };
}
