import { describe, expect, it } from 'vitest';
import type { Check } from '../../../src/checks/check.js';
import { exposureOpenPowerfulRole } from '../../../src/checks/paths/exposure-open-powerful-role.js';
import { roleAdmin } from '../../../src/checks/role/role-admin.js';
import type { FunctionSnapshot } from '../../../src/model.js';
import { apiGrant, method, REST_ID, restApi } from '../../fixtures/apis.js';
import { ACCOUNT, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, gap, unread } from '../cases.js';
import { PUBLIC, policyOf, URL_INVOKE_VIA_URL, URL_NONE, urlConfig } from '../triggers/policies.js';
import { DENIED_API, runOnPaths } from './context.js';

const { fires, silent, dataMissing } = checkCases(exposureOpenPowerfulRole);

const base = makeSnapshot();
const admin = (snapshot: FunctionSnapshot): FunctionSnapshot => {
  const role = base.role as Exclude<FunctionSnapshot['role'], null | { missing: true }>;
  return {
    ...snapshot,
    role: {
      ...role,
      attachedPolicies: [
        {
          PolicyName: 'AdministratorAccess',
          PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
        },
      ],
    },
  };
};
const checks: Check[] = [roleAdmin, exposureOpenPowerfulRole];
const ids = (snapshot: FunctionSnapshot) =>
  runOnPaths(checks, snapshot).filter((f) => f.check === 'exposure-open-powerful-role');

describe('exposure-open-powerful-role', () => {
  for (const [name, fields] of [
    ['an open REST route', { policies: [policyOf([apiGrant(REST_ID)])], sources: [restApi()] }],
    [
      'a public function URL',
      { urlConfigs: [urlConfig()], policies: [policyOf([URL_NONE, URL_INVOKE_VIA_URL])] },
    ],
    ['a public invoke grant', { policies: [policyOf([PUBLIC])] }],
  ] as [string, Partial<FunctionSnapshot>][])
    fires(`${name} into an administrator role, naming the path and the role finding`, () => {
      const findings = ids(admin(makeSnapshot(fields)));
      const [finding] = findings;
      expect(finding).toMatchObject({
        severity: 'critical',
        evidence: {
          openPaths: expect.arrayContaining([expect.objectContaining({ source: expect.any(String) })]),
          role: [
            expect.objectContaining({
              check: 'role-admin',
              resource: `arn:aws:iam::${ACCOUNT}:role/orders-api-role`,
            }),
          ],
        },
      });
      return findings;
    });

  silent('for an open path into a modest role', () => ids(makeSnapshot({ policies: [policyOf([PUBLIC])] })));

  it('stays silent for an administrator behind an authenticated route', () => {
    const cognito = restApi({}, [method('GET', { authorizationType: 'COGNITO_USER_POOLS' })]);
    expect(
      ids(admin(makeSnapshot({ policies: [policyOf([apiGrant(REST_ID)])], sources: [cognito] }))),
    ).toEqual([]);
  });

  it('stays silent when the API could not be read: unknown is not open', () => {
    expect(
      ids(admin(makeSnapshot({ policies: [policyOf([apiGrant(REST_ID)])], sources: [DENIED_API] }))),
    ).toEqual([]);
  });

  dataMissing('the function policy could not be read', admin(unread(makeSnapshot(), 'policies')), {}, [
    roleAdmin,
  ]);
  dataMissing(
    'the role could not be read',
    makeSnapshot({ policies: [policyOf([PUBLIC])], role: null, unverified: [gap('iam:GetRole', 'role')] }),
    {},
    [roleAdmin],
  );
});
