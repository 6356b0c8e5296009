export { coverageFor, defaultCoverage } from './coverage.js';
export { openStore, openStoreCopy, sqlitePath } from './open.js';
export { migrate, type SqliteOptions, SqliteStore } from './sqlite.js';
export type * from './store.js';
