/**
 * What a condition means, as checks.md defines it: restrictive (pins the caller or the source to
 * fixed values), a wildcard that undoes one, a source condition for a service principal, and the
 * accounts and organisations the conditions name.
 */
import { type Arn, accountIdOf, parseArn } from '../../arn.js';
import { type Condition, hasWildcard, type Statement } from './statements.js';

/** Operators that compare the key with the listed values (equality or pattern). */
export const RESTRICTIVE_OPERATORS = new Set([
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
