import { describe, expect, it, vi } from 'vitest';
import { actionName, iamActionName, RateLimiter } from '../../src/aws/rate-limiter.js';

/**
 * Runs `body` on a fake clock (setTimeout and Date.now, which `clock` reads): waits for a refill
 * pass when the test moves time, at once and exactly, however loaded the machine is.
 */
async function onFakeClock(body: () => Promise<void>): Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
  try {
    await body();
  } finally {
    vi.useRealTimers();
  }
}
const clock = () => Date.now();

describe('RateLimiter', () => {
  it('lets a second of burst through at once, then paces at (a little under) the quota', async () => {
    await onFakeClock(async () => {
      const limiter = new RateLimiter({ 'lambda:*': 100 }, clock);
      const times: number[] = [];
      const all = Promise.all(
        Array.from({ length: 150 }, () =>
          limiter.take('lambda:ListAliases', 'eu-central-1').then(() => times.push(Date.now())),
        ),
      );
      await vi.runAllTimersAsync();
      await all;
      // The burst: 97% of a second's quota (94 calls) at once.
      expect(times.filter((t) => t === 0)).toHaveLength(94);
      // The other 56 wait for refills at 97 a second, never faster: (56 - the 0.09 token the burst
      // left) / 97 s = 576 ms in all.
      const gaps = times.slice(94).map((t, i) => t - (times[93 + i] as number));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(Math.floor(1000 / 97));
      expect(times[149]).toBeGreaterThanOrEqual(576);
      expect(times[149]).toBeLessThan(600);
    });
  });

  it('gives up a wait when its deadline aborts, and leaves the queue to the others', async () => {
    await onFakeClock(async () => {
      const limiter = new RateLimiter({ 'lambda:GetPolicy': 1 }, clock);
      await limiter.take('lambda:GetPolicy', 'r');
      const deadline = new AbortController();
      const waiting = limiter.take('lambda:GetPolicy', 'r', deadline.signal);
      let served = false;
      const next = limiter.take('lambda:GetPolicy', 'r').then(() => {
        served = true;
      });
      deadline.abort();
      await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
      // The aborted waiter's token goes to the next one in line, not to nobody.
      await vi.advanceTimersByTimeAsync(1100);
      expect(served).toBe(true);
      await next;
      await expect(limiter.take('lambda:GetPolicy', 'r', AbortSignal.abort())).rejects.toMatchObject({
        name: 'AbortError',
      });
    });
  });

  it('draws from the most specific quota: GetPolicy does not use the shared pool', async () => {
    await onFakeClock(async () => {
      const limiter = new RateLimiter({ 'lambda:GetPolicy': 1, 'lambda:*': 1000 }, clock);
      await limiter.take('lambda:GetPolicy', 'r');
      let second = false;
      const pending = limiter.take('lambda:GetPolicy', 'r').then(() => {
        second = true;
      });
      await limiter.take('lambda:ListAliases', 'r');
      expect(second).toBe(false);
      await vi.advanceTimersByTimeAsync(1100);
      expect(second).toBe(true);
      await pending;
    });
  });

  it('keys regional services by region and IAM by account only', async () => {
    await onFakeClock(async () => {
      const limiter = new RateLimiter({ 'lambda:*': 1, 'iam:*': 1 }, clock);
      await limiter.take('lambda:ListAliases', 'eu-central-1');
      await limiter.take('lambda:ListAliases', 'us-east-1'); // another region: its own bucket
      await limiter.take('iam:GetRole', 'eu-central-1');
      let waited = false;
      const pending = limiter.take('iam:GetRole', 'us-east-1').then(() => {
        waited = true;
      });
      await vi.advanceTimersByTimeAsync(20);
      expect(waited).toBe(false);
      await vi.advanceTimersByTimeAsync(1100);
      expect(waited).toBe(true);
      await pending;
    });
  });

  it('draws an API Gateway call from its own quota and from the service total', async () => {
    await onFakeClock(async () => {
      const limiter = new RateLimiter({ 'apigateway:GetResources': 1000, 'apigateway:*': 1 }, clock, {});
      await limiter.take('apigateway:GetResources', 'r'); // spends the total's only token
      let second = false;
      const pending = limiter.take('apigateway:GetRestApi', 'r').then(() => {
        second = true;
      });
      await vi.advanceTimersByTimeAsync(20);
      expect(second).toBe(false);
      await vi.advanceTimersByTimeAsync(1100);
      expect(second).toBe(true);
      await pending;
    });
  });

  it('lets API Gateway’s documented burst of 40 through at once (a little under, like every quota)', async () => {
    let now = 0; // frozen: no refill, only the burst is there
    const limiter = new RateLimiter({ 'apigateway:*': 10 }, () => now, { 'apigateway:*': 40 });
    let passed = 0;
    const all = Array.from({ length: 45 }, () =>
      limiter.take('apigateway:GetStages', 'r').then(() => passed++),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(passed).toBe(38);
    now = 10_000; // time moves on: the rest drain at the next refill
    await Promise.all(all);
  });

  it('names SDK commands as quota APIs and as IAM actions', () => {
    expect(actionName('lambda', 'GetPolicyCommand')).toBe('lambda:GetPolicy');
    expect(iamActionName('lambda', 'GetPolicyCommand')).toBe('lambda:GetPolicy');
    expect(actionName('apigateway', 'GetResourcesCommand')).toBe('apigateway:GetResources');
    expect(iamActionName('apigateway', 'GetResourcesCommand')).toBe('apigateway:GET');
  });
});
