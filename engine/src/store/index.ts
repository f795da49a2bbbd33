/** The store's face: opening a database and the repositories; testing.ts is for tests only. */
export {
  openDatabase,
  MEMORY_DATA_DIR,
  type Database,
  type Db,
  type Executor,
  type OpenDatabaseOptions,
  type Tx,
} from './database';
export { DataDirLockedError, isImmutableVersionError } from './errors';
export * from './policies';
export * from './settings';
export * from './decisions';
export * from './idempotency';
export * from './ledger';
export type { DecisionRow, IdempotencyKeyRow, InvoiceRow, NewDecisionRow, PolicyRow, PolicyVersionRow } from './schema';
export * as tables from './schema';
