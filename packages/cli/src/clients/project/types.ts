/** A client library package found in a project, and where its version was read. */
export interface InstalledPackage {
  name: string;
  /** The installed version; for a range declared in package.json with nothing installed, its lowest version. */
  version: string;
  /** `pnpm-lock.yaml`, `package-lock.json`, `yarn.lock`, `node_modules`, or `package.json` (declared only). */
  source: string;
  /** The declared range, when nothing installed says more. */
  declared?: string;
}
