/**
 * A generic webhook for trackers without a client here (ServiceNow, Linear, an internal one):
 * a signed JSON POST to TICKET_WEBHOOK_URL. Opening answers `{ "key": "...", "url": "..." }`;
 * a comment is a second kind of POST to the same URL, answered with any 2xx.
 */
import { randomUUID } from 'node:crypto';
import type { Severity } from '../model.js';
import { ticketContent } from './content.js';
import {
  answeredError,
  malformedAnswer,
  SINK_NAMES,
  type TicketAction,
  TicketError,
  unreachableError,
} from './errors.js';
import { explanation } from './http-failure.js';
import { safeEvidence, scrub } from './redact.js';
import type { TicketRef, TicketSink } from './sink.js';
import type { Ticket } from './ticket.js';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './webhook-signature.js';

export interface WebhookFinding {
  check: string;
  severity: Severity;
  title: string;
  detail: string;
  resource: string;
  evidence: unknown;
  remediation: string;
  fingerprint: string;
}

/** What an `open` POST carries. Every string is redacted; `markdown` is the ready-made body. */
export interface WebhookOpenPayload {
  type: 'ticket.open';
  /** Unix seconds; equals the timestamp header and is covered by the signature. */
  timestamp: number;
  title: string;
  markdown: string;
  labels: string[];
  function: { name: string; arn: string; accountId: string; region: string; roleArn: string | null };
  links: { function: string; role: string | null };
  findings: WebhookFinding[];
  fingerprints: string[];
  proposal: { policy: unknown; diff: string; caveats: string[]; confidence: 'high' | 'low' | null } | null;
  requestedBy: string | null;
}

export interface WebhookCommentPayload {
  type: 'ticket.comment';
  timestamp: number;
  key: string;
  text: string;
}

export type WebhookPayload = WebhookOpenPayload | WebhookCommentPayload;

export interface WebhookSinkOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  now?: () => Date;
}

function openPayload(ticket: Ticket, timestamp: number): WebhookOpenPayload {
  const content = ticketContent(ticket);
  const fn = ticket.function;
  const proposal = ticket.proposal;
  return {
    type: 'ticket.open',
    timestamp,
    title: content.title,
    markdown: content.markdown,
    labels: content.labels,
    function: {
      name: scrub(fn.name),
      arn: scrub(fn.arn),
      accountId: scrub(fn.accountId),
      region: scrub(fn.region),
      roleArn: fn.roleArn ? scrub(fn.roleArn) : null,
    },
    links: content.links,
    findings: ticket.findings.map((f) => ({
      check: scrub(f.check),
      severity: f.severity,
      title: scrub(f.title),
      detail: scrub(f.detail),
      resource: scrub(f.resource),
      evidence: safeEvidence(f.evidence),
      remediation: scrub(f.remediation),
      fingerprint: scrub(f.fingerprint),
    })),
    fingerprints: content.fingerprints,
    proposal: proposal
      ? {
          // Scrubbing the JSON text keeps it valid JSON: only string contents change.
          policy: JSON.parse(scrub(JSON.stringify(proposal.policy))) as unknown,
          diff: scrub(proposal.diffText),
          caveats: (proposal.caveats ?? []).map(scrub),
          confidence: proposal.confidence ?? null,
        }
      : null,
    requestedBy: ticket.requestedBy ? scrub(ticket.requestedBy) : null,
  };
}

export function webhookSink(options: WebhookSinkOptions): TicketSink {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function post(action: TicketAction, payload: WebhookPayload): Promise<unknown> {
    const raw = JSON.stringify(payload);
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'lambda-audit',
          [SIGNATURE_HEADER]: signBody(raw, options.secret),
          [TIMESTAMP_HEADER]: String(payload.timestamp),
          // Lets a receiver recognise a delivery it has seen (proxies may repeat requests).
          [DELIVERY_HEADER]: randomUUID(),
        },
        body: raw,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw unreachableError('webhook', action, error);
    }
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text for the error message
    }
    if (!response.ok) throw answeredError('webhook', action, response.status, explanation(body), undefined);
    return body;
  }

  return {
    kind: 'webhook',
    displayName: SINK_NAMES.webhook,
    async open(ticket: Ticket): Promise<TicketRef> {
      const timestamp = Math.floor(now().getTime() / 1000);
      const body = await post('open', openPayload(ticket, timestamp));
      const answer = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
      if (typeof answer.key !== 'string' || !answer.key || typeof answer.url !== 'string') {
        throw malformedAnswer('webhook', 'a JSON { "key", "url" }');
      }
      return { key: answer.key, url: answer.url };
    },
    async comment(ref, text) {
      if (!ref.key) throw new TicketError('webhook', null, 'No ticket key; the comment was not posted');
      const timestamp = Math.floor(now().getTime() / 1000);
      await post('comment', { type: 'ticket.comment', timestamp, key: ref.key, text: scrub(text) });
    },
  };
}
