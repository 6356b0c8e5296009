/**
 * Who a resource-policy grant admits, as a path's `reach` and `auth` (checks.md, "Invocation
 * paths"). The same rules serve the function's own policy and, later, the policies of its
 * sources (topics, queues, buses, buckets): a public principal without a restrictive condition
 * is `public`; restrictive conditions all apply at once, so the narrowest of them wins.
 */
import { accountIdOf } from '../arn.js';
import { type Condition, type Grant, isRestrictive } from '../iam/resource-policy.js';
import type { PathAuth, Reach } from '../model.js';

/** Accounts and organisations that are not foreign (the audited account is among the accounts). */
export interface Trust {
  trustedAccountIds: readonly string[];
  trustedOrgIds: readonly string[];
}

export interface GrantReach {
  reach: Reach;
  auth: PathAuth | null;
  why: string;
}

/** Narrowest first: with several restrictive conditions, the caller must meet them all. */
const NARROWNESS: readonly Reach[] = ['none', 'network', 'account', 'organization', 'accounts', 'public'];

const NETWORK_KEYS = new Set(['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce']);
const ORG_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
]);
const ACCOUNT_KEYS = new Set(['aws:sourceaccount', 'aws:sourceowner', 'aws:principalaccount']);
const ARN_KEYS = new Set(['aws:sourcearn', 'aws:principalarn']);

/** Reach for a set of account ids: `account` when all are trusted, else `accounts`. */
function accountsReach(accounts: readonly string[], trust: Trust): Reach {
  return accounts.every((a) => trust.trustedAccountIds.includes(a)) ? 'account' : 'accounts';
}

/**
 * What one restrictive condition confines the caller to; null when it names something we
 * cannot place (a bucket ARN with no account, an event source token): the grant is then as
 * wide as its source, which the function's side cannot tell.
 */
function conditionReach(condition: Condition, trust: Trust): Reach | null {
  const key = condition.keyLower;
  if (NETWORK_KEYS.has(key)) return 'network';
  if (ORG_KEYS.has(key)) return 'organization';
  if (ACCOUNT_KEYS.has(key)) return accountsReach(condition.values, trust);
  if (ARN_KEYS.has(key)) {
    const accounts = condition.values.map(accountIdOf);
    if (accounts.some((a) => a === null)) return null;
    return accountsReach(accounts as string[], trust);
  }
  return null;
}

/** Narrow to wide as the exposure ranks them: unknown sits above every private reach. */
const WIDTH: readonly Reach[] = [
  'none',
  'network',
  'account',
  'unknown',
  'organization',
  'accounts',
  'public',
];

/** The wider of two reaches. */
export function widerReach(a: Reach, b: Reach): Reach {
  return WIDTH.indexOf(a) >= WIDTH.indexOf(b) ? a : b;
}

function narrowest(reaches: readonly Reach[]): Reach {
  return reaches.reduce((a, b) => (NARROWNESS.indexOf(a) <= NARROWNESS.indexOf(b) ? a : b));
}

const WHY: Record<Reach, string> = {
  public: 'granted to everyone, with no restrictive condition',
  accounts: 'granted to accounts outside the trusted ones',
  organization: 'limited to an organisation',
  account: 'limited to the audited or trusted accounts',
  network: 'limited to a network (VPC, VPC endpoint or IP range)',
  none: 'nobody outside AWS',
  unknown: 'limited to a source the function’s policy alone cannot place',
};

/**
 * The reach of a grant to a public or account principal (a service principal's reach is its
 * source's). `auth`: `none` for the public (also when held to a network), `iam` for accounts
 * and organisations, null when the reach is unknown.
 */
export function grantReach(grant: Grant, trust: Trust): GrantReach {
  const { principal, statement } = grant;
  const restrictive = statement.conditions.filter(isRestrictive);
  const base: Reach =
    principal.kind === 'public'
      ? 'public'
      : principal.kind === 'account' && principal.accountId !== null
        ? accountsReach([principal.accountId], trust)
        : 'unknown';
  const placed = restrictive.map((c) => conditionReach(c, trust));
  const known = placed.filter((r): r is Reach => r !== null);
  let reach: Reach = base;
  if (base !== 'unknown' && known.length > 0) reach = narrowest([base, ...known]);
  // Only conditions we cannot place: a public grant is then as wide as the thing they name,
  // which is unknown here (never public, never private).
  else if (base === 'public' && placed.length > 0) reach = 'unknown';
  const auth: PathAuth | null =
    reach === 'unknown'
      ? null
      : principal.kind === 'public' && (reach === 'public' || reach === 'network')
        ? 'none'
        : 'iam';
  return { reach, auth, why: WHY[reach] };
}
