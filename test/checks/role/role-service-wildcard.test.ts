import { describe, expect, it } from 'vitest';
import { roleServiceWildcard } from '../../../src/checks/role/role-service-wildcard.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, inline, withPolicies } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleServiceWildcard);

describe('role-service-wildcard', () => {
  fires(
    's3:*, naming the services',
    () => run(roleServiceWildcard, withPolicies([attach(MANAGED.AmazonS3FullAccess)])),
    ([finding]) => expect(finding?.evidence.services).toEqual(['s3', 's3-object-lambda']),
  );

  it('reports * as every service', () => {
    const [finding] = run(roleServiceWildcard, withPolicies([attach(MANAGED.AdministratorAccess)]));
    expect(finding?.evidence.services).toEqual(['*']);
  });

  // checks.md: role-service-wildcard is about the Action element. `s3:*` is written, so it fires
  // whatever a Deny later takes away (the Deny may be removed; the wildcard stays).
  it('judges the Action element, not what a Deny leaves', () => {
    const snapshot = withPolicies(
      [attach(MANAGED.AmazonS3FullAccess)],
      [inline('d', [{ Effect: 'Deny', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }])],
    );
    expect(run(roleServiceWildcard, snapshot)[0]?.evidence.services).toEqual(['s3', 's3-object-lambda']);
  });

  it('fires on s3:* whatever the resource, even one it cannot apply to', () => {
    const snapshot = withPolicies(
      [],
      [inline('p', [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:dynamodb:*:*:table/t' }])],
    );
    expect(run(roleServiceWildcard, snapshot)[0]?.evidence.services).toEqual(['s3']);
  });

  silent('does not flag listed actions', () =>
    run(roleServiceWildcard, withPolicies([attach(MANAGED.AWSLambdaBasicExecutionRole)])),
  );

  dataMissing('the role could not be read', roleUnread());
});
