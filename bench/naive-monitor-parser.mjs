#!/usr/bin/env node
// The baseline the MONITOR audit is measured against: what one writes first in Node, readline and a
// regular expression per line, counting commands per client. `node bench/naive-monitor-parser.mjs LOG`
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const line = /^\+?(\d+\.\d+) \[(\d+) (.+?)\] (".*")$/;
const argument = /"((?:[^"\\]|\\.)*)"/g;
const counts = new Map();
let malformed = 0;
const lines = createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity });
for await (const text of lines) {
  const m = line.exec(text);
  if (!m) {
    malformed++;
    continue;
  }
  const argv = [...m[4].matchAll(argument)].map((a) => a[1]);
  const key = `${m[3]} ${argv[0].toLowerCase()}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
console.log(`${counts.size} client/command pairs, ${malformed} malformed lines`);
