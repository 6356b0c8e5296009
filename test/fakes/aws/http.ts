/**
 * The request and response shapes the service routers share, and the helpers they all need:
 * an error type each service renders in its own wire format, and offset pagination.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Json } from './world.js';

export type ServiceName =
  | 'lambda'
  | 'iam'
  | 'sts'
  | 'logs'
  | 'sqs'
  | 'apigateway'
  | 'sns'
  | 'kms'
  | 's3'
  | 'events'
  | 'kinesis'
  | 'dynamodb'
  | 'elasticloadbalancing'
  | 'organizations'
  | 'account'
  | MonitoringService;
/** SigV4 signing names of the monitoring services (CloudWatch signs as `monitoring`). */
export type MonitoringService = 'monitoring' | 'cloudtrail' | 'guardduty' | 'ec2';

/** One parsed request, with who sent it and where (from the SigV4 credential scope). */
export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  service: ServiceName;
  accessKeyId: string;
  account: string;
  region: string;
  /** The caller's ARN, as AWS prints it in AccessDenied messages. */
  callerArn: string;
  requestId: string;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An AWS error; the service router turns it into that service's wire format. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: { headers?: Record<string, string>; fields?: Record<string, Json> } = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** What routing a request yields: the API name (for counters and knobs), its resource, and the work. */
export interface Route {
  api: string;
  /** The ARN AccessDenied messages name. */
  resource: string;
  run: () => FakeResponse | Promise<FakeResponse>;
}

/** Per-service behaviour the server needs around routing. */
export interface ServiceRouter {
  route(req: FakeRequest): Route;
  /** The service's own rendering of an error. */
  render(error: ApiError, req: FakeRequest): FakeResponse;
  throttled(retryAfterSeconds: number): ApiError;
  denied(api: string, resource: string, req: FakeRequest): ApiError;
  failure(): ApiError;
}

export function jsonResponse(body: unknown, contentType = 'application/json', status = 200): FakeResponse {
  return { status, headers: { 'content-type': contentType }, body: JSON.stringify(body) };
}

/** An error in the AWS JSON protocols (1.0 and 1.1): `__type` and `message` in the body. */
export function jsonProtocolError(error: ApiError, req: FakeRequest, contentType: string): FakeResponse {
  return {
    status: error.status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': req.requestId, ...error.extra.headers },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

/** An error in REST-JSON (Lambda, GuardDuty, Account): the code in `x-amzn-errortype`, and in the body. */
export function restJsonError(error: ApiError, req: FakeRequest): FakeResponse {
  return {
    status: error.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': req.requestId,
      'x-amzn-errortype': error.code,
      ...error.extra.headers,
    },
    body: JSON.stringify({ message: error.message, __type: error.code }),
  };
}

/** The AccessDenied text AWS uses for identity-policy denials. */
export function deniedMessage(callerArn: string, api: string, resource: string): string {
  return `User: ${callerArn} is not authorized to perform: ${api} on resource: ${resource} because no identity-based policy allows the ${api} action`;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page: SDK paginators stop only when the token is missing. */
  next?: string;
}

/**
 * Offset pagination with an opaque-looking token. `invalid` builds the service's error for a
 * token the fake did not issue.
 */
export function paginate<T>(
  items: readonly T[],
  token: string | null | undefined,
  limit: number | null | undefined,
  defaults: { size: number; max: number },
  invalid: () => ApiError,
): Page<T> {
  let start = 0;
  if (token) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    const match = /^offset:(\d+)$/.exec(decoded);
    if (!match) throw invalid();
    start = Number(match[1]);
  }
  const size = limit && limit > 0 ? Math.min(limit, defaults.max) : defaults.size;
  const end = start + size;
  const page: Page<T> = { items: items.slice(start, end) };
  if (end < items.length) page.next = Buffer.from(`offset:${end}`).toString('base64url');
  return page;
}

/** A stable id derived from text, shaped like a UUID (for RevisionIds, RoleIds and the like). */
export function stableUuid(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 2246822519) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
