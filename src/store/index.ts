export { coverageFor, defaultCoverage } from './coverage.js';
export { migrate } from './migrations.js';
export { openStore, openStoreCopy, sqlitePath } from './open.js';
export type { StoreOptions } from './sql-store.js';
export type * from './store.js';
