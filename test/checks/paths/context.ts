import { type Check, runChecks } from '../../../src/checks/check.js';
import { exposureOf } from '../../../src/exposure.js';
import { derivePaths } from '../../../src/invocation/paths.js';
import type { TriggerSource } from '../../../src/invocation/source-data.js';
import type { Finding, FunctionSnapshot } from '../../../src/model.js';
import { apiArn, apiGrant, REST_ID, restApi } from '../../fixtures/apis.js';
import { ACCOUNT, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { gap } from '../cases.js';
import { policyOf } from '../triggers/policies.js';

/** Runs checks as an audit does: paths and exposure derived from the snapshot first. */
export function runOnPaths(checks: Check[], snapshot: FunctionSnapshot): Finding[] {
  const paths = derivePaths(snapshot, { trustedAccountIds: [ACCOUNT], trustedOrgIds: [] });
  return runChecks(checks, snapshot, makeContext({ paths, exposure: exposureOf(paths) }));
}

/** A function behind the REST API of test/fixtures/apis.ts (its grant admits every route). */
export const withApi = (source: TriggerSource = restApi()): FunctionSnapshot =>
  makeSnapshot({ policies: [policyOf([apiGrant(REST_ID)])], sources: [source] });

/** That API, when apigateway:GET was denied. */
export const DENIED_API: TriggerSource = {
  type: 'unread',
  arn: apiArn(REST_ID),
  api: 'apigateway:GET',
  reason: 'AccessDenied',
};

/** The checks on paths need the function policy: without it they stay silent. */
export const POLICY_UNREAD = makeSnapshot({
  policies: null,
  sources: [restApi()],
  unverified: [gap('lambda:GetPolicy', 'triggers')],
});

/** A function behind that API when apigateway:GET was denied, as collect leaves it. */
export const API_UNREAD: FunctionSnapshot = {
  ...withApi(DENIED_API),
  unverified: [gap(DENIED_API.api, 'triggers')],
};
