export { readCategoryMap } from './read-category-map.js';
export { buildCategoryMap } from './build-category-map.js';
export { loadCategoryMap } from './load-category-map.js';
export { readLiveServer, type LiveServer } from './read-live-server.js';
export type * from './category-map-types.js';
