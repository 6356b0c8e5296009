import { describe, expect } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { policyServiceNoSource } from '../../../src/checks/triggers/policy-service-no-source.js';
import type { PolicyStatement } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import {
  ALB_SCOPED,
  ALEXA_ANY,
  ALEXA_SKILL,
  APIGW_SCOPED,
  APIGW_WILDCARD,
  EVENTS_SCOPED,
  LOGS_SCOPED,
  policyOf,
  S3_ARN_ONLY,
  S3_SCOPED,
  SNS_NO_SOURCE,
  SNS_SCOPED,
} from './policies.js';

const { fires, silent, dataMissing } = checkCases(policyServiceNoSource);

const run = (statements: PolicyStatement[]) =>
  runChecks([policyServiceNoSource], makeSnapshot({ policies: [policyOf(statements)] }), makeContext());
const noSource = (service: string): PolicyStatement => ({
  ...SNS_NO_SOURCE,
  Sid: `${service}-any`,
  Principal: { Service: service },
});

describe('policy-service-no-source', () => {
  for (const [name, statement] of [
    ['sns.amazonaws.com', SNS_NO_SOURCE],
    ['s3.amazonaws.com', noSource('s3.amazonaws.com')],
    ['events.amazonaws.com', noSource('events.amazonaws.com')],
    ['apigateway.amazonaws.com', noSource('apigateway.amazonaws.com')],
    ['elasticloadbalancing.amazonaws.com', noSource('elasticloadbalancing.amazonaws.com')],
    ['alexa-appkit.amazon.com without an EventSourceToken', ALEXA_ANY],
    [
      'a source condition that only applies IfExists',
      {
        ...SNS_SCOPED,
        Condition: {
          ArnLikeIfExists: { 'AWS:SourceArn': 'arn:aws:sns:eu-central-1:123456789012:orders-topic' },
        },
      },
    ],
    [
      'a condition on an unrelated key',
      { ...SNS_NO_SOURCE, Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-central-1' } } },
    ],
  ] as [string, PolicyStatement][])
    fires(`flags ${name}`, () => {
      const findings = run([statement]);
      const [finding] = findings;
      expect(finding).toMatchObject({ check: 'policy-service-no-source', severity: 'high' });
      expect(finding?.evidence).toMatchObject({ sid: statement.Sid, principalKind: 'service' });
      return findings;
    });

  for (const [name, statement] of [
    ['S3 with bucket ARN and account', S3_SCOPED],
    ['S3 with bucket ARN only (policy-s3-no-source-account’s)', S3_ARN_ONLY],
    ['SNS with topic ARN', SNS_SCOPED],
    ['EventBridge with rule ARN', EVENTS_SCOPED],
    ['API Gateway with route ARN', APIGW_SCOPED],
    ['API Gateway with a wildcard ARN (policy-wildcard-condition’s)', APIGW_WILDCARD],
    ['ALB with target group ARN', ALB_SCOPED],
    ['CloudWatch Logs with log group ARN', LOGS_SCOPED],
    ['Alexa with its skill id', ALEXA_SKILL],
    [
      'SourceAccount alone, upper-cased',
      { ...SNS_NO_SOURCE, Condition: { StringEquals: { 'AWS:SourceAccount': '123456789012' } } },
    ],
    ['SourceOwner', { ...SNS_NO_SOURCE, Condition: { StringEquals: { 'aws:SourceOwner': '123456789012' } } }],
    ['Secrets Manager rotation', noSource('secretsmanager.amazonaws.com')],
    ['EKS', noSource('eks.amazonaws.com')],
    ['a service granted only GetFunction', { ...SNS_NO_SOURCE, Action: 'lambda:GetFunction' }],
  ] as [string, PolicyStatement][])
    silent(`does not flag ${name}`, () => run([statement]));

  dataMissing('does not run when the policy could not be read', unread(makeSnapshot(), 'policies'));
});
