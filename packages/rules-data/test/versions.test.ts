import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareVersions, dataVersions, selectorMatches, versionRange, versionScope } from '../src/index.js';

const versions = suite('server versions');

versions('the data knows five captured versions, Valkey oldest first, then Redis', () => {
  assert.equal(dataVersions, ['valkey 8.0.1', 'valkey 8.1.1', 'valkey 9.1.2', 'redis 7.0.15', 'redis 8.0.2']);
});

versions('versions compare numerically, part by part', () => {
  assert.ok(compareVersions('9.1.2', '10.0.0') < 0);
  assert.ok(compareVersions('8.0.10', '8.0.2') > 0);
  assert.is(compareVersions('8.0', '8.0.0'), 0);
});

versions('selectors name a server and optionally a version range', () => {
  assert.ok(selectorMatches('redis', 'redis', '7.0.15'));
  assert.not.ok(selectorMatches('redis', 'valkey', '8.0.1'));
  assert.ok(selectorMatches('redis <8.0', 'redis', '7.0.15'));
  assert.not.ok(selectorMatches('redis <8.0', 'redis', '8.0.2'));
  assert.ok(selectorMatches('valkey >=8.1', 'valkey', '8.1.1'));
  assert.ok(selectorMatches('valkey >=8.1', 'valkey', '9.1.2'));
  assert.not.ok(selectorMatches('valkey >=8.1', 'valkey', '8.0.1'));
  assert.ok(selectorMatches('valkey 9.1', 'valkey', '9.1.2'));
  assert.not.ok(selectorMatches('valkey 9.1', 'valkey', '9.10.0'));
  assert.throws(() => selectorMatches('keydb 6', 'valkey', '8.0.1'), /not a version selector/);
});

versions('a scope picks the captured versions a question is about', () => {
  assert.equal(versionScope({}).labels, dataVersions);
  assert.equal(versionScope({ server: 'redis' }), { labels: ['redis 7.0.15', 'redis 8.0.2'], matched: true });
  assert.equal(versionScope({ server: 'valkey', version: '8.1.4' }), {
    labels: ['valkey 8.1.1'],
    matched: true,
  });
  assert.equal(versionScope({ server: 'valkey', version: '7.2' }).matched, false);
});

versions('a range joins consecutive captured versions and separates gaps', () => {
  const known = ['valkey 8.0.1', 'valkey 8.1.1', 'valkey 9.1.2', 'redis 7.0.15', 'redis 8.0.2'];
  assert.is(versionRange(known, known), 'valkey 8.0.1–9.1.2; redis 7.0.15–8.0.2');
  assert.is(versionRange(['valkey 8.0.1', 'valkey 9.1.2'], known), 'valkey 8.0.1, 9.1.2');
  assert.is(versionRange(['redis 8.0.2'], known), 'redis 8.0.2');
});

versions.run();
