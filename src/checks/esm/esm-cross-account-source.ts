import type { Check } from '../check.js';
import { arnAccount } from './event-source.js';

/**
 * Trips on a mapping whose `EventSourceArn` names an account other than the audited one and the
 * configured trusted accounts, e.g. `arn:aws:kinesis:eu-central-1:999999999999:stream/orders`.
 */
export const esmCrossAccountSource: Check = {
  id: 'esm-cross-account-source',
  severity: 'info',
  categories: ['esm'],
  title: 'Event source mapping reads from another account',
  risk: 'Whoever controls the other account decides what events the function processes.',
  remediation: 'Confirm the source account is expected, and add it to TRUSTED_ACCOUNT_IDS if it is yours.',
  requires: ['eventSourceMappings'],
  actions: ['lambda:ListEventSourceMappings'],
  run(snapshot, context) {
    const trusted = new Set([snapshot.accountId, ...context.trustedAccountIds]);
    return (snapshot.eventSourceMappings ?? []).flatMap((mapping) => {
      const account = arnAccount(mapping.EventSourceArn);
      if (account === null || trusted.has(account)) return [];
      return [
        {
          key: mapping.UUID,
          detail: `Mapping ${mapping.UUID} reads ${mapping.EventSourceArn}, in account ${account}.`,
          evidence: { uuid: mapping.UUID, source: mapping.EventSourceArn, account },
        },
      ];
    });
  },
};
