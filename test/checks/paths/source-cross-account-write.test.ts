import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { sourceCrossAccountWrite } from '../../../src/checks/paths/source-cross-account-write.js';
import { exposureOf } from '../../../src/exposure.js';
import { derivePaths } from '../../../src/invocation/paths.js';
import type { TriggerSource } from '../../../src/model.js';
import { publish, TOPIC_ARN, TOPIC_GRANT, topic } from '../../fixtures/apis.js';
import { ACCOUNT, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { FOREIGN, ORG, policyOf } from '../triggers/policies.js';
import { runOnPaths } from './context.js';

const via = (source: TriggerSource) =>
  makeSnapshot({ policies: [policyOf([TOPIC_GRANT])], sources: [source] });
const orgTopic = topic([publish('*', { StringEquals: { 'aws:PrincipalOrgID': ORG } })]);

/** With TRUSTED_ORG_IDS set to `orgs`. */
function withTrustedOrgs(source: TriggerSource, orgs: string[]) {
  const snapshot = via(source);
  const paths = derivePaths(snapshot, { trustedAccountIds: [ACCOUNT], trustedOrgIds: orgs });
  return runChecks(
    [sourceCrossAccountWrite],
    snapshot,
    makeContext({ paths, exposure: exposureOf(paths), trustedOrgIds: orgs }),
  );
}

describe('source-cross-account-write', () => {
  it('flags a topic a foreign account may publish to', () => {
    expect(runOnPaths([sourceCrossAccountWrite], via(topic([publish({ AWS: FOREIGN })])))).toEqual([
      expect.objectContaining({ severity: 'medium', resource: TOPIC_ARN }),
    ]);
  });

  it('flags an organisation only when TRUSTED_ORG_IDS is set and does not list it', () => {
    expect(withTrustedOrgs(orgTopic, ['o-other00000'])).toEqual([
      expect.objectContaining({ evidence: expect.objectContaining({ foreignOrgIds: [ORG] }) }),
    ]);
    expect(withTrustedOrgs(orgTopic, [ORG])).toEqual([]);
    expect(withTrustedOrgs(orgTopic, [])).toEqual([]);
  });

  it.each([
    ['the audited account', topic([publish({ AWS: `arn:aws:iam::${ACCOUNT}:root` })])],
    ['everyone (source-public-write says it)', topic([publish('*')])],
  ])('does not flag a grant to %s', (_label, source) => {
    expect(runOnPaths([sourceCrossAccountWrite], via(source))).toEqual([]);
  });

  it('yields nothing when the topic could not be read', () => {
    const denied: TriggerSource = {
      type: 'unread',
      arn: TOPIC_ARN,
      api: 'sns:GetTopicAttributes',
      reason: 'AccessDenied',
    };
    expect(runOnPaths([sourceCrossAccountWrite], via(denied))).toEqual([]);
  });
});
