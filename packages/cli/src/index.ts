// Programmatic API: every CLI command is one call into these.
export { explain } from './explain/explain.js';
export { UsageError } from './util/usage-error.js';
