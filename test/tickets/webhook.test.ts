import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookOpenPayload } from '../../src/tickets/webhook.js';
import { webhookSink } from '../../src/tickets/webhook.js';
import {
  DELIVERY_HEADER,
  isFresh,
  SIGNATURE_HEADER,
  signBody,
  TIMESTAMP_HEADER,
  verifySignature,
} from '../../src/tickets/webhook-signature.js';
import { type FakeWebhook, startFakeWebhook } from './fake-webhook.js';
import { PROPOSED_POLICY, roleTicket } from './fixtures.js';

describe('webhook signatures', () => {
  const body = '{"type":"ticket.open","timestamp":1700000000}';

  it('verifies a signature made with the same secret over the same bytes', () => {
    const signature = signBody(body, 's3cret');
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(body, signature, 's3cret')).toBe(true);
  });

  it.each([
    ['a wrong secret', body, signBody(body, 'other')],
    ['a changed body', `${body} `, signBody(body, 's3cret')],
    ['no signature', body, undefined],
    ['a truncated signature', body, signBody(body, 's3cret').slice(0, 20)],
  ])('refuses %s', (_label, raw, signature) => {
    expect(verifySignature(raw, signature, 's3cret')).toBe(false);
  });

  it.each([
    ['now', '1700000000', true],
    ['five minutes ago', '1699999700', true],
    ['six minutes ago', '1699999640', false],
    ['not a number', 'soon', false],
    ['missing', undefined, false],
  ])('treats a timestamp from %s as fresh: %s', (_label, stamp, fresh) => {
    expect(isFresh(stamp, new Date(1_700_000_000_000))).toBe(fresh);
  });
});

describe('the webhook sink', () => {
  let hook: FakeWebhook;
  beforeAll(async () => {
    hook = await startFakeWebhook('hook-secret');
  });
  afterAll(() => hook.close());

  it('signs the raw body and puts the same timestamp in the header and the body', async () => {
    const sink = webhookSink({ url: hook.url, secret: 'hook-secret', now: () => new Date() });
    const ref = await sink.open(roleTicket);
    expect(ref).toEqual({ key: expect.stringMatching(/^HOOK-/), url: expect.stringContaining('/tickets/') });
    const delivery = hook.deliveries.at(-1);
    if (!delivery) throw new Error('no delivery recorded');
    expect(delivery.verified).toBe(true);
    const headers = delivery.headers;
    expect(headers[SIGNATURE_HEADER.toLowerCase()]).toBe(signBody(delivery.raw, 'hook-secret'));
    expect(headers[TIMESTAMP_HEADER.toLowerCase()]).toBe(
      String((delivery.body as WebhookOpenPayload).timestamp),
    );
    expect(headers[DELIVERY_HEADER.toLowerCase()]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends structured data a receiver can use without parsing Markdown', async () => {
    const sink = webhookSink({ url: hook.url, secret: 'hook-secret' });
    await sink.open(roleTicket);
    const payload = hook.deliveries.at(-1)?.body as WebhookOpenPayload;
    expect(payload.type).toBe('ticket.open');
    expect(payload.proposal?.policy).toEqual(PROPOSED_POLICY);
    expect(payload.findings.map((f) => f.fingerprint)).toEqual(['f00dfeedf00dfeed0001']);
    expect(payload.links.role).toBe('https://console.aws.amazon.com/iam/home#/roles/details/orders-api-role');
    expect(payload.labels).toEqual([
      'lambda-audit',
      'role-unused-services',
      'lambda-audit-fp-f00dfeedf00dfeed0001',
    ]);
  });

  it('fails with a clear error when the secrets do not match, and no ticket is created', async () => {
    const before = hook.tickets.length;
    const sink = webhookSink({ url: hook.url, secret: 'wrong-secret' });
    await expect(sink.open(roleTicket)).rejects.toThrow(
      'The ticket webhook answered 401: invalid signature (check TICKET_WEBHOOK_SECRET on both sides); no ticket was created',
    );
    expect(hook.deliveries.at(-1)?.verified).toBe(false);
    expect(hook.tickets.length).toBe(before);
  });

  it('refuses an answer without a key and url', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const sink = webhookSink({ url: `http://127.0.0.1:${port}/`, secret: 'x' });
    await expect(sink.open(roleTicket)).rejects.toThrow(/answered without a JSON \{ "key", "url" \}/);
    await new Promise((resolve) => server.close(resolve));
  });
});
