/**
 * Who may assume the role, read from its trust policy with checks.md's principal rules: `"X"`
 * means `{"AWS": ["X"]}` unless X is `*`; `*`, `{"AWS": "*"}`, `arn:aws:iam::*:root` and
 * `{"CanonicalUser": "*"}` are public; any `Service` value is a service principal.
 */
import { accountIdOf } from '../arn.js';
import type { PolicyDocument, PolicyStatement } from '../model.js';
import { globMatch } from './glob.js';
import { type NormalCondition, normaliseConditions, type StatementRef } from './normalise.js';

export type PrincipalKind = 'public' | 'service' | 'account' | 'federated';

export interface TrustedPrincipal {
  kind: PrincipalKind;
  /** As written: `lambda.amazonaws.com`, `arn:aws:iam::111122223333:root`, `*`. */
  value: string;
  /** For account principals: the 12-digit account. */
  account?: string;
  ref: StatementRef;
  conditions: readonly NormalCondition[];
}

/** Services that run Lambda functions and legitimately assume execution roles. */
export const LAMBDA_SERVICE_PRINCIPALS: ReadonlySet<string> = new Set([
  'lambda.amazonaws.com',
  // Lambda@Edge replicas assume the role through this principal.
  'edgelambda.amazonaws.com',
]);

function isAssume(statement: PolicyStatement): boolean {
  const actions = statement.Action === undefined ? [] : [statement.Action].flat();
  if (statement.NotAction !== undefined) return true;
  return actions.some((a) => globMatch(a.toLowerCase(), 'sts:assumerole') || /^sts:assumerolewith/i.test(a));
}

function classify(type: string, value: string): { kind: PrincipalKind; account?: string } {
  if (type === 'service') return { kind: 'service' };
  if (type === 'federated') return { kind: 'federated' };
  if (value === '*' || /^arn:[^:]+:iam::\*:root$/.test(value)) return { kind: 'public' };
  const account = accountIdOf(value);
  return account ? { kind: 'account', account } : { kind: 'public' };
}

/** Every principal an Allow statement of the trust policy lets assume the role. */
export function trustedPrincipals(doc: PolicyDocument): TrustedPrincipal[] {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const out: TrustedPrincipal[] = [];
  statements.forEach((statement, index) => {
    if (statement.Effect !== 'Allow' || !isAssume(statement)) return;
    const ref: StatementRef = {
      policy: 'trust policy',
      index,
      ...(statement.Sid ? { sid: statement.Sid } : {}),
    };
    const conditions = normaliseConditions(statement.Condition);
    // NotPrincipal with Allow trusts everyone but the few it names.
    if (statement.NotPrincipal !== undefined || statement.Principal === '*') {
      out.push({ kind: 'public', value: '*', ref, conditions });
      return;
    }
    for (const [type, raw] of Object.entries(statement.Principal ?? {})) {
      for (const value of [raw].flat()) {
        const { kind, account } = classify(type.toLowerCase(), value);
        out.push({ kind, value, ref, conditions, ...(account ? { account } : {}) });
      }
    }
  });
  return out;
}

const FIXING_OPERATORS = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
]);

/** Values of a condition key under an operator that fixes it (not IfExists, no `*` or `${}`). */
export function fixedConditionValues(conditions: readonly NormalCondition[], key: string): string[] | null {
  const hits = conditions.filter((c) => c.key === key && !c.ifExists && FIXING_OPERATORS.has(c.operator));
  if (hits.length === 0) return null;
  const values = hits.flatMap((c) => c.values);
  return values.some((v) => v === '*' || v.includes('${')) ? null : values;
}
