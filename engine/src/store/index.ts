/** The store's face: opening a database and the repositories; testing.ts is for tests only. */
export {
  openDatabase,
  queryRows,
  MEMORY_DATA_DIR,
  type Database,
  type Db,
  type Executor,
  type OpenDatabaseOptions,
  type Tx,
} from './database';
export {
  DataDirLockedError,
  isDatabaseUnavailable,
  isImmutableVersionError,
  sqlState,
  UNIQUE_VIOLATION,
} from './errors';
export { ConfigCache } from './config-cache';
export * from './policies';
export * from './settings';
export * from './decisions';
export { DecisionLog, type LogKey, type LogResult } from './decision-log';
export * from './idempotency';
export * from './ledger';
export * from './actions';
export * from './reviews';
export * from './runs';
export * from './outbox';
export * from './story';
export * from './keys';
export * from './audit';
export * from './measures';
export * from './worklist';
export {
  type ActionRow,
  type BacktestRow,
  type DecisionRow,
  type DeliveryRow,
  type IdempotencyKeyRow,
  type InvoiceRow,
  type NewDecisionRow,
  type PolicyRow,
  type PolicyVersionRow,
  type RunRow,
  type WebhookRow,
} from './schema';
export * as tables from './schema';
export * from './backtests';
export * from './experiments';
