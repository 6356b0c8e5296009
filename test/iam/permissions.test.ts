import { describe, expect, it } from 'vitest';
import type { SourcedPolicy } from '../../src/iam/normalise.js';
import { normalisePolicy } from '../../src/iam/normalise.js';
import { Permissions } from '../../src/iam/permissions.js';
import type { PolicyStatement } from '../../src/model.js';

const ctx = { partition: 'aws', accountId: '123456789012' };
function perms(...statements: PolicyStatement[]): Permissions {
  const policy: SourcedPolicy = { name: 'p', document: { Version: '2012-10-17', Statement: statements } };
  return new Permissions(normalisePolicy(policy), ctx);
}

describe('effective permissions', () => {
  it('drops resources an action cannot apply to', () => {
    const p = perms({
      Effect: 'Allow',
      Action: ['s3:GetObject', 'dynamodb:GetItem'],
      Resource: 'arn:aws:s3:::b/*',
    });
    expect(p.isAllowed('s3:GetObject')).toBe(true);
    expect(p.isAllowed('dynamodb:GetItem')).toBe(false);
  });

  it('grants actions without resource types only on *', () => {
    expect(
      perms({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::*' }).isAllowed(
        's3:ListAllMyBuckets',
      ),
    ).toBe(false);
    expect(
      perms({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }).isAllowed(
        's3:ListAllMyBuckets',
      ),
    ).toBe(true);
  });

  it('subtracts an unconditional Deny only where its resource covers the Allow', () => {
    const p = perms(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'] },
      { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::a/*' },
    );
    expect(p.grants('s3:GetObject')[0]!.scope.patterns).toEqual(['arn:aws:s3:::b/*']);
  });

  it('keeps an Allow on * when the Deny is narrower', () => {
    const p = perms(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::secret/*' },
    );
    expect(p.grantsOnAll('s3:GetObject')).toHaveLength(1);
    expect(p.evaluate('s3:GetObject', 'arn:aws:s3:::secret/k')).toBe('denied');
    expect(p.evaluate('s3:GetObject', 'arn:aws:s3:::open/k')).toBe('allowed');
  });

  it('treats a NotResource Deny as covering what it does not exclude', () => {
    const p = perms(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'] },
      { Effect: 'Deny', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b/*' },
    );
    expect(p.grants('s3:GetObject')[0]!.scope.patterns).toEqual(['arn:aws:s3:::b/*']);
  });

  it('never subtracts a conditional Deny, and reports it', () => {
    const p = perms(
      { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' },
      {
        Effect: 'Deny',
        Action: 'iam:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    );
    expect(p.isAllowed('iam:PutRolePolicy')).toBe(true);
    expect(p.conditionalDenies('iam:PutRolePolicy')).toHaveLength(1);
  });

  it('reads iam:PassedToService on PassRole grants', () => {
    const p = perms({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: '*',
      Condition: { 'ForAnyValue:StringEquals': { 'IAM:PassedToService': ['lambda.amazonaws.com'] } },
    });
    expect(p.grants('iam:PassRole')[0]!.passTo).toEqual({ kind: 'only', services: ['lambda.amazonaws.com'] });
  });

  it('ignores an IfExists PassedToService condition (never restrictive)', () => {
    const p = perms({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: '*',
      Condition: { StringEqualsIfExists: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    });
    expect(p.grants('iam:PassRole')[0]!.passTo).toEqual({ kind: 'any' });
  });

  it('judges "on *" per resource type', () => {
    const p = perms(
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' },
      {
        Effect: 'Allow',
        Action: 'lambda:UpdateFunctionCode',
        Resource: 'arn:aws:lambda:eu-central-1:123456789012:function:*',
      },
      { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::123456789012:policy/*' },
    );
    expect(p.grantsOnAll('iam:PassRole')).toHaveLength(1);
    expect(p.grantsOnAll('iam:CreatePolicyVersion')).toHaveLength(1);
    // Pinned to one region: scoped, not "on *".
    expect(p.grantsOnAll('lambda:UpdateFunctionCode')).toHaveLength(0);
  });

  it('treats NotResource as on *', () => {
    const p = perms({ Effect: 'Allow', Action: 'kms:Decrypt', NotResource: 'arn:aws:kms:*:*:key/secret' });
    expect(p.grantsOnAll('kms:Decrypt')).toHaveLength(1);
  });

  it('grants nothing for NotResource: *', () => {
    expect(perms({ Effect: 'Allow', Action: 'kms:Decrypt', NotResource: '*' }).isAllowed('kms:Decrypt')).toBe(
      false,
    );
  });
});
