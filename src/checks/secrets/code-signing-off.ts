import type { Check } from '../check.js';

/**
 * Trips on a zip-packaged function with no code signing config, or one whose
 * `CodeSigningPolicies.UntrustedArtifactOnDeployment` is `Warn` (AWS's default). Container images
 * are skipped: Lambda code signing applies to zip packages only.
 */
export const codeSigningOff: Check = {
  id: 'code-signing-off',
  severity: 'low',
  categories: ['supply-chain'],
  title: 'Function code signing is not enforced',
  risk: 'Anyone who can call lambda:UpdateFunctionCode can deploy code that was never signed by your pipeline.',
  remediation:
    'Create a signing profile in AWS Signer, attach a code signing config with UntrustedArtifactOnDeployment = Enforce, and sign packages in CI.',
  requires: ['configuration', 'codeSigning'],
  actions: ['lambda:GetFunctionCodeSigningConfig', 'lambda:GetCodeSigningConfig'],
  run(snapshot) {
    if (snapshot.configuration.PackageType === 'Image' || snapshot.codeSigning === null) return [];
    const { config } = snapshot.codeSigning;
    if (config === null) {
      return [{ detail: 'No code signing config is attached.', evidence: { codeSigningConfigArn: null } }];
    }
    const policy = config.CodeSigningPolicies?.UntrustedArtifactOnDeployment ?? 'Warn';
    if (policy === 'Enforce') return [];
    return [
      {
        detail: `Code signing config ${config.CodeSigningConfigArn} only warns on unsigned code (policy ${policy}).`,
        evidence: {
          codeSigningConfigArn: config.CodeSigningConfigArn,
          untrustedArtifactOnDeployment: policy,
        },
      },
    ];
  },
};
