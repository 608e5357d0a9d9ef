export { resolveConnection, describeTarget } from './connection-options.js';
export type { ConnectionFlags, ConnectionTarget } from './connection-options.js';
export { openClient } from './open-client.js';
export type { LiveClient } from './open-client.js';
