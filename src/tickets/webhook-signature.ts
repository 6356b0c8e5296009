/**
 * The webhook's signature: `X-Lambda-Audit-Signature: sha256=<hex>`, an HMAC-SHA256 of the raw
 * request body with TICKET_WEBHOOK_SECRET. The body carries the same `timestamp` as the
 * `X-Lambda-Audit-Timestamp` header, so the signature covers it and a receiver can refuse
 * replays older than a few minutes. Receivers must verify against the raw bytes, before parsing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Lambda-Audit-Signature';
export const TIMESTAMP_HEADER = 'X-Lambda-Audit-Timestamp';
export const DELIVERY_HEADER = 'X-Lambda-Audit-Delivery';

/** `sha256=<hex>` for a raw body. */
export function signBody(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Constant-time check of a signature header against a raw body. */
export function verifySignature(
  rawBody: string | Buffer,
  header: string | undefined,
  secret: string,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(rawBody, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** True when the timestamp (Unix seconds) is within `toleranceSeconds` of now. */
export function isFresh(timestamp: string | undefined, now: Date, toleranceSeconds = 300): boolean {
  const seconds = Number(timestamp);
  return Number.isInteger(seconds) && Math.abs(now.getTime() / 1000 - seconds) <= toleranceSeconds;
}
