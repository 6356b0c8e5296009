import {
  allows,
  appliesToAuthType,
  describeQualifier,
  grantsForQualifier,
  principalKey,
} from '../../iam/resource-policy.js';
import { qualifierOfFunctionArn } from '../../triggers.js';
import type { Check } from '../check.js';
import { urlFinding } from './shared.js';

/** AWS's deadline for existing URLs to add the lambda:InvokeFunction grant. */
const ENFORCED_FROM = new Date('2026-11-01T00:00:00Z');

/**
 * Trips on a URL policy that has only the pre-2025 statement
 * `{"Principal": "*", "Action": "lambda:InvokeFunctionUrl", "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}}`
 * and no `lambda:InvokeFunction` grant (with `lambda:InvokedViaFunctionUrl`) for the same principal.
 */
export const urlPermissionModelLegacy: Check = {
  id: 'url-permission-model-legacy',
  severity: 'low',
  categories: ['exposure'],
  title: 'Function URL permissions use the pre-2025 model',
  risk: 'Since October 2025 a URL call needs lambda:InvokeFunction too; once AWS enforces it, these callers get 403.',
  remediation:
    'For each principal, add `lambda:InvokeFunction` with the condition `"Bool": {"lambda:InvokedViaFunctionUrl": "true"}` ' +
    '(`aws lambda add-permission --action lambda:InvokeFunction --invoked-via-function-url`).',
  requires: ['urlConfigs', 'policies'],
  actions: ['lambda:ListFunctionUrlConfigs', 'lambda:GetPolicy'],
  run(snapshot, context) {
    return (snapshot.urlConfigs ?? []).flatMap((url) => {
      const qualifier = qualifierOfFunctionArn(url.FunctionArn);
      const grants = grantsForQualifier(snapshot.policies ?? [], qualifier).filter((g) =>
        appliesToAuthType(g, url.AuthType),
      );
      const invokers = grants.filter((g) => allows(g, 'lambda:InvokeFunction'));
      // A public InvokeFunction grant covers every principal.
      const covered = (key: string): boolean =>
        invokers.some((g) => g.principal.kind === 'public' || principalKey(g.principal) === key);
      const lacking = [
        ...new Set(
          grants
            .filter((g) => allows(g, 'lambda:InvokeFunctionUrl') && !covered(principalKey(g.principal)))
            .map((g) => g.principal.value),
        ),
      ];
      if (lacking.length === 0) return [];
      const when =
        context.now >= ENFORCED_FROM
          ? 'AWS enforces this since 2026-11-01, so their calls through the URL are denied'
          : 'existing URLs have until 2026-11-01';
      return [
        urlFinding(
          url,
          qualifier,
          `The function URL of ${describeQualifier(qualifier)} grants lambda:InvokeFunctionUrl to ${lacking.join(', ')} without the matching lambda:InvokeFunction grant; ${when}.`,
          { principals: lacking },
        ),
      ];
    });
  },
};
