/**
 * Webhook signatures: HMAC-SHA256 over `<unix seconds>.<body>` with the webhook's secret, sent as
 * `Dunwell-Signature: t=<unix seconds>,v1=<hex>`. A receiver recomputes it, compares in constant
 * time, and refuses a timestamp too far from its clock, so a captured delivery cannot be replayed.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Dunwell-Signature';
export const DELIVERY_HEADER = 'Dunwell-Delivery';
export const EVENT_HEADER = 'Dunwell-Event';

export const newSecret = () => `whsec_${randomBytes(24).toString('hex')}`;

const mac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function sign(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${mac(secret, timestamp, body)}`;
}

/** Whether a signature header is this body's, made with this secret within `toleranceSeconds` of `now`. */
export function verify(secret: string, body: string, header: string, now: Date, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, timestamp, body), 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
