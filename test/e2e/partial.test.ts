import { afterEach, describe, expect, it } from 'vitest';
import { checks } from '../../src/checks/index.js';
import { sampleWorld } from '../fakes/sample-world.js';
import { cliForTests } from './cli-harness.js';

/** A finding computed without some of its inputs says so, and takes the worse severity. */
const cli = cliForTests();
afterEach(() => cli.fake.setKnobs({ accessDenied: [] }));

interface Finding {
  check: string;
  severity: string;
  detail: string;
  evidence: { partial?: string[] };
}

async function findings(fn: string): Promise<Finding[]> {
  const { out } = await cli.run(['audit', fn, '--format', 'json']);
  return (JSON.parse(out) as { findings: Finding[] }).findings;
}

describe('partial data', () => {
  it('takes the higher severity where exposure could not be read (lambda:GetPolicy)', async () => {
    const before = await findings('public-webhook');
    expect(before.find((f) => f.check === 'vpc-not-attached')?.severity).toBe('low');
    cli.fake.setKnobs({ accessDenied: ['lambda:GetPolicy', 'lambda:ListFunctionUrlConfigs'] });
    const after = await findings('public-webhook');
    for (const check of ['vpc-not-attached', 'concurrency-unreserved']) {
      const finding = after.find((f) => f.check === check);
      expect(finding?.severity, check).toBe('low');
      expect(finding?.evidence.partial, check).toEqual(['lambda:GetPolicy', 'lambda:ListFunctionUrlConfigs']);
      expect(finding?.detail, check).toMatch(
        /Computed without lambda:GetPolicy, .*the severity assumes the worst/,
      );
    }
  });

  it('marks role findings partial when an inline policy (a deny-all) could not be read', async () => {
    const world = sampleWorld();
    const role = world.accounts['123456789012']?.iam?.roles?.find((r) => r.RoleName === 'billing-admin-role');
    if (!role) throw new Error('the sample world has no billing-admin-role');
    role.InlinePolicies = {
      ...(role.InlinePolicies as object),
      'deny-all': { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
    };
    cli.fake.setWorld(world);
    try {
      const denied = (await findings('billing-export')).filter((f) => f.check.startsWith('role-'));
      // Read, the deny-all cancels every grant: no escalation, no admin.
      expect(denied.map((f) => f.check)).not.toContain('role-privilege-escalation');
      expect(denied.map((f) => f.check)).not.toContain('role-admin');
      cli.fake.setKnobs({ accessDenied: ['iam:GetRolePolicy'] });
      const readsInline = new Set(
        checks.filter((c) => c.actions.includes('iam:GetRolePolicy')).map((c) => c.id),
      );
      const unread = (await findings('billing-export')).filter((f) => readsInline.has(f.check));
      // Unread, the deny-all is unknown: what the role may do is computed without it, and says so.
      expect(unread.map((f) => f.check)).toContain('role-privilege-escalation');
      for (const finding of unread) {
        expect(finding.evidence.partial, finding.check).toContain('iam:GetRolePolicy');
        expect(finding.detail, finding.check).toContain('Computed without iam:GetRolePolicy');
      }
    } finally {
      cli.fake.setWorld(sampleWorld());
    }
  });

  it('adds nothing to a finding whose inputs were all read', async () => {
    for (const finding of await findings('public-webhook')) {
      expect(finding.evidence.partial, finding.check).toBeUndefined();
      expect(finding.detail, finding.check).not.toContain('Computed without');
    }
  });
});
