import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { codeSigningOff } from '../../../src/checks/secrets/code-signing-off.js';
import type { CodeSigningConfig } from '../../../src/model.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(codeSigningOff);

const CSC_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-0abc`;

describe('code-signing-off', () => {
  for (const [name, config, evidence] of [
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
  ] as [string, CodeSigningConfig | null, Record<string, unknown>][])
    fires(`flags a zip function with ${name}`, () => {
      const findings = runChecks([codeSigningOff], makeSnapshot({ codeSigning: { config } }), makeContext());
      expect(findings).toEqual([
        expect.objectContaining({ check: 'code-signing-off', severity: 'low', evidence }),
      ]);
      return findings;
    });

  silent('does not flag an enforcing config', () =>
    runChecks([codeSigningOff], makeSnapshot(), makeContext()),
  );

  it('skips container-image functions', () => {
    const base = makeSnapshot();
    const snapshot = makeSnapshot({
      configuration: { ...base.configuration, PackageType: 'Image', Runtime: undefined },
      codeSigning: { config: null },
    });
    expect(runChecks([codeSigningOff], snapshot, makeContext())).toEqual([]);
  });

  dataMissing(
    'yields nothing when the code signing config could not be read',
    unread(makeSnapshot(), 'codeSigning'),
  );
});
