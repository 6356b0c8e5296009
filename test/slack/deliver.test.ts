import { describe, expect, it } from 'vitest';
import { ResponseUrlBudget, retryAfterMs } from '../../src/slack/deliver.js';
import { InFlight } from '../../src/slack/inflight.js';
import { OutputCache } from '../../src/slack/output-cache.js';

describe('ResponseUrlBudget', () => {
  it('allows 5 uses of a response_url', () => {
    const budget = new ResponseUrlBudget(() => 0);
    for (let i = 5; i > 0; i--) {
      expect(budget.remaining('u')).toBe(i);
      budget.use('u');
    }
    expect(budget.remaining('u')).toBe(0);
    expect(budget.remaining('other')).toBe(5);
  });

  it('allows none 30 minutes after the first use', () => {
    let now = 0;
    const budget = new ResponseUrlBudget(() => now);
    budget.use('u');
    now = 30 * 60_000;
    expect(budget.remaining('u')).toBe(0);
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['2', 2000],
    ['0', 0],
    [null, 1000],
    ['soon', 1000],
    [new Date(10_000).toUTCString(), 5000],
  ])('reads %j', (header, ms) => {
    expect(retryAfterMs(header, 5000)).toBe(ms);
  });
});

describe('InFlight', () => {
  it('joins identical work while it runs and forgets it after', async () => {
    const inflight = new InFlight();
    let runs = 0;
    const work = async () => {
      runs += 1;
      return runs;
    };
    const a = inflight.run('k', work);
    const b = inflight.run('k', work);
    expect([a.joined, b.joined]).toEqual([false, true]);
    expect(await b.promise).toBe(1);
    expect(inflight.size).toBe(0);
    expect(await inflight.run('k', work).promise).toBe(2);
  });

  it('a failure reaches every joined caller and is not cached', async () => {
    const inflight = new InFlight();
    const a = inflight.run('k', async () => Promise.reject(new Error('boom')));
    const b = inflight.run('k', async () => 1);
    await expect(a.promise).rejects.toThrow('boom');
    await expect(b.promise).rejects.toThrow('boom');
    expect(inflight.size).toBe(0);
  });
});

describe('OutputCache', () => {
  it('returns what was put under an unguessable key until it expires', () => {
    let now = 0;
    const cache = new OutputCache(1000, 10, () => now);
    const key = cache.put({ kind: 'help', text: 'x' });
    expect(key).toMatch(/^[\w-]{16}$/);
    expect(cache.get(key)).toEqual({ kind: 'help', text: 'x' });
    now = 1000;
    expect(cache.get(key)).toBeUndefined();
  });

  it('keeps at most `max` entries, dropping the oldest', () => {
    const cache = new OutputCache(60_000, 2);
    const first = cache.put({ kind: 'help', text: '1' });
    cache.put({ kind: 'help', text: '2' });
    const third = cache.put({ kind: 'help', text: '3' });
    expect(cache.get(first)).toBeUndefined();
    expect(cache.get(third)).toBeDefined();
  });
});
