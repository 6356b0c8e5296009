import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { ORGANIZATION_READS } from '../../src/collect/permissions.js';
import type { Config } from '../../src/config.js';
import { createEngine } from '../../src/engine.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/index.js';
import {
  EXCLUDED,
  fnArn,
  LOCKED,
  MANAGEMENT,
  MANAGEMENT_CREDENTIALS,
  MEMBER,
  OPT_IN,
  ORG_ENV as ORG_BASE_ENV,
  ORG_QUOTAS,
  OU_APPS,
  OU_TEAM,
  orgWorld,
  REGION,
  ROLE_NAME,
} from '../fakes/org-world.js';

/**
 * `lambda-audit scan --org` end to end: the real CLI, engine and SDK clients against the fake
 * organization (Organizations, Account, STS serving several accounts).
 */
let fake: FakeAws;
const QUOTAS = ORG_QUOTAS;
const ORG_ENV = { ...ORG_BASE_ENV, DATABASE_URL: ':memory:' };

async function cli(argv: string[], env: Record<string, string>, credentials = MANAGEMENT_CREDENTIALS) {
  let out = '';
  let err = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), isTty: false, env };
  const engineFor = (config: Config) =>
    createEngine(config, { endpoint: fake.url, credentials }, { quotas: QUOTAS });
  const code = await main(argv, io, engineFor);
  return { code, out, err };
}

interface ScanJson {
  functions: { function: { arn: string } }[];
  summary: { failed: { function: string; region: string; reason: string }[] };
  accounts: { accountId: string; unverified: { api: string; reason: string }[] }[];
}

beforeAll(async () => {
  fake = await startFakeAws({ world: orgWorld(), lastAccessedPolls: 0 });
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.setWorld(orgWorld());
  fake.reset();
});

describe('lambda-audit scan --org', () => {
  it('scans every active account in every region it has enabled, and says loudly which it could not enter', async () => {
    const { code, out, err } = await cli(['scan', '--org', '--format', 'json'], {
      ...ORG_ENV,
      AUDIT_ORG_EXCLUDE: EXCLUDED,
    });
    const scan = JSON.parse(out) as ScanJson;
    // The management account with its own credentials, the member in its opt-in region too; the
    // suspended and excluded accounts not at all; a region enabled in one account only there.
    expect(scan.functions.map((f) => f.function.arn).sort()).toEqual(
      [
        fnArn(MANAGEMENT, REGION, `fn-111-${REGION}`),
        fnArn(MEMBER, OPT_IN, `fn-222-${OPT_IN}`),
        fnArn(MEMBER, REGION, `fn-222-${REGION}`),
      ].sort(),
    );
    // The account whose role refuses is a gap naming sts:AssumeRole and the role: exit 3.
    const role = `arn:aws:iam::${LOCKED}:role/${ROLE_NAME}`;
    expect(code).toBe(3);
    expect(scan.summary.failed).toEqual([
      {
        function: '*',
        region: '*',
        reason: expect.stringContaining(`${LOCKED}: sts:AssumeRole: could not assume ${role}`),
      },
    ]);
    const locked = scan.accounts.find((a) => a.accountId === LOCKED);
    expect(locked?.unverified).toEqual([
      { area: 'account', api: 'sts:AssumeRole', reason: expect.stringContaining(role) },
    ]);
    expect(err).not.toContain('scanning');
    const calls = fake.counts().calls;
    expect(calls['organizations:ListAccounts']).toBe(1);
    expect(calls['account:ListRegions']).toBe(2);
  });

  it('shows accounts and account-regions done on stderr with --progress, leaving the JSON on stdout whole', async () => {
    const { out, err } = await cli(['scan', '--org', '--progress', '--format', 'json'], {
      ...ORG_ENV,
      AUDIT_ORG_EXCLUDE: EXCLUDED,
    });
    expect(() => JSON.parse(out)).not.toThrow();
    // Not a terminal: a line each time a unit finishes; the last one has everything done.
    const last = err
      .split('\n')
      .filter((l) => l.startsWith('scanning:'))
      .at(-1);
    expect(last).toMatch(
      /^scanning: accounts 3\/3, account-regions 4\/4, functions 3\/3; slowest \d{12}\/[\w*-]+ \d+ s$/,
    );
    expect(out).not.toContain('scanning');
  });

  it('limits the scan to AUDIT_ORG_OUS and their child OUs', async () => {
    const { out } = await cli(['scan', '--org', '--format', 'json'], { ...ORG_ENV, AUDIT_ORG_OUS: OU_APPS });
    const scan = JSON.parse(out) as ScanJson;
    expect(new Set(scan.functions.map((f) => f.function.arn.split(':')[4]))).toEqual(new Set([MEMBER]));
    // LOCKED sits in the child OU: it is covered, so its refusal is reported.
    expect(scan.summary.failed.map((f) => f.reason)).toEqual([expect.stringContaining(LOCKED)]);
    expect(fake.counts().calls['organizations:ListOrganizationalUnitsForParent']).toBe(2);

    const team = JSON.parse(
      (await cli(['scan', '--format', 'json'], { ...ORG_ENV, AUDIT_ORG_OUS: OU_TEAM })).out,
    ) as ScanJson;
    expect(team.functions).toEqual([]);
    expect(team.summary.failed).toHaveLength(1);
  });

  it('reports a listed region that an account has not enabled as a failure in that account and region', async () => {
    const { out, code } = await cli(['scan', '--org', '--format', 'json'], {
      ...ORG_ENV,
      AUDIT_REGIONS: `${REGION},${OPT_IN}`,
      AUDIT_ORG_EXCLUDE: `${LOCKED},${EXCLUDED}`,
    });
    const scan = JSON.parse(out) as ScanJson;
    expect(code).toBe(3);
    expect(scan.functions).toHaveLength(3);
    expect(scan.summary.failed).toEqual([
      {
        function: '*',
        region: OPT_IN,
        reason: expect.stringMatching(
          new RegExp(`^${MANAGEMENT}: lambda:ListFunctions: .*is the region enabled`),
        ),
      },
    ]);
  });

  it('with listed regions, enters each account once, and an account whose role refuses is one account section', async () => {
    const { out, code } = await cli(['scan', '--org', '--format', 'json'], {
      ...ORG_ENV,
      AUDIT_REGIONS: `${REGION},${OPT_IN}`,
      AUDIT_ORG_EXCLUDE: EXCLUDED,
    });
    const scan = JSON.parse(out) as ScanJson;
    expect(code).toBe(3);
    // No account is entered to plan the units: MEMBER's and LOCKED's roles are asked for once each.
    expect(fake.counts().calls['sts:AssumeRole']).toBe(2);
    // LOCKED's region units merge into one account section naming sts:AssumeRole and the role,
    // and a failed entry in each listed region, as when its role was tried before planning.
    const role = `arn:aws:iam::${LOCKED}:role/${ROLE_NAME}`;
    const locked = scan.accounts.filter((a) => a.accountId === LOCKED);
    expect(locked).toEqual([
      expect.objectContaining({
        region: '*',
        unverified: [{ area: 'account', api: 'sts:AssumeRole', reason: expect.stringContaining(role) }],
      }),
    ]);
    const refused = scan.summary.failed.filter((f) => f.reason.startsWith(`${LOCKED}: sts:AssumeRole`));
    expect(refused.map((f) => f.region).sort()).toEqual([OPT_IN, REGION].sort());
    expect(refused.every((f) => f.function === '*' && f.reason.includes(role))).toBe(true);
  });

  it('refuses --org without AUDIT_ORG_ROLE_NAME, and bad organization settings, before calling AWS', async () => {
    const noRole = await cli(['scan', '--org'], { AWS_REGION: REGION, DATABASE_URL: ':memory:' });
    expect(noRole.code).toBe(2);
    expect(noRole.err).toContain('scan --org needs AUDIT_ORG_ROLE_NAME');
    const badOu = await cli(['scan', '--org'], { ...ORG_ENV, AUDIT_ORG_OUS: 'apps' });
    expect(badOu.code).toBe(2);
    expect(badOu.err).toContain("AUDIT_ORG_OUS: 'apps' is not an OU id");
    const mixed = await cli(['scan', '--org'], { ...ORG_ENV, AUDIT_REGIONS: 'all,eu-west-1' });
    expect(mixed.err).toContain("AUDIT_REGIONS: 'all' stands alone");
    expect(fake.counts().total).toBe(0);
  });

  it('says what to do when the credentials may not list the organization', async () => {
    const member = { accessKeyId: `AKIA${MEMBER}XXXX`, secretAccessKey: 'test' };
    const denied = await cli(['scan', '--org'], ORG_ENV, member);
    expect(denied.code).toBe(3);
    expect(denied.err).toContain('organizations:ListAccounts');
    expect(denied.err).toContain('the management account or a delegated administrator');
    const { organization: _, ...alone } = orgWorld();
    fake.setWorld(alone);
    const outside = await cli(['scan', '--org'], ORG_ENV);
    expect(outside.code).toBe(3);
    expect(outside.err).toContain('not in an organization (AWSOrganizationsNotInUseException)');
  });

  it.each(ORGANIZATION_READS)(
    'names %s when it is denied, and scans nothing as if it were clean',
    async (api) => {
      fake.setKnobs({ accessDenied: [api] });
      try {
        // ListAccountsForParent and ListOrganizationalUnitsForParent are called for AUDIT_ORG_OUS only.
        const env = api.includes('ForParent') ? { ...ORG_ENV, AUDIT_ORG_OUS: OU_APPS } : ORG_ENV;
        const { code, out, err } = await cli(['scan', '--org', '--format', 'json'], env);
        expect(code).toBe(3);
        // Without the list there is no scan; without an account's regions, that account is a gap.
        const named =
          api === 'account:ListRegions'
            ? (JSON.parse(out) as ScanJson).summary.failed.map((f) => f.reason).join('\n')
            : err;
        expect(named).toContain(api);
      } finally {
        fake.setKnobs({ accessDenied: [] });
      }
    },
  );

  it('documents --org in scan --help', async () => {
    const { out } = await cli(['scan', '--help'], {});
    expect(out).toContain('--org');
    expect(out).toContain('AUDIT_ORG_ROLE_NAME');
  });
});
