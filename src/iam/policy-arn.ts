/**
 * `iam:PolicyARN` conditions on `iam:Attach{Role,User,Group}Policy` (checks.md, "Conditions"):
 * limited to policies that grant no escalation (e.g. `ReadOnlyAccess`), attaching completes no
 * path; limited to customer-managed policies it does (their content can be changed), and so does
 * any AWS-managed policy we cannot vouch for.
 */
import { intersects, parseResource } from './arn-pattern.js';
import { globMatch } from './glob.js';
import type { NormalCondition } from './normalise.js';
import type { EngineContext } from './resources.js';

/**
 * AWS-managed policies that complete no escalation path: read-only and audit policies, and the
 * Lambda execution policies (test/iam/policy-arn.test.ts runs the engine over the documents we
 * have to keep this list honest).
 */
const HARMLESS = [
  /ReadOnly/,
  /^ViewOnlyAccess$/,
  /^SecurityAudit$/,
  /^AWSLambdaBasicExecutionRole$/,
  /^AWSLambdaDynamoDBExecutionRole$/,
  /^AWSLambdaKinesisExecutionRole$/,
  /^AWSLambdaMSKExecutionRole$/,
  /^AWSLambdaSQSQueueExecutionRole$/,
  /^AWSLambdaVPCAccessExecutionRole$/,
  /^AWSXRayDaemonWriteAccess$/,
];

const POSITIVE = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);
const KEY = 'iam:policyarn';

/** May a policy ARN pattern name a policy whose attachment escalates? */
function mayEscalate(pattern: string, ctx: EngineContext): boolean {
  const p = parseResource(pattern);
  if (p === null) return false;
  const customer = parseResource(`arn:${ctx.partition}:iam::${ctx.accountId}:policy/*`)!;
  if (intersects(p, customer)) return true;
  // Neither the account's own policies nor AWS's: nothing it could attach.
  if (!globMatch(p.fields[3], 'aws')) return false;
  const name = p.fields[4].slice(p.fields[4].lastIndexOf('/') + 1);
  if (p.variable) return true;
  // A wildcard name may reach AdministratorAccess, unless every name it matches is read-only.
  if (/[*?]/.test(name)) return !name.split(/[*?]/).some((part) => part.includes('ReadOnly'));
  return !HARMLESS.some((re) => re.test(name));
}

/** Can an attach grant under these conditions attach a policy that escalates? */
export function attachMayEscalate(conditions: readonly NormalCondition[], ctx: EngineContext): boolean {
  const limits = conditions.filter((c) => c.key === KEY && !c.ifExists && POSITIVE.has(c.operator));
  // Every positive limit must hold at once: each must admit some escalating policy.
  return limits.every((c) => c.values.some((v) => mayEscalate(v, ctx)));
}
