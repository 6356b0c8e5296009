/**
 * The candidate actions of a policy set answered without enumerating the catalog (by service and
 * access level, or one action at a time) must be exactly what filtering every candidate gives, in
 * the same order: the role checks read them instead of the whole list.
 */
import { describe, expect, it } from 'vitest';
import type { ActionFilter } from '../../src/iam/actions.js';
import { Candidates } from '../../src/iam/candidates.js';
import type { CatalogAction } from '../../src/iam/catalog.js';
import { normalisePolicy } from '../../src/iam/normalise.js';
import type { PolicyStatement } from '../../src/model.js';
import { MANAGED } from './fixtures/managed.js';

function candidates(statements: PolicyStatement[]): Candidates {
  const allows = normalisePolicy({ name: 'p', document: { Version: '2012-10-17', Statement: statements } });
  return new Candidates(allows.filter((s) => s.effect === 'Allow'));
}

const allow = (action: string[], more: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Effect: 'Allow',
  Action: action,
  Resource: '*',
  ...more,
});

const CASES: [string, PolicyStatement[]][] = [
  ['*', [allow(['*'])]],
  ['PowerUserAccess (NotAction plus named iam actions)', [MANAGED.PowerUserAccess.document.Statement].flat()],
  ['service wildcards and an unknown action', [allow(['s3:Get*', 'iam:Put*', 'lambda:NotARealAction'])]],
  ['a wildcard service prefix', [allow(['s3*:Get*']), allow(['sqs:SendMessage'])]],
  [
    'named actions before a NotAction',
    [
      allow(['sqs:SendMessage', 'iam:PassRole']),
      { Effect: 'Allow', NotAction: ['iam:*', 's3:*'], Resource: '*' },
    ],
  ],
];

const FILTERS: [string, ActionFilter][] = [
  ['Permissions management', { levels: ['Permissions management'] }],
  ['Write and Tagging outside s3', { levels: ['Write', 'Tagging'], service: (s) => s !== 's3' }],
  ['one service', { service: (s) => s === 'iam' }],
];

const ids = (actions: readonly CatalogAction[]) => actions.map((a) => a.id);

describe('candidate actions', () => {
  it.each(CASES)('%s: a filtered question equals filtering every candidate, in order', (_, statements) => {
    const all = candidates(statements).all();
    for (const [, filter] of FILTERS) {
      const expected = all.filter(
        (a) =>
          (!filter.service || filter.service(a.service)) &&
          (!filter.levels || filter.levels.includes(a.level)),
      );
      expect(ids(candidates(statements).where(filter))).toEqual(ids(expected));
    }
  });

  it.each(CASES)('%s: services in the order the candidates meet them', (_, statements) => {
    const all = candidates(statements).all();
    expect(candidates(statements).serviceList()).toEqual([...new Set(all.map((a) => a.service))]);
  });

  it.each(CASES)('%s: "some candidate of the service" agrees with the full list', (_, statements) => {
    const all = candidates(statements).all();
    const fresh = candidates(statements);
    const writes = (a: CatalogAction) => a.level === 'Write';
    for (const service of ['iam', 's3', 'sqs', 'lambda', 'ec2', 's3-object-lambda']) {
      expect([service, fresh.some(service, writes)]).toEqual([
        service,
        all.some((a) => a.service === service && writes(a)),
      ]);
    }
  });
});
