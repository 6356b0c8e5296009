import { redact } from '../../secrets.js';
import type { Check } from '../check.js';
import { describeSource } from './event-source.js';

/**
 * Trips on a mapping whose `State` is not `Enabled` (e.g. `Disabled`), or whose
 * `LastProcessingResult` starts with `PROBLEM:` (e.g. `PROBLEM: Function call failed`).
 */
export const esmState: Check = {
  id: 'esm-state',
  severity: 'info',
  categories: ['esm'],
  title: 'Event source mapping is disabled or failing',
  risk: 'Events pile up in the source unprocessed, or are processed with errors, and may expire before anyone notices.',
  remediation:
    'Fix the problem the mapping reports (permissions, network, function errors), then enable it; delete it if it is retired.',
  requires: ['eventSourceMappings'],
  actions: ['lambda:ListEventSourceMappings'],
  run(snapshot) {
    return (snapshot.eventSourceMappings ?? []).flatMap((mapping) => {
      const { State, LastProcessingResult } = mapping;
      const notEnabled = State !== undefined && State !== 'Enabled';
      const problem = LastProcessingResult?.startsWith('PROBLEM:') === true;
      if (!notEnabled && !problem) return [];
      const result = problem && LastProcessingResult ? redact(LastProcessingResult) : null;
      const reasons = [notEnabled ? `is ${State}` : null, result ? `reports "${result}"` : null].filter(
        Boolean,
      );
      return [
        {
          key: mapping.UUID,
          detail: `Mapping ${mapping.UUID} (${describeSource(mapping)}) ${reasons.join(' and ')}.`,
          evidence: {
            uuid: mapping.UUID,
            source: describeSource(mapping),
            state: State ?? null,
            lastProcessingResult: result,
          },
        },
      ];
    });
  },
};
