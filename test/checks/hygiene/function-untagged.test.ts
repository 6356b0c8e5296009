import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { functionUntagged } from '../../../src/checks/hygiene/function-untagged.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';

describe('function-untagged', () => {
  it.each([
    ['no tags', {}],
    ['only AWS tags', { 'aws:cloudformation:stack-name': 'orders', 'aws:cloudformation:logical-id': 'Api' }],
  ])('flags a function with %s, at info', (_label, tags) => {
    expect(runChecks([functionUntagged], makeSnapshot({ tags }), makeContext())).toEqual([
      expect.objectContaining({
        check: 'function-untagged',
        severity: 'info',
        evidence: { missing: [], tagKeys: [] },
      }),
    ]);
  });

  it.each([
    ['one required key missing', { team: 'orders' }, ['team', 'owner'], ['owner']],
    ['a key differing only in case', { Team: 'orders' }, ['team'], ['team']],
    ['no tags at all', {}, ['team', 'cost-center'], ['team', 'cost-center']],
  ])('flags %s at low when required keys are configured', (_label, tags, requiredTagKeys, missing) => {
    const findings = runChecks([functionUntagged], makeSnapshot({ tags }), makeContext({ requiredTagKeys }));
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'low', evidence: expect.objectContaining({ missing }) }),
    ]);
  });

  it.each([
    ['own tags and nothing required', { team: 'orders' }, []],
    [
      'every required key',
      { team: 'orders', owner: 'ana', 'aws:cloudformation:stack-name': 'orders' },
      ['team', 'owner'],
    ],
  ])('does not flag %s', (_label, tags, requiredTagKeys) => {
    expect(runChecks([functionUntagged], makeSnapshot({ tags }), makeContext({ requiredTagKeys }))).toEqual(
      [],
    );
  });

  it('yields nothing when the tags could not be read', () => {
    expect(
      runChecks([functionUntagged], makeSnapshot({ tags: null }), makeContext({ requiredTagKeys: ['team'] })),
    ).toEqual([]);
  });
});
