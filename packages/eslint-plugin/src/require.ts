import plugin from './index.js';

// What `require('@valkey-track/eslint-plugin')` loads (the `require` condition of package.json `exports`): a
// CommonJS `eslint.config.js` gets the plugin itself, not the module namespace (Node's require of an ES module
// takes this export as `module.exports`). Kept out of index.ts, whose declarations TypeScript before 5.6
// could not read with this export name.
export { plugin as 'module.exports' };
