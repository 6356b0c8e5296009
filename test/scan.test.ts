import { describe, expect, it, vi } from 'vitest';
import { auditSnapshot } from '../src/audit.js';
import { RoleReader } from '../src/collect/role.js';
import { Budget } from '../src/concurrency.js';
import { loadConfig } from '../src/config.js';
import { scan, spreadRoles } from '../src/scan.js';
import { REGION, useSampleAws } from './collect/sample-clients.js';

/** `count` functions named fn-0..., function i using role `roleOf(i)`. */
const listing = (count: number, roleOf: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => ({ arn: `fn-${i}`, role: roleOf(i) }));

/** Positions at which each role's first function is audited. */
const firstUses = (order: string[], roleOf: (arn: string) => string): number[] => {
  const seen = new Set<string>();
  return order.flatMap((arn, position) => {
    const role = roleOf(arn);
    if (seen.has(role)) return [];
    seen.add(role);
    return [position];
  });
};

describe('spreadRoles', () => {
  it('spreads the roles first used in a row (the worst listing order) evenly over the scan', () => {
    const functions = listing(200, (i) => `role-${i % 20}`);
    const order = spreadRoles(functions);
    expect([...order].sort()).toEqual(functions.map((f) => f.arn).sort()); // each exactly once
    const roleOf = (arn: string) => `role-${Number(arn.slice(3)) % 20}`;
    const starts = firstUses(order, roleOf);
    expect(starts).toHaveLength(20);
    // One new role every 10 functions, not 20 in the first 20 positions.
    expect(starts.slice(0, 3)).toEqual([0, 10, 20]);
    expect(starts.at(-1)).toBe(190);
  });

  it('puts every function after its role has started and starts a role when nothing else waits', () => {
    // One role with most functions, then one function per role.
    const roleOf = (i: number) => (i < 6 ? 'shared' : `own-${i}`);
    const order = spreadRoles(listing(10, roleOf));
    expect(order).toHaveLength(10);
    expect(new Set(order).size).toBe(10);
    const position = (arn: string) => order.indexOf(arn);
    for (let i = 1; i < 6; i++) expect(position(`fn-${i}`)).toBeGreaterThan(position('fn-0'));
  });

  it('keeps an empty listing empty', () => {
    expect(spreadRoles([])).toEqual([]);
  });
});

describe('scan under a budget of functions held', () => {
  const aws = useSampleAws();

  it('lists its functions, then reads nothing more until they fit beside what other scans hold', async () => {
    const held = new Budget(100);
    // Another unit holds the whole budget.
    const other = await held.take(100);
    const take = vi.spyOn(held, 'take');
    const settings = loadConfig({});
    const now = new Date();
    const running = scan({
      scopes: [{ account: 'sample', region: REGION, clients: aws.clients, functions: aws.options.functions }],
      now,
      logWindowMs: 86_400_000,
      roles: new RoleReader({ pollFirstMs: 1 }),
      audit: (snapshot) => auditSnapshot(snapshot, settings, now),
      functionDeadlineMs: 60_000,
      held,
    });
    await vi.waitFor(() => expect(aws.fake.calls.get('lambda:ListFunctions')).toBe(1));
    expect(aws.fake.calls.get('logs:DescribeLogGroups') ?? 0).toBe(0);
    expect(aws.fake.calls.get('lambda:GetFunction') ?? 0).toBe(0);

    other();
    const report = await running;
    expect(report.functions.length).toBeGreaterThan(0);
    expect(aws.fake.calls.get('lambda:GetFunction')).toBe(report.functions.length);
    // It asked for its own functions once listed, and gave them back.
    expect(take).toHaveBeenCalledExactlyOnceWith(report.functions.length + report.summary.failed.length);
    expect(held.taken).toBe(0);
  });
});
