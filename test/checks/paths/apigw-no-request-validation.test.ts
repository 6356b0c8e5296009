import { describe, expect, it } from 'vitest';
import { apigwNoRequestValidation } from '../../../src/checks/paths/apigw-no-request-validation.js';
import { apiArn, method, REST_ID, restApi } from '../../fixtures/apis.js';
import { checkCases } from '../cases.js';
import { API_UNREAD, POLICY_UNREAD, runOnPaths, withApi } from './context.js';

const { fires, silent, dataMissing } = checkCases(apigwNoRequestValidation);

describe('apigw-no-request-validation', () => {
  it('flags a body-taking method without a validator, at medium on an open path (GET is left alone)', () => {
    expect(runOnPaths([apigwNoRequestValidation], withApi())).toEqual([
      expect.objectContaining({ severity: 'medium', resource: `${apiArn(REST_ID)}/*/POST/orders` }),
    ]);
  });

  for (const [name, m, severity] of [
    ['an authenticated path', method('PUT', { authorizationType: 'COGNITO_USER_POOLS' }), 'low'],
    [
      'a validator that checks only parameters',
      method('PATCH', { authorizationType: 'AWS_IAM', requestValidatorId: 'val-params' }),
      'low',
    ],
    ['ANY', method('ANY', { authorizationType: 'CUSTOM' }), 'low'],
  ] as const)
    fires(`flags ${name} at ${name}`, () => {
      const findings = runOnPaths([apigwNoRequestValidation], withApi(restApi({}, [m])));
      expect(findings).toEqual([expect.objectContaining({ severity })]);
      return findings;
    });

  silent('does not flag a method whose validator validates the body', () => {
    const validated = restApi({}, [method('POST', { requestValidatorId: 'val-body' })]);
    return runOnPaths([apigwNoRequestValidation], withApi(validated));
  });

  dataMissing('yields nothing when the API could not be read', API_UNREAD);

  dataMissing('yields nothing when the function policy could not be read', POLICY_UNREAD);
});
