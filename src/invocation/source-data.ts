/**
 * The trigger sources collect read (their types live in model.ts with the rest of the snapshot)
 * and how they are keyed.
 */

export type { HttpApi, RestApi, RestMethod, RestResource, TriggerSource } from '../model.js';

/** The ARN an API's sources are keyed by: `arn:aws:execute-api:<region>:<account>:<apiId>`. */
export function apiArnOf(sourceArn: string): string | null {
  const match = /^(arn:[^:]+:execute-api:[^:]+:\d{12}:[A-Za-z0-9]+)(?:\/|$)/.exec(sourceArn);
  return match?.[1] ?? null;
}
