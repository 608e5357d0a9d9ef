import type { FlowModel } from '../analysis/flow/model.js';
import { exportPath } from './export-name.js';

/** Node's `util.promisify` (and Bluebird's): the promisified function sends what the original sends. */
export const nodeUtilModel: FlowModel = {
  name: 'node-util',
  modules: ['util', 'node:util', 'bluebird'],
  callImport(b, site, imported) {
    const name = exportPath(imported.path);
    if (name !== 'promisify' && name !== 'fromCallback') return false;
    const target = site.args[0];
    if (target === undefined) return true;
    b.engine.listenValues(target, (value) => {
      if (b.describe(value).kind === 'bound') return b.engine.addValue(site.result, value);
      b.engine.addValue(
        site.result,
        b.value({ kind: 'bound', target: value, self: undefined, promisified: true }),
      );
    });
    return true;
  },
};
