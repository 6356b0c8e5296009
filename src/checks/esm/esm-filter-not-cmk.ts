import type { Check } from '../check.js';
import { describeSource } from './event-source.js';

/**
 * Trips on a mapping with `FilterCriteria.Filters` and no `KMSKeyArn`: Lambda keeps the filter
 * patterns encrypted only with an AWS-owned key, and returns them in clear to anyone who can
 * read the mapping.
 */
export const esmFilterNotCmk: Check = {
  id: 'esm-filter-not-cmk',
  severity: 'info',
  categories: ['esm'],
  title: 'Event filter criteria are not encrypted with a customer-managed key',
  risk: 'Filter patterns often carry customer ids, tenant names or other values that anyone with lambda:GetEventSourceMapping can read.',
  remediation:
    'Set KMSKeyArn on the mapping to a customer-managed key, and keep sensitive values out of filters.',
  requires: ['eventSourceMappings'],
  actions: ['lambda:ListEventSourceMappings'],
  run(snapshot) {
    return (snapshot.eventSourceMappings ?? []).flatMap((mapping) => {
      const filters = mapping.FilterCriteria?.Filters ?? [];
      if (filters.length === 0 || mapping.KMSKeyArn) return [];
      return [
        {
          key: mapping.UUID,
          // The patterns themselves stay out of the finding: they are what this check protects.
          detail: `Mapping ${mapping.UUID} (${describeSource(mapping)}) has ${filters.length} filter${
            filters.length === 1 ? '' : 's'
          } and no customer-managed key.`,
          evidence: { uuid: mapping.UUID, source: describeSource(mapping), filterCount: filters.length },
        },
      ];
    });
  },
};
