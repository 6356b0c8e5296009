import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { codeSigningOff } from '../../../src/checks/secrets/code-signing-off.js';
import type { CodeSigningConfig } from '../../../src/model.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';

const CSC_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-0abc`;

describe('code-signing-off', () => {
  it.each<[string, CodeSigningConfig | null, Record<string, unknown>]>([
    ['no code signing config', null, { codeSigningConfigArn: null }],
    [
      'a config that only warns',
      { CodeSigningConfigArn: CSC_ARN, CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Warn' } },
      { codeSigningConfigArn: CSC_ARN, untrustedArtifactOnDeployment: 'Warn' },
    ],
    [
      'a config with no policy (AWS defaults to Warn)',
      { CodeSigningConfigArn: CSC_ARN },
      { codeSigningConfigArn: CSC_ARN, untrustedArtifactOnDeployment: 'Warn' },
    ],
  ])('flags a zip function with %s', (_label, config, evidence) => {
    const findings = runChecks([codeSigningOff], makeSnapshot({ codeSigning: { config } }), makeContext());
    expect(findings).toEqual([
      expect.objectContaining({ check: 'code-signing-off', severity: 'low', evidence }),
    ]);
  });

  it('does not flag an enforcing config', () => {
    expect(runChecks([codeSigningOff], makeSnapshot(), makeContext())).toEqual([]);
  });

  it('skips container-image functions', () => {
    const base = makeSnapshot();
    const snapshot = makeSnapshot({
      configuration: { ...base.configuration, PackageType: 'Image', Runtime: undefined },
      codeSigning: { config: null },
    });
    expect(runChecks([codeSigningOff], snapshot, makeContext())).toEqual([]);
  });

  it('yields nothing when the code signing config could not be read', () => {
    expect(runChecks([codeSigningOff], makeSnapshot({ codeSigning: null }), makeContext())).toEqual([]);
  });
});
