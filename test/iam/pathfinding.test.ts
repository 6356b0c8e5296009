/**
 * Every pathfinding.cloud path: a minimal policy that completes it, and near misses that do not
 * (checks.md, "Resolved details"). What completes a step depends on what the attack does with it:
 * - `iam:PassRole` must pass some role of the account other than the function's own, to the
 *   path's service (`iam:PassedToService`);
 * - the other steps of a path that creates something need some name the attacker picks
 *   (`function:attacker-*`); an existing, fixed name is not enough;
 * - self-escalation acts on the role's own ARN, or a customer-managed policy attached to it;
 * - every other step needs every resource of its type (`*`); one unrelated ARN is not enough.
 */
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/check.js';
import { rolePrivilegeEscalation } from '../../src/checks/role/role-privilege-escalation.js';
import { lookupAction } from '../../src/iam/catalog.js';
import { PATHS, type PathSpec } from '../../src/iam/pathfinding-paths.js';
import type { AttachedManagedPolicy, PolicyStatement } from '../../src/model.js';
import { ACCOUNT, makeContext, REGION } from '../fixtures/snapshot.js';
import { MANAGED } from './fixtures/managed.js';
import { attach, customer, inline, ROLE_ARN, withPolicies } from './fixtures/role.js';

const OWN_POLICY = customer('orders-extra', [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }]);
const SERVICE: Record<string, string> = {
  apprunner: 'tasks.apprunner.amazonaws.com',
  bedrock: 'bedrock-agentcore.amazonaws.com',
  cloudformation: 'cloudformation.amazonaws.com',
  codebuild: 'codebuild.amazonaws.com',
  datapipeline: 'datapipeline.amazonaws.com',
  ec2: 'ec2.amazonaws.com',
  ecs: 'ecs-tasks.amazonaws.com',
  glue: 'glue.amazonaws.com',
  lambda: 'lambda.amazonaws.com',
  sagemaker: 'sagemaker.amazonaws.com',
};

type Need = 'pass' | 'new' | 'self-role' | 'self-policy' | 'all';

function needOf(path: PathSpec, action: string): Need {
  if (action === 'iam:PassRole') return 'pass';
  if (path.category === 'new') return 'new';
  if (path.category === 'self' && ['iam:PutRolePolicy', 'iam:AttachRolePolicy'].includes(action))
    return 'self-role';
  if (path.category === 'self' && action.endsWith('PolicyVersion')) return 'self-policy';
  return 'all';
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: an ARN format placeholder
const ACCOUNT_FIELD = '${Account}';

/** An ARN of one of the action's resource types the account owns, with `name` for every name. */
function arnOf(action: string, name: string): string {
  const types = lookupAction(action).resourceTypes;
  const format = (types.find((t) => t.arn.includes(ACCOUNT_FIELD)) ?? types[0])?.arn;
  if (!format)
    return name.includes('*') ? '*' : `arn:aws:${action.split(':')[0]}:${REGION}:${ACCOUNT}:${name}`;
  return format
    .replace(/\$\{Partition\}/, 'aws')
    .replace(/\$\{Region\}/, REGION)
    .replace(/\$\{Account\}/, ACCOUNT)
    .replace(/\$\{[^}]*\}/g, name);
}

function allow(action: string, Resource: string, extra: Partial<PolicyStatement> = {}): PolicyStatement {
  return { Effect: 'Allow', Action: action, Resource, ...extra };
}

/** The step granted where the attack works. */
function grant(action: string, how: Need, service: string): PolicyStatement {
  switch (how) {
    case 'pass':
      return allow(action, `arn:aws:iam::${ACCOUNT}:role/*`, {
        Condition: { StringEquals: { 'iam:PassedToService': service } },
      });
    case 'new':
      // RunInstances needs every one of its types: `*` names them all.
      return allow(action, action === 'ec2:RunInstances' ? '*' : arnOf(action, 'attacker-*'));
    case 'self-role':
      return allow(action, ROLE_ARN);
    case 'self-policy':
      return allow(action, OWN_POLICY.PolicyArn);
    case 'all':
      return allow(action, '*');
  }
}

/** The same step granted only where the attack does not work. */
function miss(action: string, how: Need): PolicyStatement {
  switch (how) {
    case 'pass':
      return allow(action, `arn:aws:iam::${ACCOUNT}:role/*`, {
        Condition: { StringEquals: { 'iam:PassedToService': 'states.amazonaws.com' } },
      });
    case 'new':
      return allow(
        action,
        action === 'ec2:RunInstances' ? 'arn:aws:ec2:*:*:instance/*' : arnOf(action, 'existing'),
      );
    case 'self-role':
      return allow(action, `arn:aws:iam::${ACCOUNT}:role/unrelated`);
    case 'self-policy':
      return allow(action, 'arn:aws:iam::aws:policy/*');
    case 'all':
      return allow(action, arnOf(action, 'unrelated'));
  }
}

interface Case {
  path: PathSpec;
  statements: PolicyStatement[];
  attached: AttachedManagedPolicy[];
}

function completing(path: PathSpec): Case {
  const service = SERVICE[path.id?.split('-')[0] ?? ''] ?? '';
  const statements = path.actions.map((a) => grant(a, needOf(path, a), service));
  const attached = [attach(MANAGED.AWSLambdaBasicExecutionRole)];
  if (path.actions.some((a) => needOf(path, a) === 'self-policy')) attached.push(OWN_POLICY);
  return { path, statements, attached };
}

function completedIds(c: Pick<Case, 'statements' | 'attached'>): (string | null)[] {
  const snapshot = withPolicies(c.attached, [inline('p', c.statements)]);
  const [finding] = runChecks([rolePrivilegeEscalation], snapshot, makeContext());
  return ((finding?.evidence.paths as { id: string | null }[] | undefined) ?? []).map((p) => p.id);
}

function nearMisses(
  path: PathSpec,
): { why: string; statements: PolicyStatement[]; attached: AttachedManagedPolicy[] }[] {
  const base = completing(path);
  const out = path.actions.map((a, i) => ({
    why: `without ${a}`,
    statements: base.statements.filter((_, j) => j !== i),
    attached: base.attached,
  }));
  path.actions.forEach((a, i) => {
    const how = needOf(path, a);
    const broken = miss(a, how);
    out.push({
      why: `${a} (${how}) on ${JSON.stringify(broken.Resource)}`,
      statements: base.statements.map((s, j) => (j === i ? broken : s)),
      attached: base.attached,
    });
    // PassRole on the function's own role alone passes nothing the function does not have.
    if (how === 'pass') {
      out.push({
        why: 'iam:PassRole on its own role only',
        statements: base.statements.map((s, j) => (j === i ? allow(a, ROLE_ARN) : s)),
        attached: base.attached,
      });
    }
  });
  return out;
}

describe('pathfinding.cloud paths', () => {
  it('covers all 65 paths of the catalog snapshot, each id once', () => {
    const ids = PATHS.flatMap((p) => (p.id ? [p.id] : []));
    expect(ids).toHaveLength(65);
    expect(new Set(ids).size).toBe(65);
  });

  it.each(PATHS.map((p) => ({ id: p.id ?? p.name, path: p })))(
    '$id: a minimal policy completes it',
    ({ path }) => {
      expect(completedIds(completing(path))).toContain(path.id);
    },
  );

  const misses = PATHS.flatMap((path) =>
    nearMisses(path).map((m) => ({ id: path.id ?? path.name, path, ...m })),
  );
  it.each(misses)('$id: near miss $why does not complete it', ({ path, statements, attached }) => {
    expect(completedIds({ statements, attached })).not.toContain(path.id);
  });
});
