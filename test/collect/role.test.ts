import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { RoleReader } from '../../src/collect/role.js';
import { type FakeAws, startFakeAws, type World } from '../fakes/aws/index.js';
import { TRUST_POLICY } from '../fakes/aws/test-world.js';
import { CREDENTIALS } from '../fakes/sample-world.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';
const CUSTOMER_POLICY = `arn:aws:iam::${ACCOUNT}:policy/orders-read`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/orders-role`;
const DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
};

/** One role with an AWS-managed and a customer-managed policy attached. */
function world(): World {
  return {
    defaultAccount: ACCOUNT,
    accounts: {
      [ACCOUNT]: {
        regions: { [REGION]: {} },
        iam: {
          policies: [{ Arn: CUSTOMER_POLICY, Document: DOCUMENT }],
          roles: [
            {
              RoleName: 'orders-role',
              AssumeRolePolicyDocument: TRUST_POLICY,
              AttachedPolicies: ['arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole', CUSTOMER_POLICY],
            },
          ],
        },
      },
    },
  };
}

let fake: FakeAws;
let iam: ReturnType<typeof createClients>['iam'];

beforeAll(async () => {
  fake = await startFakeAws({ world: world() });
  iam = createClients({ region: REGION, endpoint: fake.url, credentials: CREDENTIALS }).iam;
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

const calls = (api: string) => fake.calls.get(api) ?? 0;

describe('RoleReader.forAccount', () => {
  it('reads a role once per account reader, and again in a reader made after the first was dropped', async () => {
    const scan = new RoleReader({ pollFirstMs: 1 });
    const account = scan.forAccount();
    const first = await account.read(iam, ROLE_ARN);
    await account.read(iam, ROLE_ARN);
    expect(calls('iam:GetRole')).toBe(1);
    expect(first.role && 'attachedPolicies' in first.role ? first.role.attachedPolicies.length : 0).toBe(2);

    // The account's units are done: its reader goes, and a later one reads the role anew.
    const again = await scan.forAccount().read(iam, ROLE_ARN);
    expect(calls('iam:GetRole')).toBe(2);
    expect(again.role).toMatchObject({ Arn: ROLE_ARN, RoleName: 'orders-role' });
  });

  it('shares AWS-managed documents across account readers, not customer-managed ones', async () => {
    const scan = new RoleReader({ pollFirstMs: 1 });
    await scan.forAccount().read(iam, ROLE_ARN);
    await scan.forAccount().read(iam, ROLE_ARN);
    // Two readers: the customer-managed policy read by each, the AWS-managed one once.
    expect(calls('iam:GetPolicy')).toBe(3);
    expect(calls('iam:GetPolicyVersion')).toBe(3);
  });
});
