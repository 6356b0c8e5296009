import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsClients, createClients } from '../../src/aws/clients.js';
import type { Unverified } from '../../src/model.js';
import {
  DEFAULT_AFTER_MS,
  DEFAULT_BEFORE_MS,
  searchAlarmWindow,
  triageWindow,
} from '../../src/triage/window.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/server.js';
import { ACCOUNT, CREDENTIALS, REGION } from '../fakes/aws/test-world.js';
import type { World } from '../fakes/aws/world.js';

const MINUTE = 60_000;
const ALARM = new Date('2024-06-03T14:02:00.000Z');
const at = (minutes: number) => ALARM.getTime() + minutes * MINUTE;
const GROUP = '/aws/lambda/checkout-api';

describe('triageWindow', () => {
  it('defaults to 15 minutes before the alarm and 5 after', () => {
    expect(DEFAULT_BEFORE_MS).toBe(15 * MINUTE);
    expect(DEFAULT_AFTER_MS).toBe(5 * MINUTE);
    expect(triageWindow(ALARM)).toEqual({ startTime: at(-15), endTime: at(5) });
  });

  it.each([
    [0, 0, 0, 0],
    [60 * MINUTE, MINUTE, -60, 1],
    [30_000, 90_000, -0.5, 1.5],
  ])('before %d ms, after %d ms', (before, after, from, to) => {
    expect(triageWindow(ALARM, before, after)).toEqual({ startTime: at(from), endTime: at(to) });
  });

  it.each([
    ['an invalid date', new Date('nope'), 0, 0],
    ['a negative before', ALARM, -1, 0],
    ['a negative after', ALARM, 0, -1],
    ['an infinite span', ALARM, Number.POSITIVE_INFINITY, 0],
  ])('rejects %s', (_what, date, before, after) => {
    expect(() => triageWindow(date, before, after)).toThrow(RangeError);
  });
});

describe('searchAlarmWindow (real SDK against the fake AWS)', () => {
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

  afterAll(async () => {
    clients.logs.destroy();
    await fake.close();
  });

  it('counts each kind of failure inside the window only, with redacted samples', async () => {
    const gaps: Unverified[] = [];
    const search = await searchAlarmWindow(clients, GROUP, ALARM, gaps);
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
    const search = await searchAlarmWindow(clients, '/aws/lambda/nope', ALARM, gaps);
    expect(gaps).toEqual([]);
    expect(search?.counts).toEqual({ error: 0, timeout: 0, outOfMemory: 0, unhandled: 0, throttle: 0 });
  });

  it('takes a custom window', async () => {
    const search = await searchAlarmWindow(clients, GROUP, ALARM, [], triageWindow(ALARM, 35 * MINUTE, 0));
    expect(search?.counts.error).toBe(2);
    expect(search?.samples.map((s) => s.message).join('\n')).toContain('too early');
  });
});
