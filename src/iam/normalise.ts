/**
 * Identity-policy documents in one shape: lists everywhere, actions lower-cased (IAM compares them
 * case-insensitively), condition operators and keys lower-cased with their set and IfExists
 * modifiers split off (checks.md, "Policy semantics"), and every statement tagged with where it
 * came from so findings can name the policy and Sid that grant a permission.
 */
import type { PolicyDocument, PolicyStatement } from '../model.js';

/** Where a statement lives: the policy's name (and ARN for managed ones) and its Sid or index. */
export interface StatementRef {
  policy: string;
  policyArn?: string;
  sid?: string;
  /** Position in the policy's Statement list, from 0. */
  index: number;
}

export interface NormalCondition {
  /** Base operator, lower case, without `ForAnyValue:`/`ForAllValues:` or `IfExists`. */
  operator: string;
  /** `...IfExists` never restricts: the key may be absent. */
  ifExists: boolean;
  /** Lower-case key, e.g. `iam:passedtoservice`. */
  key: string;
  values: string[];
}

export interface NormalStatement {
  ref: StatementRef;
  effect: 'Allow' | 'Deny';
  /** True for `NotAction`: the statement applies to every action its patterns do not match. */
  notAction: boolean;
  /** Lower-case action patterns. */
  actions: string[];
  /** True for `NotResource`. */
  notResource: boolean;
  /** Resource patterns, case preserved (ARNs are case-sensitive). */
  resources: string[];
  conditions: NormalCondition[];
  /** The statement as written, for carrying it over verbatim (the proposal copies Denies). */
  raw: PolicyStatement;
}

/** A policy and the name findings use for it. */
export interface SourcedPolicy {
  name: string;
  /** Managed policies only. */
  arn?: string;
  document: PolicyDocument;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Splits `ForAnyValue:StringLikeIfExists` into base operator and modifiers. */
export function normaliseConditions(block: PolicyStatement['Condition']): NormalCondition[] {
  const out: NormalCondition[] = [];
  for (const [rawOperator, entries] of Object.entries(block ?? {})) {
    let operator = rawOperator.toLowerCase().replace(/^for(anyvalue|allvalues):/, '');
    const ifExists = operator.endsWith('ifexists');
    if (ifExists) operator = operator.slice(0, -'ifexists'.length);
    for (const [key, value] of Object.entries(entries)) {
      const values = (Array.isArray(value) ? value : [value]).map(String);
      out.push({ operator, ifExists, key: key.toLowerCase(), values });
    }
  }
  return out;
}

/** One statement, normalised. A statement without Action/NotAction or Resource grants nothing. */
export function normaliseStatement(statement: PolicyStatement, ref: StatementRef): NormalStatement {
  const notAction = statement.Action === undefined && statement.NotAction !== undefined;
  const notResource = statement.Resource === undefined && statement.NotResource !== undefined;
  return {
    ref,
    effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
    notAction,
    actions: list(notAction ? statement.NotAction : statement.Action).map((a) => a.toLowerCase()),
    notResource,
    resources: list(notResource ? statement.NotResource : statement.Resource),
    conditions: normaliseConditions(statement.Condition),
    raw: statement,
  };
}

/** Every statement of one policy, tagged with its source. */
export function normalisePolicy(policy: SourcedPolicy): NormalStatement[] {
  const statements = Array.isArray(policy.document.Statement)
    ? policy.document.Statement
    : [policy.document.Statement];
  return statements.map((statement, index) =>
    normaliseStatement(statement, {
      policy: policy.name,
      ...(policy.arn ? { policyArn: policy.arn } : {}),
      ...(statement.Sid ? { sid: statement.Sid } : {}),
      index,
    }),
  );
}

/** "AdministratorAccess statement 0", "orders-inline statement AllowS3": how evidence names a statement. */
export function describeRef(ref: StatementRef): string {
  return `${ref.policy} statement ${ref.sid ?? ref.index}`;
}
