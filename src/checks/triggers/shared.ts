/**
 * What the resource-policy and function-URL checks share: the finding about one grant of the
 * function's resource policy, and the finding about one function URL.
 */
import { describeStatement, type Grant, grantEvidence, grantKey } from '../../iam/resource-policy.js';
import type { FunctionSnapshot, FunctionUrlConfig, Severity } from '../../model.js';
import { qualifiedFunctionArn } from '../../triggers.js';
import type { CheckResult } from '../check.js';

/**
 * A finding about one grant: on the version or alias its statement belongs to, one per grant,
 * its detail opening with the statement ("Statement 'x' of the policy of ... `says`"), its
 * evidence with the grant's.
 */
export function grantFinding(
  snapshot: FunctionSnapshot,
  grant: Grant,
  says: string,
  evidence: Record<string, unknown> = {},
  severity?: Severity,
): CheckResult {
  return {
    ...(severity ? { severity } : {}),
    resource: qualifiedFunctionArn(snapshot.configuration.FunctionArn, grant.statement.qualifier),
    key: grantKey(grant),
    detail: `${describeStatement(grant.statement)} ${says}`,
    evidence: { ...grantEvidence(grant), ...evidence },
  };
}

/** A finding about one function URL (one per qualifier), its evidence opening with the URL's. */
export function urlFinding(
  url: FunctionUrlConfig,
  qualifier: string | null,
  detail: string,
  evidence: Record<string, unknown>,
  severity?: Severity,
): CheckResult {
  return {
    ...(severity ? { severity } : {}),
    resource: url.FunctionArn,
    key: qualifier ?? '',
    detail,
    evidence: { url: url.FunctionUrl, authType: url.AuthType, qualifier, ...evidence },
  };
}
