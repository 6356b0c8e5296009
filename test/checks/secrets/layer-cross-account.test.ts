import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { layerCrossAccount } from '../../../src/checks/secrets/layer-cross-account.js';
import type { FunctionConfiguration, FunctionSnapshot } from '../../../src/model.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { checkCases } from '../cases.js';

const { fires, silent } = checkCases(layerCrossAccount);

function withLayers(...arns: string[]): FunctionSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({ configuration: { ...base.configuration, Layers: arns.map((Arn) => ({ Arn })) } });
}

describe('layer-cross-account', () => {
  for (const [name, arn, account] of [
    ['a community layer', `arn:aws:lambda:${REGION}:999999999999:layer:sharp-libvips:4`, '999999999999'],
    [
      'a vendor layer in GovCloud',
      'arn:aws-us-gov:lambda:us-gov-west-1:888888888888:layer:agent:12',
      '888888888888',
    ],
  ] as const)
    fires(`flags ${name} from an untrusted account`, () => {
      const findings = runChecks([layerCrossAccount], withLayers(arn), makeContext());
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'layer-cross-account',
          severity: 'medium',
          evidence: { layerArn: arn, account },
        }),
      ]);
      return findings;
    });

  it('reports only the untrusted layers of several', () => {
    const bad = `arn:aws:lambda:${REGION}:999999999999:layer:utils:3`;
    const findings = runChecks(
      [layerCrossAccount],
      withLayers(`arn:aws:lambda:${REGION}:${ACCOUNT}:layer:shared:7`, bad),
      makeContext(),
    );
    expect(findings.map((f) => f.evidence.layerArn)).toEqual([bad]);
  });

  it.each([
    ['the audited account', `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:shared:7`],
    ['Lambda Insights', `arn:aws:lambda:${REGION}:580247275435:layer:LambdaInsightsExtension:53`],
    [
      'Lambda Insights in an opt-in region',
      'arn:aws:lambda:eu-south-1:339249233099:layer:LambdaInsightsExtension:8',
    ],
    [
      'Powertools for AWS Lambda (Python)',
      `arn:aws:lambda:${REGION}:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:7`,
    ],
    [
      'Powertools for AWS Lambda (TypeScript)',
      `arn:aws:lambda:${REGION}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:25`,
    ],
    [
      'the Parameters and Secrets extension',
      'arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12',
    ],
    ['the AppConfig extension', 'arn:aws:lambda:eu-central-1:066940009817:layer:AWS-AppConfig-Extension:59'],
  ])('trusts a layer from %s', (_label, arn) => {
    expect(runChecks([layerCrossAccount], withLayers(arn), makeContext())).toEqual([]);
  });

  it('trusts configured accounts', () => {
    const snapshot = withLayers(`arn:aws:lambda:${REGION}:222233334444:layer:platform:1`);
    expect(
      runChecks([layerCrossAccount], snapshot, makeContext({ trustedAccountIds: [ACCOUNT, '222233334444'] })),
    ).toEqual([]);
  });

  silent('does not flag a function without layers', () =>
    runChecks([layerCrossAccount], makeSnapshot(), makeContext()),
  );

  it('yields nothing when the configuration could not be read', () => {
    const snapshot = makeSnapshot({ configuration: null as unknown as FunctionConfiguration });
    expect(runChecks([layerCrossAccount], snapshot, makeContext())).toEqual([]);
  });
});
