import { VPC_ENI_ACTIONS } from '../../iam/function-needs.js';
import type { Finding } from '../../model.js';
import type { Check } from '../check.js';
import {
  EVIDENCE_LIST_LIMIT,
  judgeRolePermissions,
  manyActionsFinding,
  onAllEvidence,
  ROLE_POLICY_ACTIONS,
} from './shared.js';

const ENI_ACTIONS = new Set(VPC_ENI_ACTIONS.map((a) => a.toLowerCase()));

/** Role checks whose findings already cover some write actions; their evidence lists them. */
const ACTION_REPORTERS = new Set([
  'role-privilege-escalation',
  'role-passrole-wildcard',
  'role-resource-exposure',
  'role-data-exfiltration',
  'role-credentials-exposure',
]);

function alreadyReported(mine: readonly Finding[]) {
  const actions = new Set<string>();
  const services = new Set<string>();
  let everything = false;
  for (const f of mine) {
    if (f.check === 'role-admin') everything = true;
    if (f.check === 'role-service-wildcard') {
      for (const s of (f.evidence.services as string[] | undefined) ?? []) {
        if (s === '*') everything = true;
        services.add(s);
      }
    }
    if (ACTION_REPORTERS.has(f.check)) {
      for (const a of (f.evidence.actions as string[] | undefined) ?? []) actions.add(a.toLowerCase());
    }
  }
  return { everything, actions, services };
}

/**
 * Fires when Write or Tagging actions are allowed on every resource of their type and no role
 * finding above already reports them (role-admin covers all; role-service-wildcard its services),
 * and they have a resource type to scope to (`xray:PutTraceSegments` only takes `*`; neither do
 * the VPC ENI actions Lambda needs), e.g. `{"Action": ["sqs:SendMessage", "sns:Publish"], "Resource": "*"}`.
 */
export const roleWriteWildcardResource: Check = {
  id: 'role-write-wildcard-resource',
  severity: 'medium',
  categories: ['role'],
  title: 'Execution role can write to any resource',
  risk: 'A compromised function can modify or destroy resources of the account it has no business touching.',
  remediation: 'Replace `Resource: "*"` with the ARNs the function writes to.',
  requires: ['role'],
  actions: ROLE_POLICY_ACTIONS,
  after: true,
  run: judgeRolePermissions((role, perms, context) => {
    const mine = context.findings.filter((f) => f.resource === role.Arn);
    // Role findings depend on the role alone, so the checks that fired fix the exclusions and
    // every function sharing the role reuses one computation.
    const key = `write-on-all:${mine.map((f) => f.check).sort()}`;
    const found = perms.derive(key, () => {
      const reported = alreadyReported(mine);
      if (reported.everything) return [];
      const candidates = perms
        .candidateActions({ levels: ['Write', 'Tagging'], service: (s) => !reported.services.has(s) })
        .filter(
          (a) =>
            // Actions without resource types only ever take `*`: there is nothing to scope.
            a.resourceTypes.length > 0 &&
            // Lambda creates a VPC function's ENIs with these, and they only work on `*`.
            !ENI_ACTIONS.has(a.key) &&
            !reported.actions.has(a.key),
        );
      return onAllEvidence(perms, candidates);
    });
    if (found.length === 0) return [];
    return manyActionsFinding(role, found, {
      kind: 'write',
      where: 'on any resource',
      actions: found.slice(0, EVIDENCE_LIST_LIMIT).map((f) => f.action),
    });
  }),
};
