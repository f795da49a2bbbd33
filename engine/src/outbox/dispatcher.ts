/**
 * Delivers the outbox (docs/runs.md): every due delivery is claimed briefly (its next attempt
 * moved past the lease, so no other process takes it), posted with its signature outside any
 * transaction, then marked sent, or retried with exponential backoff, or dead after the last
 * attempt. Receivers get each delivery at least once and deduplicate by its id. Deciding never
 * waits for a receiver.
 */
import {
  claimDueDeliveries,
  getAction,
  markDelivery,
  setActionStatus,
  type DeliveryRow,
  type Executor,
  type WebhookRow,
} from '../store';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign } from './signature';

export const MAX_ATTEMPTS = 12;
const FIRST_RETRY_SECONDS = 10;
const MAX_RETRY_SECONDS = 3600;
const LEASE_SECONDS = 60;
const TIMEOUT_MS = 10_000;
const BATCH = 20;

/** Seconds before attempt `n + 1`, after `n` failed: 10, 20, 40 ... at most an hour. */
export const retryDelaySeconds = (attempts: number) =>
  Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1));

export interface DispatchReport {
  sent: number;
  retried: number;
  dead: number;
}

export class Dispatcher {
  constructor(
    private readonly db: Executor,
    private readonly post: typeof fetch = fetch,
  ) {}

  /** Delivers what is due at `now`, until nothing is; returns what happened. */
  async dispatchDue(now = new Date()): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const claimed = await this.db.transaction(async (tx) => {
        const due = await claimDueDeliveries(tx, now, BATCH);
        for (const { delivery } of due) {
          await markDelivery(tx, delivery.id, {
            status: 'pending',
            attempts: delivery.attempts,
            nextAttemptAt: new Date(now.getTime() + LEASE_SECONDS * 1000),
          });
        }
        return due;
      });
      if (claimed.length === 0) return report;
      await Promise.all(
        claimed.map(async ({ delivery, webhook }) => {
          const outcome = await this.attempt(delivery, webhook, now);
          report[outcome] += 1;
        }),
      );
    }
  }

  private async attempt(delivery: DeliveryRow, webhook: WebhookRow, now: Date): Promise<keyof DispatchReport> {
    const body = JSON.stringify(delivery.payload);
    const attempts = delivery.attempts + 1;
    let failure: string;
    try {
      const response = await this.post(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: sign(webhook.secret, body, now),
          [DELIVERY_HEADER]: delivery.id,
          [EVENT_HEADER]: delivery.event,
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.ok) {
        await this.db.transaction(async (tx) => {
          await markDelivery(tx, delivery.id, { status: 'sent', attempts, lastError: null, sentAt: now });
          if (delivery.actionId && (await getAction(tx, delivery.actionId))?.status === 'pending') {
            await setActionStatus(tx, delivery.actionId, 'sent');
          }
        });
        return 'sent';
      }
      failure = `the receiver answered ${response.status}`;
    } catch (error) {
      failure =
        (error as Error).name === 'TimeoutError' ? 'the receiver did not answer in time' : (error as Error).message;
    }
    const dead = attempts >= MAX_ATTEMPTS;
    await markDelivery(this.db, delivery.id, {
      status: dead ? 'dead' : 'pending',
      attempts,
      lastError: failure,
      nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(attempts) * 1000),
    });
    return dead ? 'dead' : 'retried';
  }
}
