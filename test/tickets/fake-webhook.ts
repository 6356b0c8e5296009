/**
 * A fake ticket-webhook receiver: verifies the HMAC signature over the raw body and the
 * timestamp's freshness as a real receiver should, records every delivery (accepted or not),
 * and answers `{ key, url }` to `ticket.open`. Lives here, not in test/fakes/, only because of
 * who owned which folder when it was written; the Slack button tests import it from here.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  isFresh,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
} from '../../src/tickets/webhook-signature.js';

export interface WebhookDelivery {
  headers: IncomingHttpHeaders;
  raw: string;
  body: unknown;
  /** Signature valid, timestamp fresh and equal to the body's. */
  verified: boolean;
  status: number;
}

export interface FakeWebhook {
  url: string;
  secret: string;
  deliveries: WebhookDelivery[];
  /** Deliveries that passed verification and were acted on. */
  accepted(): WebhookDelivery[];
  tickets: { key: string; body: unknown; comments: unknown[] }[];
  env(): Record<string, string>;
  failNext(times: number, status?: number, message?: string): void;
  close(): Promise<void>;
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (value && typeof value === 'object' ? (value as Obj) : {});

export async function startFakeWebhook(secret = 'fake-webhook-secret'): Promise<FakeWebhook> {
  const deliveries: WebhookDelivery[] = [];
  const tickets: FakeWebhook['tickets'] = [];
  let failures: { times: number; status: number; message: string }[] = [];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      body = { unparsed: raw };
    }
    const timestamp = req.headers[TIMESTAMP_HEADER.toLowerCase()];
    const stamp = typeof timestamp === 'string' ? timestamp : undefined;
    const verified =
      verifySignature(raw, req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined, secret) &&
      isFresh(stamp, new Date()) &&
      String(obj(body).timestamp) === stamp;

    let status = 200;
    let answer: unknown = { ok: true };
    const failure = failures[0];
    if (!verified) [status, answer] = [401, { message: 'invalid signature' }];
    else if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) failures = failures.slice(1);
      [status, answer] = [failure.status, { message: failure.message }];
    } else if (obj(body).type === 'ticket.open') {
      const key = `HOOK-${tickets.length + 1}`;
      tickets.push({ key, body, comments: [] });
      [status, answer] = [201, { key, url: `https://tracker.example.test/tickets/${key}` }];
    } else if (obj(body).type === 'ticket.comment') {
      const ticket = tickets.find((t) => t.key === obj(body).key);
      if (ticket) ticket.comments.push(body);
      else [status, answer] = [404, { message: `no ticket ${String(obj(body).key)}` }];
    } else [status, answer] = [400, { message: 'unknown type' }];

    deliveries.push({ headers: req.headers, raw, body, verified, status });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/lambda-audit`;

  return {
    url,
    secret,
    deliveries,
    accepted: () => deliveries.filter((d) => d.verified && d.status < 300),
    tickets,
    env: () => ({ TICKET_SINK: 'webhook', TICKET_WEBHOOK_URL: url, TICKET_WEBHOOK_SECRET: secret }),
    failNext(times, status = 500, message = 'receiver exploded') {
      failures.push({ times, status, message });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
