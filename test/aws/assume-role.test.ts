import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEngine } from '../../src/engine.js';
import { type FakeAws, startFakeAws, type WorldFunction } from '../fakes/aws/index.js';
import {
  EXTERNAL_ID,
  MANAGEMENT_CREDENTIALS,
  MEMBER,
  orgWorld,
  REGION,
  ROLE_NAME,
} from '../fakes/org-world.js';

/**
 * Credentials expiring mid-scan: the fake issues 15-minute sessions and refuses expired ones with
 * ExpiredToken; its clock moves three seconds with every request, so a scan of some five hundred
 * requests outlives its first two sessions (the 64 requests at most in flight fit in the five
 * minutes' margin). No real time passes.
 */
const FUNCTIONS = 100;
let fake: FakeAws;
let now = Date.now();

function world() {
  const w = orgWorld();
  const member = w.accounts[MEMBER];
  const fns: WorldFunction[] = Array.from({ length: FUNCTIONS }, (_, i) => ({
    Configuration: { FunctionName: `fn-${i}`, Runtime: 'nodejs20.x', Role: `arn:aws:iam::${MEMBER}:role/r` },
  }));
  if (member) member.regions = { [REGION]: { functions: fns } };
  return w;
}

beforeAll(async () => {
  fake = await startFakeAws({
    world: world(),
    lastAccessedPolls: 0,
    sessionSeconds: 900,
    clock: () => {
      now += 3_000;
      return now;
    },
  });
});
afterAll(async () => fake.close());

describe('assumed-role sessions in a long scan', () => {
  it('refreshes the session before it expires, by the clock the engine is given', async () => {
    const config = loadConfig({
      AUDIT_REGIONS: REGION,
      AUDIT_ACCOUNT_ROLES: `arn:aws:iam::${MEMBER}:role/${ROLE_NAME}`,
      AUDIT_EXTERNAL_ID: EXTERNAL_ID,
    });
    const engine = createEngine(
      config,
      { endpoint: fake.url, credentials: MANAGEMENT_CREDENTIALS },
      {
        quotas: { 'lambda:*': 5000, 'iam:*': 5000, 'logs:*': 5000, 'sts:*': 5000 },
        clock: () => new Date(now),
      },
    );
    try {
      const scan = await engine.scan([REGION]);
      expect(scan.summary.failed).toEqual([]);
      expect(scan.summary.incomplete).toBe(0);
      expect(scan.functions.filter((f) => f.function.accountId === MEMBER)).toHaveLength(FUNCTIONS);
      const counts = fake.counts();
      // More than one session was needed, and none was ever used past its end.
      expect(counts.calls['sts:AssumeRole']).toBeGreaterThan(1);
      expect(counts.expired).toEqual({});
    } finally {
      engine.close();
    }
  });
});
