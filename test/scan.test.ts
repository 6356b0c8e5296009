import { describe, expect, it } from 'vitest';
import { spreadRoles } from '../src/scan.js';

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
