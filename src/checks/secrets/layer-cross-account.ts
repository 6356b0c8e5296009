import type { Check } from '../check.js';
import { AWS_LAYER_PUBLISHER_ACCOUNTS } from './aws-layer-publishers.js';

/** `arn:aws:lambda:<region>:<account>:layer:<name>:<version>` -> account, or null. */
function layerAccount(arn: string): string | null {
  const match = /^arn:aws[a-z-]*:lambda:[^:]*:(\d{12}):layer:/.exec(arn);
  return match?.[1] ?? null;
}

/**
 * Trips on a layer published by an account that is neither the audited one, a configured trusted
 * account, nor one of AWS's own publishers, e.g.
 * `Layers: [{ Arn: "arn:aws:lambda:eu-central-1:999999999999:layer:utils:3" }]`.
 */
export const layerCrossAccount: Check = {
  id: 'layer-cross-account',
  severity: 'medium',
  categories: ['supply-chain'],
  title: 'Function runs a layer published by an untrusted account',
  risk: 'Layer code runs inside the function with its role and its secrets; whoever controls the publishing account chose that code.',
  remediation:
    'Copy the layer into your own account after reviewing it (or vendor the dependency), or add the publisher to TRUSTED_ACCOUNT_IDS if you trust it.',
  requires: ['configuration'],
  actions: ['lambda:GetFunction'],
  run(snapshot, context) {
    const trusted = new Set([snapshot.accountId, ...context.trustedAccountIds]);
    return (snapshot.configuration.Layers ?? []).flatMap(({ Arn }) => {
      const account = layerAccount(Arn);
      if (account === null || trusted.has(account) || AWS_LAYER_PUBLISHER_ACCOUNTS.has(account)) return [];
      return [
        {
          key: Arn,
          detail: `Layer ${Arn} is published by account ${account}, which is not trusted.`,
          evidence: { layerArn: Arn, account },
        },
      ];
    });
  },
};
