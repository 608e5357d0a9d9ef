/**
 * Constants client packages export that the words of a command are built from, by package and export name:
 * the analysis never reads `node_modules`, so these stand in for the packages' own. valkey-glide 2.5
 * (`build-ts/Commands.d.ts`): `enum TimeUnit { Seconds = "EX", Milliseconds = "PX", UnixSeconds = "EXAT",
 * UnixMilliseconds = "PXAT" }`, the expiry types of `set`, `hsetex`, `hgetex` and `getex`; and
 * (`build-ts/EvictionPolicy.d.ts`) `enum EvictionPolicy { LRU = 0, LFU = 1 }` of `ClientSideCache` options.
 */
export const packageConstants: Readonly<Record<string, ReadonlyMap<string, unknown>>> = {
  '@valkey/valkey-glide': new Map([
    ['TimeUnit', { Seconds: 'EX', Milliseconds: 'PX', UnixSeconds: 'EXAT', UnixMilliseconds: 'PXAT' }],
    ['EvictionPolicy', { LRU: 0, LFU: 1 }],
  ]),
};
