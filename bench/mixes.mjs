/** The MONITOR logs the benchmark generates (generate-monitor-log.mjs), in the order the tables show them. */
export const MIXES = [
  { name: 'untracked', what: '0 % of commands from tracking clients' },
  { name: 'tracked-6', what: '6 %: 24 of 400 clients track (default, OPTIN, BCAST)' },
  { name: 'tracked-25', what: '25 %: 100 of 400 track, default mode' },
  { name: 'default-100', what: '100 %, default mode (node-redis 5 client-side cache)' },
  { name: 'mixed-100', what: '100 %, default, OPTIN, OPTOUT and BCAST with prefixes' },
  { name: 'bcast-100', what: '100 %, BCAST with prefixes; hash fields by name' },
  { name: 'findings', what: '100 %, half the commands uncovered reads or silent writes' },
];
/** Logs for the memory bounds, not for throughput. */
export const MEMORY_MIXES = [
  { name: 'churn', what: 'a million short tracking connections' },
  { name: 'long-line', what: 'one 50 MB SET from a tracking client' },
];
