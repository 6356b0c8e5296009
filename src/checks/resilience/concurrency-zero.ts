import type { Check } from '../check.js';

/** Trips on `ReservedConcurrentExecutions = 0`: every invocation is throttled. */
export const concurrencyZero: Check = {
  id: 'concurrency-zero',
  severity: 'info',
  categories: ['resilience'],
  title: 'Function is disabled by zero reserved concurrency',
  risk: 'Every invocation is throttled; if this was an emergency stop, it may have been forgotten.',
  remediation: 'Delete the function if it is retired, or raise or remove the reserved concurrency.',
  requires: ['concurrency'],
  actions: ['lambda:GetFunction'],
  run(snapshot) {
    if (snapshot.concurrency?.ReservedConcurrentExecutions !== 0) return [];
    return [{ detail: 'Reserved concurrency is 0.', evidence: { reservedConcurrentExecutions: 0 } }];
  },
};
