/**
 * What the EventBridge, Kinesis and DynamoDB fakes share: a resource named by name or ARN, and
 * policies kept as objects in the world but answered as JSON text.
 */
import { ApiError, deniedMessage, type FakeRequest } from './http.js';
import type { Json } from './world.js';

/** The name `nameOrArn` gives: the name itself, or the part of an ARN after `prefix` (`stream/`, `table/`, `event-bus/`). */
export function nameIn(nameOrArn: string, prefix: string): string {
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const resource = nameOrArn.split(':').slice(5).join(':');
  return resource.startsWith(prefix) ? (resource.slice(prefix.length).split('/')[0] ?? '') : resource;
}

/**
 * The same, for a request's own account: an ARN of another account is denied, as AWS denies it
 * when the resource's policy grants the caller nothing (the fake grants nothing across accounts).
 */
export function resourceIn(req: FakeRequest, nameOrArn: string, prefix: string): string {
  const account = nameOrArn.startsWith('arn:') ? nameOrArn.split(':')[4] : req.account;
  if (account !== req.account) {
    const api = `${nameOrArn.split(':')[2]}:${String(req.headers['x-amz-target'] ?? '')
      .split('.')
      .pop()}`;
    throw new ApiError('AccessDeniedException', 400, deniedMessage(req.callerArn, api, nameOrArn));
  }
  return nameIn(nameOrArn, prefix);
}

export function policyText(policy: Json): string {
  return typeof policy === 'string' ? policy : JSON.stringify(policy);
}
