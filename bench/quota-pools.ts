/** Which quota pool each call draws from, for the benchmarks' floors (as the fake enforces them). */
import { AWS_QUOTAS } from '../src/aws/quotas.js';

/** The most specific quota that names the call: its own, else its service's `*`; null if none. */
export function poolOf(api: string): string | null {
  const service = api.slice(0, api.indexOf(':'));
  return [api, `${service}:*`].find((p) => AWS_QUOTAS[p] !== undefined) ?? null;
}

/** The calls counted by the fake, summed per quota pool. */
export function callsPerPool(calls: Record<string, number>): Map<string, number> {
  const pools = new Map<string, number>();
  for (const [api, n] of Object.entries(calls)) {
    const pool = poolOf(api);
    if (pool) pools.set(pool, (pools.get(pool) ?? 0) + n);
  }
  return pools;
}
