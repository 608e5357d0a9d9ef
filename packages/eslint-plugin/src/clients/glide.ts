/**
 * valkey-glide's client-side cache keeps only the replies of GET, HGETALL and SMEMBERS (the commands its
 * core marks cacheable); everything else, `customCommand` included, always goes to the server.
 */
const cachedByGlide = new Set(['get', 'hgetall', 'smembers']);

export const glideCaches = (normalizedMethod: string): boolean => cachedByGlide.has(normalizedMethod);
