/** How a grant, a condition and a statement are shown in a finding's evidence and details. */
import type { Grant } from './grants.js';
import type { Condition, Statement } from './statements.js';

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
