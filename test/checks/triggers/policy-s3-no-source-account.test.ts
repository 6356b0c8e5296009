import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { policyS3NoSourceAccount } from '../../../src/checks/triggers/policy-s3-no-source-account.js';
import type { PolicyStatement } from '../../../src/model.js';
import { FUNCTION_ARN, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { policyOf, S3_ARN_ONLY, S3_SCOPED, SNS_SCOPED } from './policies.js';

const { fires, silent, dataMissing } = checkCases(policyS3NoSourceAccount);

const run = (statements: PolicyStatement[], qualifier: string | null = null) =>
  runChecks(
    [policyS3NoSourceAccount],
    makeSnapshot({ policies: [policyOf(statements, qualifier)] }),
    makeContext(),
  );
const bucket = 'arn:aws:s3:::orders-uploads';

describe('policy-s3-no-source-account', () => {
  for (const [name, statement] of [
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
  ] as [string, PolicyStatement][])
    fires(`flags an S3 grant with ${name}`, () => {
      const findings = run([statement]);
      const [finding] = findings;
      expect(finding).toMatchObject({ check: 'policy-s3-no-source-account', severity: 'high' });
      expect(finding?.evidence.sourceArns).toEqual([bucket]);
      return findings;
    });

  it('names the alias', () => {
    expect(run([S3_ARN_ONLY], 'live')[0]?.resource).toBe(`${FUNCTION_ARN}:live`);
  });

  for (const [name, statement] of [
    ['the console’s bucket ARN plus SourceAccount', S3_SCOPED],
    ['no SourceArn at all (policy-service-no-source’s)', { ...S3_ARN_ONLY, Condition: undefined }],
    ['another service', SNS_SCOPED],
  ] as [string, PolicyStatement][])
    silent(`does not flag ${name}`, () => run([statement]));

  dataMissing('does not run when the policy could not be read', unread(makeSnapshot(), 'policies'));
});
