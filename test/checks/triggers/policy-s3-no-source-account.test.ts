import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { policyS3NoSourceAccount } from '../../../src/checks/triggers/policy-s3-no-source-account.js';
import type { PolicyStatement } from '../../../src/model.js';
import { FUNCTION_ARN, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { policyOf, S3_ARN_ONLY, S3_SCOPED, SNS_SCOPED } from './policies.js';

const run = (statements: PolicyStatement[], qualifier: string | null = null) =>
  runChecks(
    [policyS3NoSourceAccount],
    makeSnapshot({ policies: [policyOf(statements, qualifier)] }),
    makeContext(),
  );
const bucket = 'arn:aws:s3:::orders-uploads';

describe('policy-s3-no-source-account', () => {
  it.each<[string, PolicyStatement]>([
    ['a bucket ARN alone', S3_ARN_ONLY],
    ['lower-cased keys', { ...S3_ARN_ONLY, Condition: { arnlike: { 'aws:sourcearn': bucket } } }],
    [
      'SourceAccount only IfExists',
      {
        ...S3_ARN_ONLY,
        Condition: {
          ArnLike: { 'AWS:SourceArn': bucket },
          StringEqualsIfExists: { 'AWS:SourceAccount': '123456789012' },
        },
      },
    ],
    [
      'SourceAccount as a wildcard',
      {
        ...S3_ARN_ONLY,
        Condition: { ArnLike: { 'AWS:SourceArn': bucket }, StringLike: { 'AWS:SourceAccount': '*' } },
      },
    ],
  ])('flags an S3 grant with %s', (_name, statement) => {
    const [finding] = run([statement]);
    expect(finding).toMatchObject({ check: 'policy-s3-no-source-account', severity: 'high' });
    expect(finding?.evidence.sourceArns).toEqual([bucket]);
  });

  it('names the alias', () => {
    expect(run([S3_ARN_ONLY], 'live')[0]?.resource).toBe(`${FUNCTION_ARN}:live`);
  });

  it.each<[string, PolicyStatement]>([
    ['the console’s bucket ARN plus SourceAccount', S3_SCOPED],
    ['no SourceArn at all (policy-service-no-source’s)', { ...S3_ARN_ONLY, Condition: undefined }],
    ['another service', SNS_SCOPED],
  ])('does not flag %s', (_name, statement) => {
    expect(run([statement])).toEqual([]);
  });

  it('does not run when the policy could not be read', () => {
    expect(runChecks([policyS3NoSourceAccount], makeSnapshot({ policies: null }), makeContext())).toEqual([]);
  });
});
