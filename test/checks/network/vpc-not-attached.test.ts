import { describe, expect, it } from 'vitest';
import type { Check } from '../../../src/checks/check.js';
import { runChecks } from '../../../src/checks/check.js';
import { vpcNotAttached } from '../../../src/checks/network/vpc-not-attached.js';
import type { FunctionConfiguration, FunctionSnapshot, Trigger } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';

function withVpc(VpcConfig: FunctionConfiguration['VpcConfig']): FunctionSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({ configuration: { ...base.configuration, VpcConfig } });
}

const apiTrigger: Trigger = {
  kind: 'apigateway',
  source: 'arn:aws:execute-api:eu-central-1:123456789012:abc123/*/GET/orders',
  async: false,
  conditions: {},
};

/** Stands in for the exposure checks another module owns: emits one finding of the given id. */
function stub(id: string, severity: Check['severity']): Check {
  return {
    id,
    severity,
    title: id,
    risk: '',
    remediation: '',
    requires: [],
    actions: [],
    run: () => [{ detail: id, evidence: {} }],
  };
}

describe('vpc-not-attached', () => {
  it.each([
    ['no VpcConfig', undefined],
    ['an empty VpcId (VPC detached)', { VpcId: '', SubnetIds: [], SecurityGroupIds: [] }],
  ])('flags a function with %s, at info', (_label, vpc) => {
    expect(runChecks([vpcNotAttached], withVpc(vpc), makeContext())).toEqual([
      expect.objectContaining({
        check: 'vpc-not-attached',
        severity: 'info',
        evidence: { vpcId: null, internetExposed: false },
      }),
    ]);
  });

  it.each<[string, Check[], Trigger[]]>([
    ['an API Gateway trigger', [], [apiTrigger]],
    ['a public invoke policy', [stub('policy-public-invoke', 'critical')], []],
    ['a public function URL', [stub('url-public', 'critical')], []],
  ])('rises to low when internet-exposed through %s', (_label, checks, triggers) => {
    const findings = runChecks([vpcNotAttached, ...checks], withVpc(undefined), makeContext({ triggers }));
    expect(findings.find((f) => f.check === 'vpc-not-attached')).toMatchObject({
      severity: 'low',
      evidence: { internetExposed: true },
    });
  });

  it('stays info for a latent (medium) function URL', () => {
    const findings = runChecks(
      [vpcNotAttached, stub('url-public', 'medium')],
      withVpc(undefined),
      makeContext(),
    );
    expect(findings.find((f) => f.check === 'vpc-not-attached')?.severity).toBe('info');
  });

  it('does not flag a function in a VPC', () => {
    expect(runChecks([vpcNotAttached], makeSnapshot(), makeContext({ triggers: [apiTrigger] }))).toEqual([]);
  });

  it('yields nothing when the configuration could not be read', () => {
    const snapshot = makeSnapshot({ configuration: null as unknown as FunctionConfiguration });
    expect(runChecks([vpcNotAttached], snapshot, makeContext())).toEqual([]);
  });
});
