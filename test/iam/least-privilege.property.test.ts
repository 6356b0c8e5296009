/**
 * PROPERTY: the proposed policy never grants anything the current policies do not. Checked over a
 * seeded corpus of random roles (policies with wildcards, NotAction, NotResource, scoped and
 * conditional Denies, PassRole conditions, policy variables (`${aws:username}`, which a role
 * session lacks, and a principal tag); random last-accessed data and function needs) with an
 * independent reference evaluator, on concrete resources drawn from the proposal's own patterns
 * and from a shared pool, under several request contexts.
 */
import { describe, expect, it } from 'vitest';
import { ESCALATION_ACTIONS } from '../../src/iam/escalation.js';
import { proposeLeastPrivilege } from '../../src/iam/least-privilege.js';
import { rolePolicies } from '../../src/iam/role-permissions.js';
import type { PolicyStatement } from '../../src/model.js';
import { generateCase, mulberry32, type Random, RESOURCES, VARIABLES } from './fixtures/generator.js';
import { type RequestContext, referenceAllows } from './fixtures/reference-eval.js';

const CASES = Number(process.env.PROPERTY_CASES ?? 1_000);
const NOW = new Date('2026-11-24T09:00:00Z');
const FILLERS = ['', 'x', 'prod/a.json', 'a:b', 'orders', 'reports-bucket/incoming/k'];
const CONTEXTS: RequestContext[] = [
  { keys: {}, variables: VARIABLES },
  {
    keys: { 'iam:passedtoservice': 'lambda.amazonaws.com', 'aws:requestedregion': 'eu-central-1' },
    variables: VARIABLES,
  },
  {
    keys: { 'iam:passedtoservice': 'ec2.amazonaws.com', 'aws:requestedregion': 'us-east-1' },
    variables: VARIABLES,
  },
  { keys: { 'iam:passedtoservice': 'glue.amazonaws.com' }, variables: VARIABLES },
];

/** A concrete resource from a pattern: variables take the session's value (or any text), `*` a filler. */
function instantiate(rnd: Random, pattern: string): string {
  return pattern
    .replace(/\$\{([^}]*)\}/g, (_, key: string) => VARIABLES[key.toLowerCase()] ?? 'someone')
    .replace(/\*/g, () => FILLERS[Math.floor(rnd() * FILLERS.length)]!)
    .replace(/\?/g, 'q');
}

function sample<T>(rnd: Random, items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, () => items[Math.floor(rnd() * items.length)]!);
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('least-privilege proposal never widens', () => {
  it(`holds over ${CASES} generated roles`, () => {
    const rnd = mulberry32(20261124);
    let checked = 0;
    for (let n = 0; n < CASES; n++) {
      const { role, needs } = generateCase(rnd);
      const current = rolePolicies(role).flatMap((p) => [p.document.Statement].flat());
      const proposal = proposeLeastPrivilege(role, { now: NOW, needs });
      const proposed = [proposal.policy.Statement].flat() as PolicyStatement[];
      for (const s of proposed.filter((x) => x.Effect === 'Allow')) {
        const actions = list(s.Action);
        // Explicit actions only: no `service:*`, no NotAction.
        expect(s.NotAction).toBeUndefined();
        expect(actions.every((a) => !a.includes('*'))).toBe(true);
        // Large proposals (untracked services of a `*` role) are sampled, not walked whole.
        const samples = s.NotResource ? sample(rnd, RESOURCES, 6) : list(s.Resource);
        for (const action of sample(rnd, actions, 40)) {
          for (const pattern of samples) {
            for (let k = 0; k < 2; k++) {
              const resource = instantiate(rnd, pattern);
              for (const ctx of sample(rnd, CONTEXTS, 2)) {
                if (!referenceAllows(proposed, action, resource, ctx)) continue;
                checked++;
                if (!referenceAllows(current, action, resource, ctx)) {
                  throw new Error(
                    `case ${n}: proposal allows ${action} on ${resource} with ${JSON.stringify(ctx.keys)}\n` +
                      `current: ${JSON.stringify(current)}\nproposal: ${JSON.stringify(proposed)}`,
                  );
                }
              }
            }
          }
        }
      }
      // Escalation actions and PassRole are kept only when IAM saw them used.
      for (const kept of proposal.kept) {
        const id = kept.action.toLowerCase();
        if (id === 'iam:passrole' || ESCALATION_ACTIONS.has(id)) expect(kept.reason).toBe('used');
      }
    }
    expect(checked).toBeGreaterThan(CASES * 5);
  }, 180_000);
});
