/**
 * A CloudTrail management event as EventBridge delivers it to the change-events queue
 * (`detail-type: "AWS API Call via CloudTrail"`), read into the few fields the watch loop uses.
 * A body that is not such an event is a ChangeEventError: the loop leaves it for the queue's
 * redrive policy to move to the dead-letter queue.
 */

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

export interface ChangeEvent {
  /** CloudTrail's eventID: the same for every delivery of one call (the de-duplication key). */
  id: string;
  /** e.g. `AddPermission20150331v2` (Lambda's names carry their API version). */
  name: string;
  /** e.g. `lambda.amazonaws.com`. */
  source: string;
  /** When the call was made (ISO 8601). */
  time: string;
  account: string;
  region: string;
  /** Who made the call: an ARN, `root`, or the invoking service. */
  actor: string;
  /** The caller's IP address, or the service that called on its behalf. */
  sourceIp: string | null;
  requestParameters: Record<string, unknown>;
  responseElements: Record<string, unknown>;
  /** Set when the call failed (`AccessDenied` ...): a failed call changed nothing. */
  errorCode: string | null;
}

export class ChangeEventError extends Error {
  override name = 'ChangeEventError';
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Who made the call, in the words CloudTrail's userIdentity offers (the ARN when it has one). */
export function actorOf(identity: Record<string, unknown>): string {
  if (identity.type === 'Root') return `root (${text(identity.accountId) ?? 'account'})`;
  return (
    text(identity.arn) ??
    text(identity.invokedBy) ??
    text(identity.principalId) ??
    text(identity.type) ??
    'unknown caller'
  );
}

/** Reads one queue message's body; throws ChangeEventError naming what is missing. */
export function parseChangeEvent(body: string): ChangeEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new ChangeEventError(`not JSON (${body.length} characters)`);
  }
  const envelope = record(raw);
  if (envelope['detail-type'] !== CLOUDTRAIL_DETAIL_TYPE)
    throw new ChangeEventError(`detail-type is not "${CLOUDTRAIL_DETAIL_TYPE}"`);
  const detail = record(envelope.detail);
  const name = text(detail.eventName);
  const source = text(detail.eventSource);
  const id = text(detail.eventID) ?? text(envelope.id);
  const account = text(detail.recipientAccountId) ?? text(envelope.account);
  const region = text(detail.awsRegion) ?? text(envelope.region);
  if (!name || !source || !id || !account || !region)
    throw new ChangeEventError('detail lacks eventName, eventSource, eventID, account or region');
  return {
    id,
    name,
    source,
    time: text(detail.eventTime) ?? text(envelope.time) ?? '',
    account,
    region,
    actor: actorOf(record(detail.userIdentity)),
    sourceIp: text(detail.sourceIPAddress),
    requestParameters: record(detail.requestParameters),
    responseElements: record(detail.responseElements),
    errorCode: text(detail.errorCode),
  };
}
