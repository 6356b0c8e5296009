import { describe, expect, it } from 'vitest';
import { cliForTests } from './cli-harness.js';

/**
 * The sample account has GuardDuty with Lambda Protection in eu-central-1 and no detector in
 * us-east-1: one account-and-region finding, reported once, never once per function.
 */
const cli = cliForTests();
const ENV = { AWS_REGION: 'eu-central-1', AUDIT_REGIONS: 'eu-central-1,us-east-1' };
const CHECK = 'guardduty-lambda-protection-off';
const occurrences = (text: string) => text.split(CHECK).length - 1;

interface Finding {
  check: string;
}
interface ScanJson {
  functions: { findings: Finding[] }[];
  accounts: { accountId: string; region: string; findings: (Finding & { resource: string })[] }[];
}

describe('account and region findings', () => {
  it('a scan reports GuardDuty once per account and region, in JSON, text, SARIF and the digest', async () => {
    const json = JSON.parse((await cli.run(['scan', '--format', 'json'], ENV)).out) as ScanJson;
    expect(json.accounts.map((a) => [a.accountId, a.region, a.findings.map((f) => f.check)])).toEqual([
      ['123456789012', 'eu-central-1', []],
      ['123456789012', 'us-east-1', [CHECK]],
    ]);
    expect(json.accounts[1]?.findings[0]?.resource).toBe('arn:aws:guardduty:us-east-1:123456789012:detector');
    expect(json.functions.flatMap((f) => f.findings).filter((f) => f.check === CHECK)).toEqual([]);

    expect(occurrences((await cli.run(['scan'], ENV)).out)).toBe(1);

    const sarif = JSON.parse((await cli.run(['scan', '--format', 'sarif'], ENV)).out) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]?.results.filter((r) => r.ruleId === CHECK) ?? [];
    expect(results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual([
      'account/us-east-1/123456789012',
    ]);

    const digest = await cli.run(['digest', '--dry-run'], ENV);
    expect(occurrences(digest.out)).toBe(1);
  });

  it('an audit shows its account and region under `account`', async () => {
    const east = JSON.parse(
      (await cli.run(['audit', 'nightly-report', '--region', 'us-east-1', '--format', 'json'], ENV)).out,
    ) as { findings: Finding[]; account: ScanJson['accounts'][number] };
    expect(east.account).toMatchObject({ accountId: '123456789012', region: 'us-east-1' });
    expect(east.account.findings.map((f) => f.check)).toEqual([CHECK]);
    expect(east.findings.map((f) => f.check)).not.toContain(CHECK);
    const central = JSON.parse((await cli.run(['audit', 'orders-api', '--format', 'json'], ENV)).out) as {
      account: ScanJson['accounts'][number];
    };
    expect(central.account.findings).toEqual([]);
  });
});
