/**
 * The engine's log: JSON lines through pino, one per request with its request id, and the errors
 * of background work with what they concern (docs/operations.md). DUNWELL_LOG_LEVEL sets the
 * level (default info; warn under the test runner, so suites stay readable).
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const level = process.env['DUNWELL_LOG_LEVEL'] ?? (process.env['VITEST'] ? 'warn' : 'info');

export const log: Logger = pino({ level, base: { service: 'dunwell' } });
