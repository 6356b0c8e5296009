import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NO_CREDENTIALS } from '../../src/aws/errors.js';
import { packagePath } from '../../src/paths.js';
import { CREDENTIALS, environmentValues, sampleWorld } from '../fakes/sample-world.js';
import { cliForTests } from './cli-harness.js';

const cli = cliForTests();
const { run } = cli;

describe('lambda-audit CLI', () => {
  it('prints the DESIGN.md JSON schema with the catalog ids', async () => {
    const { code, out } = await run(['audit', 'public-webhook', '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(Object.keys(report).slice(0, 7)).toEqual([
      'function',
      'findings',
      'unverified',
      'triggers',
      'paths',
      'exposure',
      'role',
    ]);
    // Its URL has AuthType NONE and a public grant: an open path, so the function is internet-open.
    expect(report.exposure).toBe('internet-open');
    expect(report.paths[0]).toMatchObject({ kind: 'url', reach: 'public', auth: 'none', tls: true });
    expect(report.function).toEqual({
      name: 'public-webhook',
      arn: 'arn:aws:lambda:eu-central-1:123456789012:function:public-webhook',
      region: 'eu-central-1',
      accountId: '123456789012',
      runtime: 'nodejs18.x',
    });
    const checks = report.findings.map((f: { check: string }) => f.check);
    expect(checks).toEqual(
      expect.arrayContaining([
        'url-public',
        'url-cors-wildcard',
        'runtime-deprecated',
        'policy-cross-account',
      ]),
    );
    expect(report.findings[0]).toMatchObject({ check: 'url-public', severity: 'critical' });
    for (const finding of report.findings) {
      expect(Object.keys(finding)).toEqual([
        'check',
        'severity',
        'title',
        'detail',
        'resource',
        'evidence',
        'remediation',
        'fingerprint',
        'categories',
      ]);
    }
    expect(report.findings[0]?.categories).toEqual(['exposure', 'internet-exposed']);
  });

  it.each([
    [['audit', 'ops-hook', '--fail-on', 'critical'], 1],
    [['audit', 'orders-api', '--fail-on', 'low'], 0],
    [['audit', 'orders-api'], 0],
    [['audit'], 2],
    [['audit', 'orders-api', '--colour'], 2],
    [['audit', 'orders-api', '--format', 'yaml'], 2],
    [['audit', 'no-such-function'], 3],
  ])('%j exits %i', async (argv, expected) => {
    expect((await run(argv)).code).toBe(expected);
  });

  it('role: analyses the execution role and proposes a narrower policy', async () => {
    const { code, out } = await run(['role', 'billing-export', '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.findings.map((f: { check: string }) => f.check)).toEqual(
      expect.arrayContaining(['role-admin', 'role-privilege-escalation', 'role-unused-services']),
    );
    const proposal = report.role.proposal;
    expect(proposal.confidence).toBe('high');
    const actions = proposal.policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions).toContain('s3:GetObject');
    expect(actions).not.toContain('iam:PassRole');
    expect(proposal.removedServices.map((r: { service: string }) => r.service)).toEqual(
      expect.arrayContaining(['iam', 'ec2', 'dynamodb']),
    );
    const text = await run(['role', 'billing-export']);
    expect(text.out).toContain('Proposed least-privilege policy');
    expect(text.out).toContain('PassExistingRoleToNewLambdaThenInvoke');
  });

  it.each(['audit', 'triggers', 'role', 'logs', 'scan', 'digest', 'demo', 'serve', 'snoozed', 'watch'])(
    '%s --help prints its usage and exits 0',
    async (verb) => {
      const { code, out } = await run([verb, '--help']);
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`^lambda-audit ${verb}`));
    },
  );

  it('a scan that could not list a region exits 3, and its SARIF says the run did not succeed', async () => {
    cli.fake.setKnobs({ accessDenied: ['lambda:ListFunctions'] });
    try {
      const text = await run(['scan', '--fail-on', 'low']);
      expect(text.code).toBe(3);
      expect(text.out).toMatch(/ListFunctions/);
      const sarif = JSON.parse((await run(['scan', '--format', 'sarif'])).out);
      expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    } finally {
      cli.fake.setKnobs({ accessDenied: [] });
    }
  });

  it('says in one line that a function does not exist', async () => {
    const { err } = await run(['audit', 'no-such-function']);
    expect(err).toBe('lambda-audit: function no-such-function not found in eu-central-1\n');
  });

  it('scans every configured region, clean function last and without findings above info', async () => {
    const { code, out } = await run(['scan', '--format', 'json'], {
      AUDIT_REGIONS: 'eu-central-1,us-east-1',
    });
    expect(code).toBe(0);
    const scan = JSON.parse(out) as {
      functions: { function: { name: string }; findings: { severity: string }[] }[];
    };
    expect(scan.functions).toHaveLength(15);
    const clean = scan.functions.find((f) => f.function.name === 'orders-api');
    expect(clean?.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('says why the scan counts more findings than the digest of the same account', async () => {
    const env = { AWS_REGION: 'eu-central-1', AUDIT_REGIONS: 'eu-central-1,us-east-1' };
    const json = JSON.parse((await run(['scan', '--format', 'json'], env)).out) as {
      functions: { findings: { fingerprint: string }[] }[];
      accounts: { findings: unknown[] }[];
    };
    const accountFindings = json.accounts.flatMap((a) => a.findings).length;
    const fingerprints = json.functions.flatMap((f) => f.findings.map((x) => x.fingerprint));
    const distinct = new Set(fingerprints).size;
    expect(distinct).toBeLessThan(fingerprints.length);
    const text = (await run(['scan'], env)).out.replace(/\s+/g, ' ');
    expect(text).toContain(
      `${fingerprints.length} findings counted on each function they concern; ${distinct} distinct (a shared role's finding`,
    );
    // The digest counts each once, says why in one line, and lists the account findings apart.
    const digest = await run(['digest', '--dry-run'], env);
    const repeats = fingerprints.length - distinct;
    expect(digest.out).toContain(
      `The scan counted ${fingerprints.length} (once per function a finding is on); ${distinct} here: −${repeats} repeats of findings shared by several functions (a role's).`,
    );
    const accountLines = digest.out.split('Account and region:\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
    expect(accountLines).toHaveLength(accountFindings);
  });

  it('never prints an environment value, in any format', async () => {
    const secrets = environmentValues(sampleWorld()).filter((v) => v.length >= 8);
    expect(secrets.length).toBeGreaterThan(3);
    for (const format of ['text', 'json', 'sarif']) {
      const { out } = await run(['scan', '--format', format], { AUDIT_REGIONS: 'eu-central-1,us-east-1' });
      for (const secret of secrets) expect(out).not.toContain(secret);
    }
  });

  it('audits a function by ARN in a region AUDIT_REGIONS does not list', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:nightly-report';
    const { code, out } = await run(['audit', arn, '--format', 'json'], { AUDIT_REGIONS: 'eu-central-1' });
    expect(code).toBe(0);
    expect(JSON.parse(out).function).toMatchObject({ arn, region: 'us-east-1' });
  });

  it('refuses, in one line naming it, an ARN in an account that is not audited', async () => {
    const { code, out, err } = await run(['audit', 'arn:aws:lambda:eu-central-1:999999999999:function:x']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      'lambda-audit: account 999999999999 is not audited (audited: 123456789012); to audit it, add a role in it to AUDIT_ACCOUNT_ROLES\n',
    );
  });

  it('stops start-up, naming it, on an unknown check id in DISABLED_CHECKS or CHECK_SEVERITY', async () => {
    const cases: Record<string, string>[] = [
      { DISABLED_CHECKS: 'url-publc' },
      { CHECK_SEVERITY: 'no-such-check=low' },
    ];
    for (const env of cases) {
      const { code, out, err } = await run(['audit', 'orders-api'], { AWS_REGION: 'eu-central-1', ...env });
      expect(code).toBe(2);
      expect(out).toBe('');
      const [variable, value] = Object.entries(env)[0] as [string, string];
      expect(err).toMatch(
        new RegExp(`^lambda-audit: ${variable}: unknown check '${value.split('=')[0]}'.*\n$`),
      );
      expect(err.split('\n')).toHaveLength(2);
    }
  });

  it('without AWS credentials, exits 2 with a one-line hint (a process with an empty credential chain)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lambda-audit-no-credentials-'));
    const failed = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', packagePath('src', 'main.ts'), 'audit', 'sns-fanout'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
          // Never ask the instance metadata service: tests do not leave the machine.
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_ENDPOINT_URL: cli.fake.url,
          AWS_REGION: 'eu-central-1',
        },
      },
    ).then(
      () => null,
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toBe(`lambda-audit: ${NO_CREDENTIALS}\n`);
  });

  it('runs as a process against AWS_ENDPOINT_URL', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', packagePath('src', 'main.ts'), 'audit', 'sns-fanout', '--format', 'json'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_ENDPOINT_URL: cli.fake.url,
          AWS_REGION: 'eu-central-1',
          AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        },
      },
    );
    expect(JSON.parse(stdout).findings.map((f: { check: string }) => f.check)).toContain(
      'policy-service-no-source',
    );
  });
});
