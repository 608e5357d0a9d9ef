/**
 * Compares MONITOR timestamps (`1700000000.123456`) exactly: as numbers they carry 16 significant digits,
 * one more than a double holds, so the seconds and the fraction are compared apart.
 */
export function compareTimestamps(a: string, b: string): number {
  const [as = '', af = ''] = a.split('.');
  const [bs = '', bf = ''] = b.split('.');
  const seconds = Number(as) - Number(bs);
  if (seconds !== 0 || Number.isNaN(seconds)) return seconds || 0;
  const width = Math.max(af.length, bf.length);
  return Number(af.padEnd(width, '0')) - Number(bf.padEnd(width, '0'));
}

export const earliest = (a: string, b: string) => (compareTimestamps(a, b) <= 0 ? a : b);
export const latest = (a: string, b: string) => (compareTimestamps(a, b) >= 0 ? a : b);
