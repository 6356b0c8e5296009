import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createEngine, type RunningEngine } from '../src/engine.js';
import { AwsError } from '../src/errors.js';
import { type FakeAws, startFakeAws } from './fakes/aws/index.js';
import { ACCOUNT, CREDENTIALS, OTHER_ACCOUNT, REGION } from './fakes/aws/test-world.js';
import type { World } from './fakes/aws/world.js';

/**
 * Several accounts (AUDIT_ACCOUNT_ROLES): the engine assumes a role in each through the real STS
 * client against the fake, whose AssumeRole enforces the trust policy's sts:ExternalId.
 */
const AUDIT_ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/lambda-audit`;
const EXTERNAL_ID = 'lambda-audit-7f3a';
const HOME_FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:home-fn`;
const OTHER_FN = `arn:aws:lambda:${REGION}:${OTHER_ACCOUNT}:function:other-fn`;

const fn = (name: string, account: string) => ({
  Configuration: { FunctionName: name, Runtime: 'nodejs20.x', Role: `arn:aws:iam::${account}:role/${name}` },
});
const world: World = {
  accounts: {
    [ACCOUNT]: { regions: { [REGION]: { functions: [fn('home-fn', ACCOUNT)] } } },
    [OTHER_ACCOUNT]: {
      iam: {
        roles: [
          {
            RoleName: 'lambda-audit',
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                  Action: 'sts:AssumeRole',
                  Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
                },
              ],
            },
          },
        ],
      },
      regions: { [REGION]: { functions: [fn('other-fn', OTHER_ACCOUNT)] } },
    },
  },
};

let fake: FakeAws;
const engines: RunningEngine[] = [];

function engineWith(env: Record<string, string>): RunningEngine {
  const config = loadConfig({ AUDIT_REGIONS: REGION, AUDIT_ACCOUNT_ROLES: AUDIT_ROLE, ...env });
  const engine = createEngine(
    config,
    { endpoint: fake.url, credentials: CREDENTIALS },
    {
      quotas: { 'lambda:*': 2000, 'iam:*': 2000, 'logs:*': 2000, 'sts:*': 2000 },
    },
  );
  engines.push(engine);
  return engine;
}

beforeAll(async () => {
  fake = await startFakeAws({ world, lastAccessedPolls: 0 });
});
afterAll(async () => {
  for (const engine of engines) engine.close();
  await fake.close();
});

describe('auditing other accounts through AUDIT_ACCOUNT_ROLES', () => {
  it('passes AUDIT_EXTERNAL_ID when assuming the role, and scans both accounts', async () => {
    const engine = engineWith({ AUDIT_EXTERNAL_ID: EXTERNAL_ID });
    const scan = await engine.scan([REGION]);
    expect(scan.summary.failed).toEqual([]);
    expect(scan.functions.map((r) => r.function.arn).sort()).toEqual([HOME_FN, OTHER_FN]);
    const report = await engine.audit({ function: OTHER_FN, region: REGION });
    expect(report.function.accountId).toBe(OTHER_ACCOUNT);
  });

  it('names sts:AssumeRole and the role, not the call that needed it, when the role refuses', async () => {
    const engine = engineWith({});
    const scan = await engine.scan([REGION]);
    expect(scan.functions.map((r) => r.function.arn)).toEqual([HOME_FN]);
    expect(scan.summary.failed).toHaveLength(1);
    const reason = scan.summary.failed[0]?.reason ?? '';
    expect(reason).toContain(`${OTHER_ACCOUNT}: sts:AssumeRole: could not assume ${AUDIT_ROLE}`);
    expect(reason).toContain('missing permission sts:AssumeRole');
    expect(reason).not.toContain('lambda:ListFunctions');

    const audit = engine.audit({ function: OTHER_FN, region: REGION });
    await expect(audit).rejects.toBeInstanceOf(AwsError);
    await expect(audit).rejects.toMatchObject({ api: 'sts:AssumeRole', code: 'aws_access_denied' });
    await expect(audit).rejects.toThrow(AUDIT_ROLE);
  });

  it('names sts:AssumeRole when the bot may not call it at all', async () => {
    fake.setKnobs({ accessDenied: ['sts:AssumeRole'] });
    try {
      const scan = await engineWith({ AUDIT_EXTERNAL_ID: EXTERNAL_ID }).scan([REGION]);
      expect(scan.summary.failed.map((f) => f.reason)).toEqual([
        expect.stringContaining(`${OTHER_ACCOUNT}: sts:AssumeRole: could not assume ${AUDIT_ROLE}`),
      ]);
    } finally {
      fake.setKnobs({ accessDenied: [] });
    }
  });

  it('refuses a function ARN in an account that is neither its own nor assumed', async () => {
    const engine = engineWith({ AUDIT_EXTERNAL_ID: EXTERNAL_ID });
    await expect(
      engine.audit({ function: `arn:aws:lambda:${REGION}:999999999999:function:x`, region: REGION }),
    ).rejects.toThrow(
      `account 999999999999 is not audited (audited: ${ACCOUNT}, ${OTHER_ACCOUNT}); to audit it, add a role in it to AUDIT_ACCOUNT_ROLES`,
    );
  });
});
