/**
 * Reading a Lambda resource policy (GetPolicy) the way checks.md defines it: normalise the
 * statements, classify principals, tell restrictive conditions from decorative ones, and apply
 * unconditional Deny statements. Pure functions over `model.ts` data; no AWS SDK here.
 */

import { type Arn, parseArn } from '../arn.js';
import type { ConditionBlock, PolicyStatement, ResourcePolicy } from '../model.js';

/** Who a statement names, classified as checks.md says. `value` is the principal as written. */
export type Principal =
  | { kind: 'public'; value: string }
  | { kind: 'service'; value: string }
  | { kind: 'account'; value: string; accountId: string | null };

/** One condition test, with operator and key reduced for comparison. */
export interface Condition {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** As written, e.g. `AWS:SourceArn`. */
  key: string;
  /** Lower-cased, without set prefix or `IfExists`: `stringlike`. */
  base: string;
  keyLower: string;
  ifExists: boolean;
  set: 'foranyvalue' | 'forallvalues' | null;
  values: string[];
}

/** A statement after normalisation: lists everywhere, principals classified. */
export interface Statement {
  qualifier: string | null;
  /** Position in the policy, for statements without a Sid. */
  index: number;
  sid: string | null;
  effect: 'Allow' | 'Deny';
  principals: Principal[];
  /** `Action` as written; empty when the statement uses `NotAction`. */
  actions: string[];
  notActions: string[] | null;
  conditions: Condition[];
  raw: PolicyStatement;
}

/** An action list, or everything but a list (`NotAction`). */
export interface ActionSet {
  patterns: string[];
  not: boolean;
}

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

const RESTRICTIVE_OPERATORS = new Set([
  'stringequals',
  'stringequalsignorecase',
  'arnequals',
  'stringlike',
  'arnlike',
]);
const RESTRICTIVE_KEYS = new Set([
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourcearn',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'lambda:eventsourcetoken',
]);
const ARN_KEYS = new Set(['aws:sourcearn', 'aws:principalarn']);
const ORG_PATH_KEYS = new Set(['aws:principalorgpaths', 'aws:sourceorgpaths']);
const ACCOUNT_KEYS = new Set(['aws:sourceaccount', 'aws:sourceowner', 'aws:principalaccount']);
const ORG_ID_KEYS = new Set(['aws:principalorgid', 'aws:sourceorgid']);
/** Keys that pin a service principal's call to a source resource, account or organisation. */
const SOURCE_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
]);
const OPEN_NETWORKS = new Set(['0.0.0.0/0', '::/0']);
/** Services whose ARNs have no resource-type prefix: the first segment is the resource's name. */
const UNTYPED_ARN_SERVICES = new Set(['s3', 'execute-api', 'sns', 'sqs']);
/** IAM types whose name is the last path segment (`role/service-role/name`). */
const IAM_PATH_TYPES = new Set(['role', 'user', 'group', 'policy']);

const hasWildcard = (value: string): boolean => /[*?]/.test(value);

function toList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

/** IAM glob (`*`, `?`), case-insensitive as action names are. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(value);
}

/** The 12-digit account a principal or condition value names (an id or an ARN), else null. */
export function accountIdOf(value: string): string | null {
  if (/^\d{12}$/.test(value)) return value;
  const account = parseArn(value)?.account ?? '';
  return /^\d{12}$/.test(account) ? account : null;
}

function classifyPrincipal(type: string, value: string): Principal {
  const kind = type.toLowerCase();
  // Any Principal.Service is a service, whatever its domain (alexa-appkit.amazon.com too).
  if (kind === 'service') return { kind: 'service', value };
  if (value === '*') return { kind: 'public', value };
  if (kind === 'aws') {
    const account = /^\d{12}$/.test(value) ? value : (parseArn(value)?.account ?? '');
    // `arn:aws:iam::*:root` (or any wildcard account) is everyone.
    if (hasWildcard(account)) return { kind: 'public', value };
    return { kind: 'account', value, accountId: accountIdOf(value) };
  }
  // CanonicalUser or Federated naming one identity: not an account id we can compare.
  return { kind: 'account', value, accountId: null };
}

/** `"*"` -> public; `"X"` -> `{AWS: ["X"]}`; `{Type: value | values}` -> one principal per value. */
export function normalizePrincipals(principal: unknown): Principal[] {
  if (principal === undefined || principal === null) return [];
  if (typeof principal === 'string') return [classifyPrincipal('AWS', principal)];
  if (typeof principal !== 'object') return [];
  return Object.entries(principal).flatMap(([type, values]) =>
    toList(values).map((value) => classifyPrincipal(type, value)),
  );
}

/** Flattens a Condition block; operators and keys compare case-insensitively. */
export function normalizeConditions(block: ConditionBlock | undefined): Condition[] {
  const conditions: Condition[] = [];
  for (const [operator, tests] of Object.entries(block ?? {})) {
    let base = operator.toLowerCase();
    let set: Condition['set'] = null;
    for (const prefix of ['foranyvalue:', 'forallvalues:'] as const) {
      if (base.startsWith(prefix)) {
        set = prefix === 'foranyvalue:' ? 'foranyvalue' : 'forallvalues';
        base = base.slice(prefix.length);
      }
    }
    const ifExists = base.endsWith('ifexists');
    if (ifExists) base = base.slice(0, -'ifexists'.length);
    for (const [key, values] of Object.entries(tests ?? {})) {
      conditions.push({
        operator,
        key,
        base,
        keyLower: key.toLowerCase(),
        ifExists,
        set,
        values: toList(values),
      });
    }
  }
  return conditions;
}

/** The statements of one resource policy, normalised. */
export function normalizeStatements(policy: ResourcePolicy): Statement[] {
  return toStatementList(policy.policy.Statement).map((raw, index) => ({
    qualifier: policy.qualifier,
    index,
    sid: raw.Sid ?? null,
    effect: raw.Effect,
    // Lambda policies never carry NotPrincipal; if one does, an Allow to "all but X" is public.
    principals:
      raw.Principal === undefined && raw.NotPrincipal !== undefined && raw.Effect === 'Allow'
        ? [{ kind: 'public', value: '*' }]
        : normalizePrincipals(raw.Principal),
    actions: toList(raw.Action),
    notActions: raw.NotAction === undefined ? null : toList(raw.NotAction),
    conditions: normalizeConditions(raw.Condition),
    raw,
  }));
}

function toStatementList(statement: PolicyStatement | PolicyStatement[] | undefined): PolicyStatement[] {
  if (statement === undefined) return [];
  return Array.isArray(statement) ? statement : [statement];
}

/**
 * A value is fixed when it pins one identity: no `*` or `?`, no `${...}` variable, and for an
 * ARN a fixed account field and a fixed resource name before any wildcard.
 */
export function isFixedValue(keyLower: string, value: string): boolean {
  if (value === '' || value.includes('${')) return false;
  if (ARN_KEYS.has(keyLower)) {
    const arn = parseArn(value);
    if (!arn) return !hasWildcard(value);
    return !hasWildcard(arn.account) && isFixedResourceName(arn);
  }
  if (ORG_PATH_KEYS.has(keyLower)) {
    // `o-abc/r-1/ou-2/*` is one subtree of one organisation; the organisation must be fixed.
    const org = value.split('/')[0] ?? '';
    return org !== '' && !hasWildcard(org);
  }
  return !hasWildcard(value);
}

function isFixedResourceName(arn: Arn): boolean {
  const { service, resource } = arn;
  let name = resource.split('/')[0] ?? '';
  if (!UNTYPED_ARN_SERVICES.has(service)) {
    const typed = /^([a-z][a-z0-9-]*)([/:])(.*)$/.exec(resource);
    if (typed) {
      const [, type = '', separator = '/', rest = ''] = typed;
      const segments = rest.split(separator);
      name = (service === 'iam' && IAM_PATH_TYPES.has(type) ? segments.at(-1) : segments[0]) ?? '';
    } else {
      name = resource;
    }
  }
  return name !== '' && !hasWildcard(name);
}

/** Restrictive, as checks.md defines it: the condition pins the caller or source to fixed values. */
export function isRestrictive(condition: Condition): boolean {
  // IfExists passes when the key is absent; ForAllValues passes on an empty or absent key too.
  if (condition.ifExists || condition.set === 'forallvalues' || condition.values.length === 0) return false;
  if (condition.base === 'ipaddress' && condition.keyLower === 'aws:sourceip') {
    return condition.values.every((v) => !OPEN_NETWORKS.has(v.trim()) && !hasWildcard(v));
  }
  return (
    RESTRICTIVE_OPERATORS.has(condition.base) &&
    RESTRICTIVE_KEYS.has(condition.keyLower) &&
    condition.values.every((v) => isFixedValue(condition.keyLower, v))
  );
}

/** A would-be restrictive condition undone by a wildcard or variable value (not `IfExists`). */
export function isWildcardCondition(condition: Condition): boolean {
  return (
    !condition.ifExists &&
    condition.set !== 'forallvalues' &&
    RESTRICTIVE_OPERATORS.has(condition.base) &&
    RESTRICTIVE_KEYS.has(condition.keyLower) &&
    condition.values.some((v) => !isFixedValue(condition.keyLower, v))
  );
}

export function hasRestrictiveCondition(statement: Statement): boolean {
  return statement.conditions.some(isRestrictive);
}

/** A positive, always-evaluated test on a source key (its values may still be wildcards). */
export function isSourceCondition(condition: Condition): boolean {
  return (
    SOURCE_KEYS.has(condition.keyLower) &&
    RESTRICTIVE_OPERATORS.has(condition.base) &&
    !condition.ifExists &&
    condition.set !== 'forallvalues'
  );
}

/** Values of always-evaluated positive conditions on one key (e.g. every `aws:SourceArn`). */
export function conditionValues(statement: Statement, keyLower: string): string[] {
  return statement.conditions
    .filter((c) => c.keyLower === keyLower && RESTRICTIVE_OPERATORS.has(c.base) && !c.ifExists)
    .flatMap((c) => c.values);
}

/** Accounts named by the statement's restrictive conditions (source/principal account or ARN). */
export function conditionAccounts(statement: Statement): string[] {
  const accounts = statement.conditions.filter(isRestrictive).flatMap((c) => {
    if (ACCOUNT_KEYS.has(c.keyLower)) return c.values;
    if (ARN_KEYS.has(c.keyLower)) return c.values.map(accountIdOf).filter((a): a is string => a !== null);
    return [];
  });
  return [...new Set(accounts)];
}

/** Organisations named by restrictive org conditions (`aws:PrincipalOrgID`, org paths, ...). */
export function conditionOrgIds(statement: Statement): string[] {
  const orgs = statement.conditions.filter(isRestrictive).flatMap((c) => {
    if (ORG_ID_KEYS.has(c.keyLower)) return c.values;
    if (ORG_PATH_KEYS.has(c.keyLower)) return c.values.map((v) => v.split('/')[0] ?? '');
    return [];
  });
  return [...new Set(orgs)];
}

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

export function actionSetMatches(set: ActionSet, action: string): boolean {
  const listed = set.patterns.some((p) => globMatches(p, action));
  return set.not ? !listed : listed;
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

/** A stable fingerprint key: qualifier, Sid (or index) and principal. */
export function grantKey(grant: Grant): string {
  const { qualifier, sid, index } = grant.statement;
  return `${qualifier ?? '$unqualified'}|${sid ?? `#${index}`}|${grant.principal.value}`;
}

/** Evidence shared by the policy checks: the statement as a reader would want to see it. */
export function grantEvidence(grant: Grant): Record<string, unknown> {
  const { statement } = grant;
  return {
    qualifier: statement.qualifier,
    sid: statement.sid,
    principal: grant.principal.value,
    principalKind: grant.principal.kind,
    ...(statement.notActions === null
      ? { actions: statement.actions }
      : { notActions: statement.notActions }),
    conditions: statement.raw.Condition ?? {},
  };
}

/** A condition as evidence: operator, key and values as written. */
export function describeCondition(condition: Condition): { operator: string; key: string; values: string[] } {
  return { operator: condition.operator, key: condition.key, values: condition.values };
}

/** `alias 'live'`, `version '3'` or `the unqualified function`, for details. */
export function describeQualifier(qualifier: string | null): string {
  if (qualifier === null) return 'the unqualified function';
  return /^\d+$/.test(qualifier) ? `version '${qualifier}'` : `alias '${qualifier}'`;
}

/** `statement 'Sid' (alias 'live')` / `statement #2 (the unqualified function)`, for details. */
export function describeStatement(statement: Statement): string {
  const name = statement.sid ? `statement '${statement.sid}'` : `statement #${statement.index + 1}`;
  return `${name} of the policy of ${describeQualifier(statement.qualifier)}`;
}
