import { describe, expect, it } from 'vitest';
import { sampleWorld } from '../fakes/sample-world.js';
import { cliForTests } from './cli-harness.js';

/**
 * A busy log group whose oldest matching lines are harmless: FilterLogEvents answers oldest
 * first (as AWS does), so a search that pages from the start never reaches the recent failures.
 */
const HOUR = 3_600_000;
const GROUP = '/aws/lambda/orders-api';

function worldWith(harmless: number) {
  const world = sampleWorld();
  const region = world.accounts['123456789012']?.regions['eu-central-1'];
  const group = region?.logGroups?.find((g) => g.logGroupName === GROUP);
  if (!group) throw new Error(`the sample world has no ${GROUP}`);
  group.events = [
    // Matches the error filter ("Exception") but is not a failure.
    ...Array.from({ length: harmless }, (_, i) => ({
      timestamp: -23 * HOUR + Math.floor((i * 22 * HOUR) / harmless),
      message: 'Exception handler registered for /orders',
    })),
    ...[3, 2, 1].map((minutes) => ({
      timestamp: -minutes * 60_000,
      message: 'Task timed out after 3.00 seconds',
    })),
  ];
  return world;
}

interface Report {
  findings: { check: string; evidence: { counts?: Record<string, number> } }[];
  unverified: { api: string; reason: string }[];
}

const cli = cliForTests();
const { run } = cli;

describe('the single-function log search', () => {
  it('sees recent failures behind a thousand older harmless matches, and says it was cut off', async () => {
    cli.fake.setWorld(worldWith(1_500));
    const { code, out } = await run(['audit', 'orders-api', '--format', 'json', '--fail-on', 'medium']);
    const report = JSON.parse(out) as Report;
    const errors = report.findings.find((f) => f.check === 'logs-recent-errors');
    expect(errors?.evidence.counts?.timeout).toBe(3);
    const gap = report.unverified.find((g) => g.api === 'logs:FilterLogEvents');
    expect(gap?.reason).toMatch(/cut off after 10 pages .* newest first; older failures are unverified/);
    expect(code).toBe(3);
  });

  it('covers a window that fits its pages without a gap', async () => {
    cli.fake.setWorld(worldWith(300));
    const { code, out } = await run(['audit', 'orders-api', '--format', 'json', '--fail-on', 'medium']);
    const report = JSON.parse(out) as Report;
    expect(report.unverified).toEqual([]);
    expect(report.findings.find((f) => f.check === 'logs-recent-errors')?.evidence.counts?.timeout).toBe(3);
    expect(code).toBe(1);
  });
});

describe('the scan log search (Logs Insights, newest first)', () => {
  it('makes a batch that hit the row limit a gap for its functions', async () => {
    cli.fake.setWorld(worldWith(10_000));
    const { code, out } = await run(['scan', '--format', 'json', '--fail-on', 'medium']);
    const scan = JSON.parse(out) as { functions: (Report & { function: { name: string } })[] };
    const orders = scan.functions.find((f) => f.function.name === 'orders-api');
    expect(orders?.findings.find((f) => f.check === 'logs-recent-errors')?.evidence.counts?.timeout).toBe(3);
    expect(orders?.unverified.map((g) => g.api)).toEqual(['logs:StartQuery']);
    expect(code).toBe(3);
  });
});
