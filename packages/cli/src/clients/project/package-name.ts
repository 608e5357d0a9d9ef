/** Splits `name@version` (and `@scope/name@version`) at the version's `@`. */
export function splitNameAtVersion(spec: string): { name: string; version: string } | undefined {
  const at = spec.indexOf('@', 1);
  if (at < 0) return undefined;
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}
