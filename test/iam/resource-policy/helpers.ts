import { type Condition, normalizeConditions, policyGrants } from '../../../src/iam/resource-policy.js';
import type { ConditionBlock, PolicyStatement } from '../../../src/model.js';
import { policyOf } from '../../checks/triggers/policies.js';

/** The first condition of a Condition block, normalised. */
export function condition(block: ConditionBlock): Condition {
  const [first] = normalizeConditions(block);
  if (!first) throw new Error('no condition in block');
  return first;
}

/** The effective grants of a policy made of these statements. */
export function grantsOf(...statements: PolicyStatement[]) {
  return policyGrants(policyOf(statements));
}
