/**
 * The effective grants of a resource policy: one per principal of each Allow statement, after the
 * unconditional Denies that cancel or carve out of it, and what a grant allows (invocation, URL
 * invocation, broader actions, public in effect).
 */
import type { ResourcePolicy } from '../../model.js';
import { hasRestrictiveCondition, RESTRICTIVE_OPERATORS } from './conditions.js';
import {
  type ActionSet,
  actionSetMatches,
  type Condition,
  globMatches,
  hasWildcard,
  normalizeStatements,
  type Principal,
  type Statement,
} from './statements.js';

/**
 * One principal's share of one Allow statement, after unconditional Denies: `actions` keeps the
 * patterns no Deny cancels outright, `denied` the Deny sets that still carve pieces out of them.
 */
export interface Grant {
  statement: Statement;
  principal: Principal;
  actions: ActionSet;
  denied: ActionSet[];
}

export const INVOKE_ACTIONS = [
  'lambda:InvokeFunction',
  'lambda:InvokeFunctionUrl',
  'lambda:InvokeAsync',
] as const;

/** Canonical identity of a principal, for "same principal" comparisons. */
export function principalKey(principal: Principal): string {
  if (principal.kind === 'public') return '*';
  if (principal.kind === 'service') return `service:${principal.value.toLowerCase()}`;
  if (principal.accountId !== null && isAccountRoot(principal.value)) return `account:${principal.accountId}`;
  return principal.value;
}

function isAccountRoot(value: string): boolean {
  return /^\d{12}$/.test(value) || /^arn:[^:]+:iam::\d{12}:root$/.test(value);
}

/** Whether a Deny naming `denied` covers `principal`: `*`, the same principal, or its account's root. */
function denyCovers(denied: Principal, principal: Principal): boolean {
  if (denied.kind === 'public') return true;
  if (principalKey(denied) === principalKey(principal)) return true;
  return (
    denied.kind === 'account' &&
    principal.kind === 'account' &&
    denied.accountId !== null &&
    denied.accountId === principal.accountId &&
    isAccountRoot(denied.value)
  );
}

/** A Deny set cancels an Allow pattern outright when it covers every action the pattern could name. */
function denyCancelsPattern(deny: ActionSet, pattern: string): boolean {
  if (!deny.not) return deny.patterns.some((p) => globMatches(p, pattern));
  return !hasWildcard(pattern) && !deny.patterns.some((p) => globMatches(p, pattern));
}

function actionSetOf(statement: Statement): ActionSet {
  return statement.notActions === null
    ? { patterns: statement.actions, not: false }
    : { patterns: statement.notActions, not: true };
}

/**
 * The effective Allow grants of one policy, one per (statement, principal). A Deny for the same
 * principal and action with no condition cancels the Allow; a conditional Deny is not definitive.
 */
export function policyGrants(policy: ResourcePolicy): Grant[] {
  const statements = normalizeStatements(policy);
  const denies = statements.filter((s) => s.effect === 'Deny' && s.conditions.length === 0);
  const grants: Grant[] = [];
  for (const statement of statements.filter((s) => s.effect === 'Allow')) {
    for (const principal of statement.principals) {
      const denied = denies
        .filter((d) => d.principals.some((p) => denyCovers(p, principal)))
        .map(actionSetOf);
      const own = actionSetOf(statement);
      const actions: ActionSet = own.not
        ? own
        : { patterns: own.patterns.filter((p) => !denied.some((d) => denyCancelsPattern(d, p))), not: false };
      if (!actions.not && actions.patterns.length === 0) continue;
      grants.push({ statement, principal, actions, denied });
    }
  }
  return grants;
}

/** Effective grants across the function's policy and its aliases' policies. */
export function allGrants(policies: readonly ResourcePolicy[]): Grant[] {
  return policies.flatMap(policyGrants);
}

/** Effective grants of the policy for one qualifier (null: the unqualified function). */
export function grantsForQualifier(policies: readonly ResourcePolicy[], qualifier: string | null): Grant[] {
  return policies.filter((p) => p.qualifier === qualifier).flatMap(policyGrants);
}

/** Whether the grant lets its principal perform this (literal) action. */
export function allows(grant: Grant, action: string): boolean {
  return actionSetMatches(grant.actions, action) && !grant.denied.some((d) => actionSetMatches(d, action));
}

/** Invoke-capable: the grant allows `lambda:InvokeFunction`, `InvokeFunctionUrl` or `InvokeAsync`. */
export function isInvokeCapable(grant: Grant): boolean {
  return INVOKE_ACTIONS.some((action) => allows(grant, action));
}

/**
 * Action patterns that reach beyond invocation. Every IAM action of Lambda that starts with
 * `Invoke` is an invoke action, so `lambda:Invoke*` is narrow; `lambda:*`, `*` and `NotAction` are not.
 */
export function broadActions(grant: Grant): string[] {
  if (grant.actions.not) return [`NotAction: ${grant.actions.patterns.join(', ')}`];
  return grant.actions.patterns.filter((p) => !/^lambda:invoke/i.test(p));
}

function scopesToUrl(condition: Condition): boolean {
  if (condition.ifExists || condition.set === 'forallvalues') return false;
  if (condition.keyLower === 'lambda:functionurlauthtype') return RESTRICTIVE_OPERATORS.has(condition.base);
  if (condition.keyLower === 'lambda:invokedviafunctionurl') {
    return (
      (condition.base === 'bool' || condition.base === 'stringequals') &&
      condition.values.some((v) => v.toLowerCase() === 'true')
    );
  }
  return false;
}

/**
 * URL-scoped: the grant can only be used through the function URL, because its only invoke
 * action is `lambda:InvokeFunctionUrl` or a scoping condition (`lambda:FunctionUrlAuthType`,
 * `lambda:InvokedViaFunctionUrl = true`) confines it. Such grants belong to the URL checks.
 */
export function isUrlScoped(grant: Grant): boolean {
  if (grant.statement.conditions.some(scopesToUrl)) return true;
  return (
    allows(grant, 'lambda:InvokeFunctionUrl') &&
    !allows(grant, 'lambda:InvokeFunction') &&
    !allows(grant, 'lambda:InvokeAsync')
  );
}

/** Whether a `lambda:FunctionUrlAuthType` condition (if any) lets the grant apply to this auth type. */
export function appliesToAuthType(grant: Grant, authType: string): boolean {
  return grant.statement.conditions
    .filter((c) => c.keyLower === 'lambda:functionurlauthtype' && !c.ifExists)
    .every((c) => {
      const matched = c.values.some((v) => globMatches(v, authType));
      if (RESTRICTIVE_OPERATORS.has(c.base)) return matched;
      if (
        c.base === 'stringnotequals' ||
        c.base === 'stringnotlike' ||
        c.base === 'stringnotequalsignorecase'
      ) {
        return !matched;
      }
      return true;
    });
}

/** Public in effect: a public principal with no restrictive condition. */
export function isEffectivelyPublic(grant: Grant): boolean {
  return grant.principal.kind === 'public' && !hasRestrictiveCondition(grant.statement);
}

/** The grants that open a URL of `authType` on `qualifier` to the public, after Denies. */
export function publicUrlGrants(
  policies: readonly ResourcePolicy[],
  qualifier: string | null,
  authType: 'NONE' | 'AWS_IAM',
): Grant[] {
  return grantsForQualifier(policies, qualifier).filter(
    (g) => isEffectivelyPublic(g) && appliesToAuthType(g, authType),
  );
}
