import { isInternetExposed } from '../../exposure.js';
import { type Check, INVOCATION_AREAS } from '../check.js';

/**
 * Trips on a function with no reserved concurrency (`Concurrency.ReservedConcurrentExecutions`
 * absent): it can take the whole account's concurrency. Info; low when internet-exposed, or when
 * what exposes it could not be read (dependsOn).
 */
export const concurrencyUnreserved: Check = {
  id: 'concurrency-unreserved',
  severity: 'info',
  categories: ['resilience'],
  title: 'Function has no reserved concurrency limit',
  risk: 'A flood of requests scales the function up to the account limit: a denial of wallet, and throttling of every other function in the region.',
  remediation: 'Set reserved concurrency (PutFunctionConcurrency) to the peak the function really needs.',
  dependsOn: { areas: INVOCATION_AREAS, severity: 'low' },
  requires: ['concurrency'],
  actions: ['lambda:GetFunction'],
  run(snapshot, context) {
    if (typeof snapshot.concurrency?.ReservedConcurrentExecutions === 'number') return [];
    const exposed = isInternetExposed(context.exposure);
    return [
      {
        ...(exposed ? { severity: 'low' as const } : {}),
        detail: exposed
          ? 'The function is internet-exposed and has no reserved concurrency limit.'
          : 'The function has no reserved concurrency limit.',
        evidence: { reservedConcurrentExecutions: null, internetExposed: exposed },
      },
    ];
  },
};
