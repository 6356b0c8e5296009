import { describe, expect } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { functionUntagged } from '../../../src/checks/hygiene/function-untagged.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(functionUntagged);

describe('function-untagged', () => {
  for (const [name, tags] of [
    ['no tags', {}],
    ['only AWS tags', { 'aws:cloudformation:stack-name': 'orders', 'aws:cloudformation:logical-id': 'Api' }],
  ] as const)
    fires(`flags a function with ${name}, at info`, () => {
      const findings = runChecks([functionUntagged], makeSnapshot({ tags }), makeContext());
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'function-untagged',
          severity: 'info',
          evidence: { missing: [], tagKeys: [] },
        }),
      ]);
      return findings;
    });

  for (const [name, tags, requiredTagKeys, missing] of [
    ['one required key missing', { team: 'orders' }, ['team', 'owner'], ['owner']],
    ['a key differing only in case', { Team: 'orders' }, ['team'], ['team']],
    ['no tags at all', {}, ['team', 'cost-center'], ['team', 'cost-center']],
  ] as const)
    fires(`flags ${name} at low when required keys are configured`, () => {
      const findings = runChecks(
        [functionUntagged],
        makeSnapshot({ tags }),
        makeContext({ requiredTagKeys }),
      );
      expect(findings).toEqual([
        expect.objectContaining({ severity: 'low', evidence: expect.objectContaining({ missing }) }),
      ]);
      return findings;
    });

  for (const [name, tags, requiredTagKeys] of [
    ['own tags and nothing required', { team: 'orders' }, []],
    [
      'every required key',
      { team: 'orders', owner: 'ana', 'aws:cloudformation:stack-name': 'orders' },
      ['team', 'owner'],
    ],
  ] as const)
    silent(`does not flag ${name}`, () =>
      runChecks([functionUntagged], makeSnapshot({ tags }), makeContext({ requiredTagKeys })),
    );

  dataMissing('yields nothing when the tags could not be read', unread(makeSnapshot(), 'tags'), {
    requiredTagKeys: ['team'],
  });
});
