import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scaleWorld } from '../../bench/scale-world.js';
import { loadConfig } from '../../src/config.js';
import { createEngine } from '../../src/engine.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/index.js';
import { CREDENTIALS, sampleWorld } from '../fakes/sample-world.js';

const REGION = 'eu-central-1';
let fake: FakeAws;
// Pacing is the rate limiter's own test; here the quotas are lifted so the logic runs fast.
const engine = (regions = REGION) =>
  createEngine(
    loadConfig({ AUDIT_REGIONS: regions }),
    { endpoint: fake.url, credentials: CREDENTIALS },
    { quotas: { 'lambda:*': 2000, 'iam:*': 2000, 'logs:*': 2000 } },
  );

beforeAll(async () => {
  fake = await startFakeAws({ world: sampleWorld(), lastAccessedPolls: 0 });
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.setWorld(sampleWorld());
  fake.setKnobs({ accessDenied: [], failures: {}, rateLimits: {} });
  fake.reset();
});

describe('scan at account scale', () => {
  it('uses account-wide listings instead of per-function calls where AWS has them', async () => {
    const e = engine('eu-central-1,us-east-1');
    const report = await e.scan(['eu-central-1', 'us-east-1']);
    e.close();
    expect(report.summary).toMatchObject({ functions: 15, incomplete: 0, failed: [] });
    const calls = Object.fromEntries(fake.calls);
    expect(calls['lambda:ListEventSourceMappings']).toBe(2); // once per region, not per function
    // One listing per region serves both the scan and who shares each role.
    expect(calls['lambda:ListFunctions']).toBe(2);
    expect(calls['lambda:GetFunctionCodeSigningConfig']).toBeUndefined();
    expect(calls['logs:FilterLogEvents']).toBeUndefined();
    expect(calls['logs:StartQuery']).toBe(2);
    expect(calls['lambda:GetFunction']).toBe(15);
    // Recent errors found through Logs Insights are the same as the one-function search finds.
    const resizer = report.functions.find((f) => f.function.name === 'image-resizer');
    expect(resizer?.logs.searched?.counts).toMatchObject({ timeout: 2, outOfMemory: 1 });
    expect(resizer?.findings.map((f) => f.check)).toContain('logs-recent-errors');
  });

  it('reads each role and managed policy once, however many functions share them', async () => {
    // Four functions per role, all read at once: enough to show the sharing (bench/ scans 2,000).
    fake.setWorld(scaleWorld(200, 50));
    const e = engine();
    const report = await e.scan([REGION]);
    e.close();
    expect(report.summary.failed).toEqual([]); // says why, should a function ever fail here
    expect(report.summary.functions).toBe(200);
    const calls = Object.fromEntries(fake.calls);
    expect(calls['iam:GetRole']).toBe(50);
    expect(calls['iam:ListAttachedRolePolicies']).toBe(50);
    expect(calls['iam:GenerateServiceLastAccessedDetails']).toBe(50);
    // 40 customer-managed policies and 3 AWS-managed ones, each read once.
    expect(calls['iam:GetPolicyVersion']).toBe(43);
  }, 60_000);

  it('completes under throttling and says exactly what it could not read', async () => {
    fake.setKnobs({
      failures: {
        'lambda:ListAliases': { ratio: 0.3, seed: 3 },
        'lambda:GetFunction': { ratio: 0.3, seed: 4 },
      },
      accessDenied: ['lambda:GetPolicy'],
    });
    const e = engine();
    const report = await e.scan([REGION]);
    e.close();
    expect(report.summary.functions + report.summary.failed.length).toBe(13);
    expect(report.summary.failed).toEqual([]);
    for (const fn of report.functions) {
      expect(fn.unverified.map((u) => u.api)).toContain('lambda:GetPolicy');
      expect(fn.findings.filter((f) => f.check.startsWith('policy-'))).toEqual([]);
    }
  });
});
