/**
 * Reading a resource policy's statements: lists everywhere, principals classified as checks.md
 * says (public, service, account), conditions flattened with their operators reduced for
 * comparison. Pure functions over `model.ts` data.
 */
import { accountIdOf, parseArn } from '../../arn.js';
import type { ConditionBlock, PolicyStatement, ResourcePolicy } from '../../model.js';

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

export const hasWildcard = (value: string): boolean => /[*?]/.test(value);

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

/** Whether the set names `action`: one of its patterns matches it, or (NotAction) none does. */
export function actionSetMatches(set: ActionSet, action: string): boolean {
  const listed = set.patterns.some((p) => globMatches(p, action));
  return set.not ? !listed : listed;
}
