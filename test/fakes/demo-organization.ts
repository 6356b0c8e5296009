/**
 * The demo's organization (`lambda-audit demo scan --org`): the small organization of the tests
 * (orgWorld) with the sample account joined as a member, so the demo shows an organization scan's
 * whole shape — accounts found through Organizations, a region enabled in one account only, an
 * excluded and a suspended account left out, and an account whose role cannot be assumed.
 */
import type { World } from './aws/index.js';
import { EXTERNAL_ID, MANAGEMENT, OU_APPS, orgWorld, ROLE_NAME, trustOfManagement } from './org-world.js';

export function demoOrganization(sample: World): World {
  const org = orgWorld();
  const id = sample.defaultAccount;
  const account = id ? sample.accounts[id] : undefined;
  if (!id || !account) throw new Error('the sample world names no default account to join the organization');
  const iam = account.iam ?? {};
  const auditRole = {
    RoleName: ROLE_NAME,
    AssumeRolePolicyDocument: trustOfManagement(MANAGEMENT, EXTERNAL_ID),
  };
  org.accounts[id] = { ...account, iam: { ...iam, roles: [...(iam.roles ?? []), auditRole] } };
  org.organization?.accounts.push({ Id: id, Name: 'sample', ParentId: OU_APPS });
  return org;
}
