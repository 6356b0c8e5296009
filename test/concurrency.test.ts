import { describe, expect, it } from 'vitest';
import { Budget } from '../src/concurrency.js';

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Budget', () => {
  it('grants what fits at once and the rest, in the order asked, as releases make room', async () => {
    const budget = new Budget(10);
    const granted: string[] = [];
    const take = (name: string, n: number) =>
      budget.take(n).then((release) => {
        granted.push(name);
        return release;
      });
    const a = take('a', 6);
    const b = take('b', 4);
    const c = take('c', 5);
    const d = take('d', 1);
    await settle();
    // d would fit, but c asked first: nothing overtakes it.
    expect(granted).toEqual(['a', 'b']);
    expect(budget.taken).toBe(10);
    (await a)();
    await settle();
    expect(granted).toEqual(['a', 'b', 'c', 'd']);
    expect(budget.taken).toBe(10);
    (await b)();
    (await c)();
    const releaseD = await d;
    releaseD();
    releaseD();
    expect(budget.taken).toBe(0);
  });

  it('grants more than the whole budget when nothing else holds any, and nothing beside it', async () => {
    const budget = new Budget(10);
    const big = await budget.take(25);
    expect(budget.taken).toBe(25);
    let small = false;
    const next = budget.take(1).then((release) => {
      small = true;
      return release;
    });
    await settle();
    expect(small).toBe(false);
    big();
    (await next)();
    expect(small).toBe(true);
    expect(budget.taken).toBe(0);
  });
});
