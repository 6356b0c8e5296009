import { describe, expect, it } from 'vitest';
import { grantFinding, urlFinding } from '../../../src/checks/triggers/shared.js';
import { allGrants, grantEvidence } from '../../../src/iam/resource-policy.js';
import { FUNCTION_ARN, makeSnapshot } from '../../fixtures/snapshot.js';
import { CROSS_ACCOUNT, policyOf, urlConfig } from './policies.js';

describe('resource-policy and URL finding helpers', () => {
  it('puts a grant finding on the alias its statement belongs to, keyed by the grant', () => {
    const snapshot = makeSnapshot();
    const [grant] = allGrants([policyOf([CROSS_ACCOUNT], 'live')]);
    const finding = grantFinding(snapshot, grant!, 'admits someone.', { extra: 1 });
    expect(finding.resource).toBe(`${FUNCTION_ARN}:live`);
    expect(finding.key).toBe(`live|${CROSS_ACCOUNT.Sid}|${grant!.principal.value}`);
    expect(finding.detail).toBe(
      `statement '${CROSS_ACCOUNT.Sid}' of the policy of alias 'live' admits someone.`,
    );
    expect(finding.evidence).toEqual({ ...grantEvidence(grant!), extra: 1 });
    expect(finding).not.toHaveProperty('severity');
    expect(grantFinding(snapshot, grant!, 'x', {}, 'critical').severity).toBe('critical');
  });

  it('puts a URL finding on the URL’s function ARN, keyed by its qualifier, the URL first in the evidence', () => {
    const url = urlConfig({ FunctionArn: `${FUNCTION_ARN}:live`, AuthType: 'AWS_IAM' });
    const finding = urlFinding(url, 'live', 'The URL is open.', { principals: ['*'] }, 'high');
    expect(finding).toEqual({
      severity: 'high',
      resource: `${FUNCTION_ARN}:live`,
      key: 'live',
      detail: 'The URL is open.',
      evidence: { url: url.FunctionUrl, authType: 'AWS_IAM', qualifier: 'live', principals: ['*'] },
    });
    expect(Object.keys(finding.evidence)).toEqual(['url', 'authType', 'qualifier', 'principals']);
    expect(urlFinding(urlConfig(), null, 'd', {}).key).toBe('');
  });
});
