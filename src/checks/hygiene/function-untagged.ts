import type { Check } from '../check.js';

/**
 * Trips on a function with no tags besides AWS's own (`aws:cloudformation:stack-name`, ...), or,
 * when REQUIRED_TAG_KEYS is configured, one that lacks a required key (case-sensitive). Info;
 * low when required keys are configured.
 */
export const functionUntagged: Check = {
  id: 'function-untagged',
  severity: 'info',
  categories: ['hygiene'],
  title: 'Function is missing ownership tags',
  risk: 'Nobody can tell who owns the function, what it costs, or whom to call when it misbehaves.',
  remediation:
    'Tag the function with the keys your organisation requires (owner, team, environment, cost centre).',
  requires: ['tags'],
  actions: ['lambda:ListTags'],
  run(snapshot, context) {
    const keys = Object.keys(snapshot.tags ?? {}).filter((key) => !key.startsWith('aws:'));
    const required = context.requiredTagKeys;
    if (required.length > 0) {
      const missing = required.filter((key) => !keys.includes(key));
      if (missing.length === 0) return [];
      return [
        {
          severity: 'low',
          detail: `The function lacks required tag${missing.length === 1 ? '' : 's'} ${missing.join(', ')}.`,
          evidence: { missing, tagKeys: keys },
        },
      ];
    }
    if (keys.length > 0) return [];
    return [{ detail: 'The function has no tags of its own.', evidence: { missing: [], tagKeys: [] } }];
  },
};
