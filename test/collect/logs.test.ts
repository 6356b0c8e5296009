import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsClients, createClients } from '../../src/aws/clients.js';
import { searchRecentErrors } from '../../src/collect/logs.js';
import type { Unverified } from '../../src/model.js';
import { type TimeWindow, triageWindow } from '../../src/triage/window.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/server.js';
import { ACCOUNT, CREDENTIALS, REGION } from '../fakes/aws/test-world.js';
import type { World } from '../fakes/aws/world.js';

const MINUTE = 60_000;
const ALARM = new Date('2024-06-03T14:02:00.000Z');
const at = (minutes: number) => ALARM.getTime() + minutes * MINUTE;
const GROUP = '/aws/lambda/checkout-api';

describe("searchRecentErrors over an alarm's window (real SDK against the fake AWS)", () => {
  let fake: FakeAws;
  let clients: AwsClients;

  const world: World = {
    accounts: {
      [ACCOUNT]: {
        regions: {
          [REGION]: {
            logGroups: [
              {
                logGroupName: GROUP,
                events: [
                  { timestamp: at(-30), message: '[ERROR] too early: outside the window' },
                  { timestamp: at(-14), message: '[ERROR] KeyError: order_id password=hunter22' },
                  { timestamp: at(-10), message: 'Task timed out after 3.00 seconds' },
                  {
                    timestamp: at(-5),
                    message: 'Runtime exited with error: signal: killed Runtime.OutOfMemory',
                  },
                  { timestamp: at(-2), message: 'TooManyRequestsException: Rate Exceeded' },
                  { timestamp: at(-1), message: 'START RequestId: 1' },
                  { timestamp: at(4), message: '[ERROR] <!channel> still failing' },
                  { timestamp: at(6), message: '[ERROR] too late: outside the window' },
                ],
              },
            ],
          },
        },
      },
    },
  };

  beforeAll(async () => {
    fake = await startFakeAws({ world });
    clients = createClients({ region: REGION, endpoint: fake.url, credentials: CREDENTIALS });
  });

  const searchWindow = (group: string, window: TimeWindow, gaps: Unverified[]) =>
    searchRecentErrors(clients, group, window.startTime, window.endTime, gaps);

  afterAll(async () => {
    clients.logs.destroy();
    await fake.close();
  });

  it('counts each kind of failure inside the window only, with redacted samples', async () => {
    const gaps: Unverified[] = [];
    const search = await searchWindow(GROUP, triageWindow(ALARM), gaps);
    expect(gaps).toEqual([]);
    expect(search).toMatchObject({
      logGroupName: GROUP,
      startTime: at(-15),
      endTime: at(5),
      counts: { error: 2, timeout: 1, outOfMemory: 1, throttle: 1, unhandled: 0 },
      truncated: false,
    });
    const samples = search?.samples.map((s) => s.message) ?? [];
    expect(samples).toHaveLength(5);
    expect(samples.join('\n')).not.toMatch(/hunter22|too early|too late/);
    expect(samples[0]).toContain('[REDACTED]');
  });

  it('reads a missing log group as an empty search, not a gap', async () => {
    const gaps: Unverified[] = [];
    const search = await searchWindow('/aws/lambda/nope', triageWindow(ALARM), gaps);
    expect(gaps).toEqual([]);
    expect(search?.counts).toEqual({ error: 0, timeout: 0, outOfMemory: 0, unhandled: 0, throttle: 0 });
  });

  it('takes a custom window', async () => {
    const search = await searchWindow(GROUP, triageWindow(ALARM, 35 * MINUTE, 0), []);
    expect(search?.counts.error).toBe(2);
    expect(search?.samples.map((s) => s.message).join('\n')).toContain('too early');
  });
});
