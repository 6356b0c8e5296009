/**
 * A role's effective permissions, computed once per distinct role and policy set. A scan of 500
 * functions sharing 50 roles analyses 50 roles (fewer when roles carry identical policies, e.g.
 * only AWSLambdaBasicExecutionRole), whatever the number of checks that ask.
 */

import { parseArn } from '../arn.js';
import type { RoleSnapshot } from '../model.js';
import { type NormalStatement, normalisePolicy, type SourcedPolicy } from './normalise.js';
import { Permissions } from './permissions.js';
import type { EngineContext } from './resources.js';

/** Partition and account from an ARN (`arn:aws-cn:iam::123456789012:role/x`). */
export function contextFromArn(arn: string): EngineContext {
  const parts = parseArn(arn);
  return { partition: parts?.partition || 'aws', accountId: parts?.account ?? '' };
}

/** The role's readable policies, managed ones first, each with the name findings use for it. */
export function rolePolicies(role: RoleSnapshot): SourcedPolicy[] {
  const out: SourcedPolicy[] = [];
  for (const p of role.attachedPolicies) {
    if (p.document) out.push({ name: p.PolicyName, arn: p.PolicyArn, document: p.document });
  }
  for (const p of role.inlinePolicies) {
    if (p.document) out.push({ name: p.PolicyName, document: p.document });
  }
  return out;
}

/** Every statement of every readable policy of the role, normalised. */
export function roleStatements(role: RoleSnapshot): NormalStatement[] {
  return rolePolicies(role).flatMap(normalisePolicy);
}

const byRole = new WeakMap<RoleSnapshot, Permissions>();
/**
 * By the attached-policy list of one role read: every function using the role shares its read's
 * lists (each snapshot copies the role, not its lists), so its analysis lives as long as the read
 * does (a scan drops an account's roles after its last unit) rather than in a process-wide cache.
 */
const byRead = new WeakMap<
  RoleSnapshot['attachedPolicies'],
  { inline: RoleSnapshot['inlinePolicies']; arn: string; perms: Permissions }
>();
/** Distinct reads with the same policies (a role read again, roles alike): few need keeping. */
const byContent = new Map<string, Permissions>();
const CONTENT_CACHE_LIMIT = 100;
let built = 0;

/** How many distinct policy sets have been analysed in this process (for tests and benchmarks). */
export function analysesBuilt(): number {
  return built;
}

/** Effective permissions of any policy set (cached by content and context). */
export function permissionsFor(policies: readonly SourcedPolicy[], ctx: EngineContext): Permissions {
  const key = JSON.stringify([ctx.partition, ctx.accountId, policies]);
  let perms = byContent.get(key);
  if (!perms) {
    perms = new Permissions(policies.flatMap(normalisePolicy), ctx);
    built++;
    // A long-running bot sees policies change; a bounded cache keeps memory flat.
    if (byContent.size >= CONTENT_CACHE_LIMIT) byContent.clear();
    byContent.set(key, perms);
  }
  return perms;
}

/** Effective permissions of the role: the union of its attached and inline policies. */
export function permissionsForRole(role: RoleSnapshot): Permissions {
  let perms = byRole.get(role);
  if (!perms) {
    const read = byRead.get(role.attachedPolicies);
    if (read && read.inline === role.inlinePolicies && read.arn === role.Arn) perms = read.perms;
    else {
      perms = permissionsFor(rolePolicies(role), contextFromArn(role.Arn));
      byRead.set(role.attachedPolicies, { inline: role.inlinePolicies, arn: role.Arn, perms });
    }
    byRole.set(role, perms);
  }
  return perms;
}
