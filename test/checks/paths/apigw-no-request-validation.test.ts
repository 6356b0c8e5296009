import { describe, expect, it } from 'vitest';
import { apigwNoRequestValidation } from '../../../src/checks/paths/apigw-no-request-validation.js';
import { apiArn, method, REST_ID, restApi } from '../../fixtures/apis.js';
import { DENIED_API, POLICY_UNREAD, runOnPaths, withApi } from './context.js';

describe('apigw-no-request-validation', () => {
  it('flags a body-taking method without a validator, at medium on an open path (GET is left alone)', () => {
    expect(runOnPaths([apigwNoRequestValidation], withApi())).toEqual([
      expect.objectContaining({ severity: 'medium', resource: `${apiArn(REST_ID)}/*/POST/orders` }),
    ]);
  });

  it.each([
    ['an authenticated path', method('PUT', { authorizationType: 'COGNITO_USER_POOLS' }), 'low'],
    [
      'a validator that checks only parameters',
      method('PATCH', { authorizationType: 'AWS_IAM', requestValidatorId: 'val-params' }),
      'low',
    ],
    ['ANY', method('ANY', { authorizationType: 'CUSTOM' }), 'low'],
  ])('flags %s at %s', (_label, m, severity) => {
    expect(runOnPaths([apigwNoRequestValidation], withApi(restApi({}, [m])))).toEqual([
      expect.objectContaining({ severity }),
    ]);
  });

  it('does not flag a method whose validator validates the body', () => {
    const validated = restApi({}, [method('POST', { requestValidatorId: 'val-body' })]);
    expect(runOnPaths([apigwNoRequestValidation], withApi(validated))).toEqual([]);
  });

  it('yields nothing when the API could not be read', () => {
    expect(runOnPaths([apigwNoRequestValidation], withApi(DENIED_API))).toEqual([]);
  });

  it('yields nothing when the function policy could not be read', () => {
    expect(runOnPaths([apigwNoRequestValidation], POLICY_UNREAD)).toEqual([]);
  });
});
