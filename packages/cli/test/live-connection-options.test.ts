import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTarget, resolveConnection } from '../src/connect/connection-options.js';
import { describeConnectionError } from '../src/connect/describe-connection-error.js';
import { UsageError } from '../src/util/usage-error.js';

const SECRET = 'p@ss:w/rd-Secret';
const options = suite('resolveConnection');

const throwsUsage = (fn: () => unknown, expected: RegExp) => {
  try {
    fn();
  } catch (error) {
    assert.instance(error, UsageError);
    assert.match((error as Error).message, expected);
    assert.not.ok((error as Error).message.includes(SECRET), 'the password leaked');
    return;
  }
  assert.unreachable('expected a UsageError');
};

options('a valkey:// URL gives user, password, host, port and database', () => {
  const target = resolveConnection(
    { url: `valkey://app:${encodeURIComponent(SECRET)}@cache.internal:6380/4` },
    {},
  );
  assert.equal(target, {
    host: 'cache.internal',
    port: 6380,
    username: 'app',
    password: SECRET,
    db: 4,
    timeoutMs: 5000,
    scheme: 'valkey',
    givenUrl: 'valkey://app:***@cache.internal:6380/4',
  });
});

options('rediss:// and valkeys:// turn TLS on; --tls-servername is kept', () => {
  assert.equal(resolveConnection({ url: 'rediss://h' }, {}).tls, {});
  assert.equal(resolveConnection({ url: 'valkeys://h', tlsServername: 'cache' }, {}).tls, {
    servername: 'cache',
  });
  assert.is(resolveConnection({ url: 'redis://h' }, {}).tls, undefined);
});

options('flags override the URL, and default to 127.0.0.1:6379/0', () => {
  assert.equal(resolveConnection({}, {}), { host: '127.0.0.1', port: 6379, db: 0, timeoutMs: 5000 });
  const target = resolveConnection({ url: 'redis://a:1/2', host: 'b', port: '3', db: 5, user: 'u' }, {});
  assert.equal([target.host, target.port, target.db, target.username], ['b', 3, 5, 'u']);
});

options('the password comes from an environment variable or a file', () => {
  assert.is(resolveConnection({ passwordEnv: 'CACHE_PW' }, { CACHE_PW: SECRET }).password, SECRET);
  const dir = mkdtempSync(join(tmpdir(), 'vt-opt-'));
  try {
    writeFileSync(join(dir, 'pw'), `${SECRET}\n`);
    assert.is(resolveConnection({ passwordFile: join(dir, 'pw') }, {}).password, SECRET);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

options('bad input is one clear UsageError that never shows the password', () => {
  throwsUsage(() => resolveConnection({ url: `http://u:${SECRET}@h` }, {}), /unknown URL scheme "http:"/);
  throwsUsage(
    () => resolveConnection({ url: `redis://u:${SECRET}@h:99999999` }, {}),
    /--url is not a valid redis:\/\/ URL/,
  );
  throwsUsage(() => resolveConnection({ port: 'sixty' }, {}), /--port must be a whole number/);
  throwsUsage(
    () => resolveConnection({ passwordEnv: 'NOPE' }, {}),
    /NOPE, but that environment variable is not set/,
  );
  throwsUsage(
    () => resolveConnection({ passwordFile: '/no/such/file' }, {}),
    /cannot read --password-file "\/no\/such\/file": ENOENT/,
  );
  throwsUsage(
    () =>
      resolveConnection({ url: `redis://u:${encodeURIComponent(SECRET)}@h`, passwordEnv: 'X' }, { X: 'y' }),
    /give the password one way/,
  );
  throwsUsage(() => resolveConnection({ tlsCert: '/c.pem' }, {}), /--tls-cert and --tls-key go together/);
});

options('a target is described as the URL was given, its password masked', () => {
  const url = `rediss://app:${encodeURIComponent(SECRET)}@[::1]:6390/2`;
  assert.is(describeTarget(resolveConnection({ url }, {})), 'rediss://app:***@[::1]:6390/2');
  assert.is(
    describeTarget(resolveConnection({ url: 'redis://127.0.0.1:17002' }, {})),
    'redis://127.0.0.1:17002',
  );
});

options(
  'when flags change where the URL points, the description keeps its scheme and shows the change',
  () => {
    assert.is(
      describeTarget(resolveConnection({ url: 'redis://cache', db: '3' }, {})),
      'redis://cache:6379/3',
    );
    assert.is(
      describeTarget(resolveConnection({ url: 'redis://cache', tls: true }, {})),
      'rediss://cache:6379/0',
    );
    assert.is(
      describeTarget(
        resolveConnection({ url: `redis://app:${encodeURIComponent(SECRET)}@cache`, port: '7000' }, {}),
      ),
      'redis://app@cache:7000/0',
    );
    assert.is(
      describeTarget(resolveConnection({ port: '7000', tls: true }, {})),
      'valkeys://127.0.0.1:7000/0',
    );
  },
);

options(
  'a one-letter password does not garble the message, and a URL in it keeps its password masked',
  () => {
    const target = resolveConnection({ url: 'redis://app:a@127.0.0.1:6379' }, {});
    const error = Object.assign(new Error('WRONGPASS invalid username-password pair or user is disabled.'), {
      name: 'ReplyError',
    });
    assert.is(
      describeConnectionError(error, { target, doing: 'connecting' }).message,
      'authentication to redis://app:***@127.0.0.1:6379 failed: wrong user or password for user "app"',
    );
    const echoed = Object.assign(new Error('ERR bad URL redis://app:a@cache:1'), { name: 'ReplyError' });
    assert.match(
      describeConnectionError(echoed, { target, doing: 'reading' }).message,
      'redis://app:***@cache:1',
    );
  },
);

options.run();
