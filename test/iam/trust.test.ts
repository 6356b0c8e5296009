import { describe, expect, it } from 'vitest';
import { trustedPrincipals } from '../../src/iam/trust.js';
import type { PolicyStatement } from '../../src/model.js';

const doc = (...Statement: PolicyStatement[]) => ({ Version: '2012-10-17', Statement });

describe('trust policy principals', () => {
  it.each([
    [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, 'public'],
    [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::*:root' }, Action: 'sts:AssumeRole' }, 'public'],
    [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }, 'account'],
    [
      { Effect: 'Allow', Principal: { Service: 'alexa-appkit.amazon.com' }, Action: 'sts:AssumeRole' },
      'service',
    ],
    [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      },
      'federated',
    ],
    [{ Effect: 'Allow', NotPrincipal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }, 'public'],
  ] as [PolicyStatement, string][])('%j is %s', (statement, kind) => {
    expect(trustedPrincipals(doc(statement)).map((p) => p.kind)).toEqual([kind]);
  });

  it('ignores Deny statements and non-assume actions', () => {
    expect(
      trustedPrincipals(
        doc(
          { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' },
          { Effect: 'Allow', Principal: '*', Action: 'sts:TagSession' },
        ),
      ),
    ).toEqual([]);
  });
});
