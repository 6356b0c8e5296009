/**
 * Turns what the tracker clients throw into `TicketError`. jira.js (axios) and @octokit (fetch)
 * each wrap HTTP failures their own way, and both use status 500 for errors that never reached
 * the server, so "answered" is decided by the presence of a response, not by the status alone.
 */
import {
  answeredError,
  type SinkKind,
  type TicketAction,
  type TicketError,
  unreachableError,
} from './errors.js';

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The tracker's explanation from an error body: Jira's `{ errorMessages: [], errors: { field: msg } }`,
 * GitHub's `{ message, errors: [{ message | code, field }] }`, or text.
 */
export function explanation(data: unknown): string {
  if (typeof data === 'string') return data;
  const body = record(data);
  if (!body) return '';
  const parts = [...strings(body.errorMessages)];
  if (typeof body.message === 'string') parts.push(body.message);
  const errors = body.errors;
  if (Array.isArray(errors)) {
    for (const item of errors) {
      const e = record(item);
      const said = e && (e.message ?? e.code);
      if (typeof said === 'string') parts.push(typeof e?.field === 'string' ? `${e.field}: ${said}` : said);
    }
  } else if (record(errors)) {
    for (const [field, said] of Object.entries(errors as Record<string, unknown>)) {
      if (typeof said === 'string') parts.push(`${field}: ${said}`);
    }
  }
  return parts.join('; ');
}

/** The HTTP response inside an error, wherever the client put it: `{ status, data }`. */
function responseOf(error: unknown): { status: number; data: unknown } | null {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const r = record(record(e)?.response);
    // jira.js: HttpException.response = { status, data }; axios and octokit: error.response = { status, data }.
    if (r && typeof r.status === 'number') return { status: r.status, data: r.data };
    e = record(e)?.cause;
  }
  return null;
}

export function toTicketError(sink: SinkKind, action: TicketAction, error: unknown): TicketError {
  const response = responseOf(error);
  if (response) return answeredError(sink, action, response.status, explanation(response.data), error);
  return unreachableError(sink, action, error);
}
