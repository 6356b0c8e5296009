import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { sourceCrossAccountWrite } from '../../../src/checks/paths/source-cross-account-write.js';
import { exposureOf } from '../../../src/exposure.js';
import { derivePaths } from '../../../src/invocation/paths.js';
import type { TriggerSource } from '../../../src/model.js';
import { publish, TOPIC_ARN, TOPIC_GRANT, topic } from '../../fixtures/apis.js';
import { ACCOUNT, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { bus, RULE_GRANT, rule, writeBy } from '../../fixtures/stores.js';
import { checkCases, gap } from '../cases.js';
import { FOREIGN, ORG, policyOf } from '../triggers/policies.js';
import { runOnPaths } from './context.js';

const { fires, silent, dataMissing } = checkCases(sourceCrossAccountWrite);

const via = (source: TriggerSource) =>
  makeSnapshot({ policies: [policyOf([TOPIC_GRANT])], sources: [source] });
const orgTopic = topic([publish('*', { StringEquals: { 'aws:PrincipalOrgID': ORG } })]);

/** With TRUSTED_ORG_IDS set to `orgs`. */
function withTrustedOrgs(source: TriggerSource, orgs: string[], snapshot = via(source)) {
  const paths = derivePaths(snapshot, { trustedAccountIds: [ACCOUNT], trustedOrgIds: orgs });
  return runChecks(
    [sourceCrossAccountWrite],
    snapshot,
    makeContext({ paths, exposure: exposureOf(paths), trustedOrgIds: orgs }),
  );
}

describe('source-cross-account-write', () => {
  fires('flags a topic a foreign account may publish to', () => {
    const findings = runOnPaths([sourceCrossAccountWrite], via(topic([publish({ AWS: FOREIGN })])));
    expect(findings).toEqual([expect.objectContaining({ severity: 'medium', resource: TOPIC_ARN })]);
    return findings;
  });

  it('flags an organisation only when TRUSTED_ORG_IDS is set and does not list it', () => {
    expect(withTrustedOrgs(orgTopic, ['o-other00000'])).toEqual([
      expect.objectContaining({ evidence: expect.objectContaining({ foreignOrgIds: [ORG] }) }),
    ]);
    expect(withTrustedOrgs(orgTopic, [ORG])).toEqual([]);
    expect(withTrustedOrgs(orgTopic, [])).toEqual([]);
  });

  for (const [name, source] of [
    ['the audited account', topic([publish({ AWS: `arn:aws:iam::${ACCOUNT}:root` })])],
    ['everyone (source-public-write says it)', topic([publish('*')])],
  ] as const)
    silent(`does not flag a grant to ${name}`, () => runOnPaths([sourceCrossAccountWrite], via(source)));

  dataMissing('yields nothing when the topic could not be read', {
    ...via({ type: 'unread', arn: TOPIC_ARN, api: 'sns:GetTopicAttributes', reason: 'AccessDenied' }),
    unverified: [gap('sns:GetTopicAttributes', 'triggers')],
  });

  it('flags an EventBridge bus shared with an organisation TRUSTED_ORG_IDS does not list, and a foreign account', () => {
    const orgBus = makeSnapshot({
      policies: [policyOf([RULE_GRANT])],
      sources: [
        rule(),
        bus([writeBy('events:PutEvents', '*', { StringEquals: { 'aws:PrincipalOrgID': ORG } })]),
      ],
    });
    expect(withTrustedOrgs(rule(), ['o-other00000'], orgBus)).toEqual([
      expect.objectContaining({ evidence: expect.objectContaining({ foreignOrgIds: [ORG] }) }),
    ]);
    expect(withTrustedOrgs(rule(), [ORG], orgBus)).toEqual([]);
    const partnerBus = makeSnapshot({
      policies: [policyOf([RULE_GRANT])],
      sources: [rule(), bus([writeBy('events:PutEvents', { AWS: FOREIGN })])],
    });
    expect(runOnPaths([sourceCrossAccountWrite], partnerBus)).toEqual([
      expect.objectContaining({ severity: 'medium' }),
    ]);
  });
});
