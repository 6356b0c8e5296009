import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { asyncNoFailureDest } from '../../../src/checks/resilience/async-no-failure-dest.js';
import type { EventInvokeConfig, FunctionSnapshot, Trigger } from '../../../src/model.js';
import { ACCOUNT, FUNCTION_ARN, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { checkCases, gap } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(asyncNoFailureDest);

function noDlq(eventInvokeConfigs: EventInvokeConfig[] | null = []): FunctionSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({
    configuration: { ...base.configuration, DeadLetterConfig: undefined },
    eventInvokeConfigs,
  });
}

const s3: Trigger = { kind: 's3', source: 'arn:aws:s3:::orders-uploads', async: true, conditions: {} };
const sns: Trigger = {
  kind: 'sns',
  source: `arn:aws:sns:${REGION}:${ACCOUNT}:orders`,
  async: true,
  conditions: {},
};
const api: Trigger = {
  kind: 'apigateway',
  source: `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/*`,
  async: false,
  conditions: {},
};
const onFailure = (Destination: string, FunctionArn = FUNCTION_ARN): EventInvokeConfig => ({
  FunctionArn,
  DestinationConfig: { OnFailure: { Destination } },
});

describe('async-no-failure-dest', () => {
  it.each<[string, Trigger[], number]>([
    ['an S3 notification', [s3], 1],
    ['S3 and SNS', [s3, sns, api], 2],
  ])('flags %s with nowhere for failed events to go, at medium', (_label, triggers, count) => {
    const [finding, ...rest] = runChecks([asyncNoFailureDest], noDlq(), makeContext({ triggers }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ check: 'async-no-failure-dest', severity: 'medium' });
    expect(finding?.evidence.asyncSources).toHaveLength(count);
  });

  it.each<[string, Trigger[]]>([
    ['no trigger at all', []],
    ['only synchronous triggers', [api]],
  ])('leaves a function with %s out of scope (checks.md)', (_label, triggers) => {
    const snapshot = noDlq([{ FunctionArn: FUNCTION_ARN, MaximumRetryAttempts: 2 }]);
    expect(runChecks([asyncNoFailureDest], snapshot, makeContext({ triggers }))).toEqual([]);
  });

  fires('at medium when the policy could not be read (it may hide an asynchronous source)', () => {
    const snapshot = {
      ...noDlq([]),
      policies: null,
      unverified: [{ area: 'triggers', api: 'lambda:GetPolicy', reason: 'AccessDenied' }],
    };
    const findings = runChecks([asyncNoFailureDest], snapshot, makeContext({ triggers: [] }));
    expect(findings).toEqual([expect.objectContaining({ severity: 'medium' })]);
    return findings;
  });

  for (const [name, snapshot] of [
    ['a dead-letter queue', makeSnapshot()],
    [
      'an on-failure destination on the function',
      noDlq([onFailure(`arn:aws:sqs:${REGION}:${ACCOUNT}:orders-failed`)]),
    ],
    [
      'an on-failure destination on an alias',
      noDlq([
        { FunctionArn: FUNCTION_ARN },
        onFailure(`arn:aws:sns:${REGION}:${ACCOUNT}:alerts`, `${FUNCTION_ARN}:live`),
      ]),
    ],
  ] as const)
    silent(`does not flag ${name}`, () =>
      runChecks([asyncNoFailureDest], snapshot, makeContext({ triggers: [s3] })),
    );

  dataMissing('the event-invoke configs could not be read', {
    ...noDlq(null),
    unverified: [gap('lambda:ListFunctionEventInvokeConfigs', 'resilience')],
  });
});
