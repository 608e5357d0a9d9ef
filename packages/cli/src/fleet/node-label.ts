import { basename } from 'node:path';

/** A client address on a node, as multi-node reports print it: the same address on two nodes is two connections. */
export const nodeAddress = (node: string, address: string) => `${node}/${address}`;

/**
 * A node's name from what was audited: `host:port` for a live capture (`live valkey://host:port/0`), the file
 * name without `.gz`, `.log`, `.txt` or `.json` for a log or a report, `stdin` for `-`.
 */
export function nodeLabel(input: string): string {
  const live = /^live \w+:\/\/(?:[^@/]*@)?([^/]+)/.exec(input);
  if (live) return live[1]!;
  if (input === '-') return 'stdin';
  const name = basename(input)
    .replace(/\.gz$/i, '')
    .replace(/\.(log|txt|json)$/i, '');
  return name === '' ? input : name;
}

/** The labels made unique in order: a second `a` becomes `a#2`. */
export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(labels);
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    if (n === 1) return label;
    let k = n;
    while (taken.has(`${label}#${k}`)) k++;
    taken.add(`${label}#${k}`);
    return `${label}#${k}`;
  });
}
