import { afterEach, describe, expect, it } from 'vitest';
import { cliForTests } from './cli-harness.js';

/**
 * An API that does not answer: the audit ends at its deadline and lists what did not answer as
 * unverified. The deadlines here are 3 to 4 s (the defaults are 30 and 60 s) against 20 s of
 * latency on one API, so each test takes about its deadline; nothing asserts on elapsed time.
 * Every other read must answer within the deadline: at 1 s, on a machine loaded by other work,
 * the audit's other reads did not (seen once, with a load average of 13 on 2 cores).
 */
const cli = cliForTests();
const SLOW = 20_000;
afterEach(() => cli.fake.setKnobs({ latencyMs: 0 }));

interface Report {
  unverified: { api: string; reason: string }[];
}

describe('a read that does not answer', () => {
  it('becomes a gap at AUDIT_DEADLINE, and the rest of the audit stands', async () => {
    cli.fake.setKnobs({ latencyMs: { 'lambda:ListFunctionUrlConfigs': SLOW } });
    const { code, out } = await cli.run(['audit', 'public-webhook', '--format', 'json', '--fail-on', 'low'], {
      AWS_REGION: 'eu-central-1',
      AUDIT_DEADLINE: '3',
    });
    const report = JSON.parse(out) as Report & { findings: { check: string }[] };
    expect(report.unverified).toEqual([
      {
        area: 'url',
        api: 'lambda:ListFunctionUrlConfigs',
        reason: 'did not answer within 3 s (AUDIT_DEADLINE); what it reads is unverified',
      },
    ]);
    // The other reads answered: their findings are there.
    expect(report.findings.map((f) => f.check)).toContain('runtime-deprecated');
    expect(code).toBe(3);
  });

  it('is retried after the request timeout while the deadline allows', async () => {
    cli.fake.setKnobs({ latencyMs: { 'lambda:ListFunctionUrlConfigs': SLOW } });
    cli.fake.reset();
    const { out } = await cli.run(['audit', 'public-webhook', '--format', 'json'], {
      AWS_REGION: 'eu-central-1',
      AUDIT_DEADLINE: '4',
      AUDIT_REQUEST_TIMEOUT: '1',
    });
    expect((JSON.parse(out) as Report).unverified.map((g) => g.api)).toEqual([
      'lambda:ListFunctionUrlConfigs',
    ]);
    expect(cli.fake.counts().calls['lambda:ListFunctionUrlConfigs']).toBeGreaterThanOrEqual(2);
  });

  it('becomes a gap of each function at SCAN_FUNCTION_DEADLINE in a scan', async () => {
    // Every function lists its URLs (the event-invoke configs only those with an asynchronous source).
    cli.fake.setKnobs({ latencyMs: { 'lambda:ListFunctionUrlConfigs': SLOW } });
    const { code, out } = await cli.run(['scan', '--format', 'json', '--fail-on', 'critical'], {
      AWS_REGION: 'eu-central-1',
      SCAN_FUNCTION_DEADLINE: '3',
    });
    const scan = JSON.parse(out) as { functions: Report[] };
    expect(scan.functions.length).toBeGreaterThan(5);
    for (const report of scan.functions) {
      expect(report.unverified).toEqual([
        {
          area: 'url',
          api: 'lambda:ListFunctionUrlConfigs',
          reason: 'did not answer within 3 s (SCAN_FUNCTION_DEADLINE); what it reads is unverified',
        },
      ]);
    }
    expect(code).toBe(3);
  });
});
