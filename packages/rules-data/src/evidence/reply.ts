const decoder = new TextDecoder('utf-8', { fatal: true });

const bytesToText = (bytes: Uint8Array): string => {
  try {
    return decoder.decode(bytes);
  } catch {
    return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
};

const plain = (reply: unknown): unknown => {
  if (reply instanceof Uint8Array) return bytesToText(reply);
  if (Array.isArray(reply)) return reply.map(plain);
  if (reply instanceof Error) return { error: reply.message };
  if (reply instanceof Map) return Array.from(reply, ([k, v]) => [plain(k), plain(v)]);
  if (typeof reply === 'bigint') return reply.toString();
  // Some clients turn map-like replies (HGETALL) into plain objects.
  if (typeof reply === 'object' && reply !== null) {
    return Object.entries(reply).map(([k, v]) => [k, plain(v)]);
  }
  return reply ?? null;
};

/** A reply as comparable text: byte strings decoded (hex when not UTF-8), errors as `{ error }`. */
export const replyText = (reply: unknown): string => JSON.stringify(plain(reply));

/** Calls and returns the reply as text, turning an error reply into text instead of a rejection. */
export const callAsText = async (
  connection: { call(argv: readonly (string | Uint8Array)[]): Promise<unknown> },
  argv: readonly (string | Uint8Array)[],
): Promise<string> => {
  try {
    return replyText(await connection.call(argv));
  } catch (error) {
    return replyText(error instanceof Error ? error : new Error(String(error)));
  }
};

/**
 * A reply's text in a form where order does not count, for replies whose order is not part of the answer:
 * `as-set` sorts the elements of a top-level array, `as-pairs` sorts its field-value pairs (RESP2 HGETALL).
 */
export const comparable = (text: string, compare: 'exact' | 'as-set' | 'as-pairs' = 'exact'): string => {
  if (compare === 'exact') return text;
  const value = JSON.parse(text) as unknown;
  if (!Array.isArray(value)) return text;
  const items =
    compare === 'as-pairs'
      ? Array.from({ length: Math.ceil(value.length / 2) }, (_, i) =>
          JSON.stringify(value.slice(2 * i, 2 * i + 2)),
        )
      : value.map((v) => JSON.stringify(v));
  return JSON.stringify(items.sort());
};
