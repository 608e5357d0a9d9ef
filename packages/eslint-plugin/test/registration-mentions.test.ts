import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { registrationMentions } from '../src/analysis/imports/registration-mentions.js';

// A project with an application's registering module (a fastify plugin decorating `valkey`) and a bundle of
// library code that also mentions a client and "registers" a hundred generic names (`.state.x = ...`).
const test = suite('registrationMentions');
const dir = mkdtempSync(join(tmpdir(), 'registration-mentions-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(join(dir, 'package.json'), '{"name":"app"}\n');
mkdirSync(join(dir, 'src'));
writeFileSync(
  join(dir, 'src', 'valkey-plugin.js'),
  "import Valkey from 'iovalkey';\nexport default async (app) => app.decorate('valkey', new Valkey());\n",
);
const generic = Array.from({ length: 100 }, (_, i) => `this.state.field${i} = ${i};`).join('\n');
writeFileSync(join(dir, 'src', 'bundle.js'), `const r = require('ioredis');\n${generic}\n`);

test('an application module’s names are mentions; a bundle naming a hundred is not taken', () => {
  const pattern = registrationMentions(join(dir, 'src', 'routes.js'));
  assert.ok(pattern, 'no pattern');
  assert.ok(pattern!.test('export const get = (app) => app.valkey.get("k");'));
  assert.not.ok(pattern!.test('export const f = (x) => x.field7;'));
});

test.run();
