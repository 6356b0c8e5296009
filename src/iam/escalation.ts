/**
 * Privilege-escalation paths, named exactly as in checks.md's table. A path is complete when the
 * union of the role's policies allows every action in it on a resource that covers what the attack
 * needs: every resource of the action's type, or, for actions the role can turn on itself
 * (`iam:PutRolePolicy` on its own ARN, `iam:CreatePolicyVersion` on a customer policy attached to
 * it), that specific resource. `iam:PassRole` must also reach the service the path passes to.
 */
import { globMatch } from './glob.js';
import { describeRef, type StatementRef } from './normalise.js';
import { describePassTarget, passesTo } from './pass-role.js';
import type { Grant, Permissions } from './permissions.js';
import { scopeCoversAll } from './resources.js';

export interface EscalationPath {
  name: string;
  actions: readonly string[];
  /** The service `iam:PassRole` must be able to pass to, for paths that pass a role. */
  passTo?: string;
}

export const ESCALATION_PATHS: readonly EscalationPath[] = [
  { name: 'CreateNewPolicyVersion', actions: ['iam:CreatePolicyVersion'] },
  { name: 'SetExistingDefaultPolicyVersion', actions: ['iam:SetDefaultPolicyVersion'] },
  {
    name: 'CreateEC2WithExistingIP',
    actions: ['iam:PassRole', 'ec2:RunInstances'],
    passTo: 'ec2.amazonaws.com',
  },
  { name: 'CreateAccessKey', actions: ['iam:CreateAccessKey'] },
  { name: 'CreateLoginProfile', actions: ['iam:CreateLoginProfile'] },
  { name: 'UpdateLoginProfile', actions: ['iam:UpdateLoginProfile'] },
  { name: 'AttachUserPolicy', actions: ['iam:AttachUserPolicy'] },
  { name: 'AttachGroupPolicy', actions: ['iam:AttachGroupPolicy'] },
  { name: 'AttachRolePolicy', actions: ['iam:AttachRolePolicy'] },
  { name: 'PutUserPolicy', actions: ['iam:PutUserPolicy'] },
  { name: 'PutGroupPolicy', actions: ['iam:PutGroupPolicy'] },
  { name: 'PutRolePolicy', actions: ['iam:PutRolePolicy'] },
  { name: 'AddUserToGroup', actions: ['iam:AddUserToGroup'] },
  { name: 'UpdateRolePolicyToAssumeIt', actions: ['iam:UpdateAssumeRolePolicy'] },
  {
    name: 'PassExistingRoleToNewLambdaThenInvoke',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
    passTo: 'lambda.amazonaws.com',
  },
  {
    name: 'PassExistingRoleToNewLambdaThenTriggerWithNewDynamo',
    actions: [
      'iam:PassRole',
      'lambda:CreateFunction',
      'lambda:CreateEventSourceMapping',
      'dynamodb:CreateTable',
      'dynamodb:PutItem',
    ],
    passTo: 'lambda.amazonaws.com',
  },
  {
    name: 'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    passTo: 'lambda.amazonaws.com',
  },
  { name: 'EditExistingLambdaFunctionWithRole', actions: ['lambda:UpdateFunctionCode'] },
  {
    name: 'PassExistingRoleToNewGlueDevEndpoint',
    actions: ['iam:PassRole', 'glue:CreateDevEndpoint'],
    passTo: 'glue.amazonaws.com',
  },
  { name: 'UpdateExistingGlueDevEndpoint', actions: ['glue:UpdateDevEndpoint'] },
  {
    name: 'PassExistingRoleToCloudFormation',
    actions: ['iam:PassRole', 'cloudformation:CreateStack'],
    passTo: 'cloudformation.amazonaws.com',
  },
  {
    name: 'PassExistingRoleToNewDataPipeline',
    actions: ['iam:PassRole', 'datapipeline:CreatePipeline'],
    passTo: 'datapipeline.amazonaws.com',
  },
];

/** Every action that appears in some path: the proposal never keeps these unless seen in use. */
export const ESCALATION_ACTIONS: ReadonlySet<string> = new Set(
  ESCALATION_PATHS.flatMap((p) => p.actions.map((a) => a.toLowerCase())),
);

/** Actions the role can aim at itself: its own ARN is enough. */
const SELF_ROLE = new Set(['iam:putrolepolicy', 'iam:attachrolepolicy', 'iam:updateassumerolepolicy']);
/** Actions that work on a customer-managed policy attached to the role. */
const SELF_POLICY = new Set(['iam:createpolicyversion', 'iam:setdefaultpolicyversion']);

/** What the analysis knows about the role itself. */
export interface EscalationSubject {
  roleArn: string;
  /** ARNs of the customer-managed policies attached to the role. */
  customerPolicyArns: readonly string[];
}

export interface PathStep {
  action: string;
  resources: string[];
  notResource: boolean;
  statements: (StatementRef & { text: string })[];
  passTo?: string;
  conditional: boolean;
}

export interface CompletedPath {
  name: string;
  steps: PathStep[];
}

function scopeHits(grant: Grant, target: string): boolean {
  const hit = grant.scope.patterns.some((p) => globMatch(p, target));
  return grant.scope.not ? !hit : hit;
}

function enough(perms: Permissions, grant: Grant, subject: EscalationSubject, passTo?: string): boolean {
  if (passTo && !passesTo(grant.passTo, passTo)) return false;
  if (scopeCoversAll(grant.scope, grant.action, perms.ctx)) return true;
  const id = grant.action.key;
  if (SELF_ROLE.has(id)) return scopeHits(grant, subject.roleArn);
  if (SELF_POLICY.has(id)) return subject.customerPolicyArns.some((arn) => scopeHits(grant, arn));
  return false;
}

/** The paths the permissions complete, each with the grants that complete every step. */
export function findEscalationPaths(perms: Permissions, subject: EscalationSubject): CompletedPath[] {
  const out: CompletedPath[] = [];
  for (const path of ESCALATION_PATHS) {
    const steps: PathStep[] = [];
    for (const actionId of path.actions) {
      const usable = perms
        .grants(actionId)
        .filter((g) => enough(perms, g, subject, actionId === 'iam:PassRole' ? path.passTo : undefined));
      if (usable.length === 0) break;
      steps.push({
        action: actionId,
        resources: [...new Set(usable.flatMap((g) => g.scope.patterns))],
        notResource: usable.every((g) => g.scope.not),
        statements: usable.map((g) => ({ ...g.ref, text: describeRef(g.ref) })),
        ...(actionId === 'iam:PassRole'
          ? { passTo: [...new Set(usable.map((g) => describePassTarget(g.passTo)))].join('; ') }
          : {}),
        conditional: usable.every((g) => g.conditional),
      });
    }
    if (steps.length === path.actions.length) out.push({ name: path.name, steps });
  }
  return out;
}
