import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { maskSecrets } from '../src/util/mask-secrets.js';

const mask = suite('maskSecrets');

mask('masks the password of a URL, whatever it is, and keeps the rest', () => {
  assert.is(
    maskSecrets('cannot connect to redis://app:a@cache:6379/0: connection refused'),
    'cannot connect to redis://app:***@cache:6379/0: connection refused',
  );
  assert.is(maskSecrets('at rediss://:pass%40word@[::1]:6380'), 'at rediss://:***@[::1]:6380');
  assert.is(maskSecrets('at valkey://app@cache:6379/0'), 'at valkey://app@cache:6379/0');
});

mask('masks the last argument of AUTH, quoted as MONITOR prints it or as a command line', () => {
  assert.is(
    maskSecrets('line 3  1700000000.123 [0 10.0.0.7:5000] "AUTH" "app" "hunter2"'),
    'line 3  1700000000.123 [0 10.0.0.7:5000] "AUTH" "app" "***"',
  );
  assert.is(maskSecrets('[0 10.0.0.7:5000] "auth" "hunter2"'), '[0 10.0.0.7:5000] "auth" "***"');
  assert.is(maskSecrets('HELLO 3 AUTH app hunter2 SETNAME x'), 'HELLO 3 AUTH app *** SETNAME x');
  assert.is(maskSecrets('AUTH hunter2'), 'AUTH ***');
});

mask('one-letter and dictionary-word passwords leave the words that contain them alone', () => {
  const message =
    'authentication to valkey://app@127.0.0.1:6379/0 failed: wrong user or password for user "app"';
  // The text holds `a`, `password`, `user` and `valkey` many times over: none of them is masked.
  assert.is(maskSecrets(message), message);
  const refused =
    'the server at valkey://default@cache:6379/0 refused connecting: ERR AUTH <password> called without any password configured';
  assert.is(maskSecrets(refused), refused);
});

mask.run();
