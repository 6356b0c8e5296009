import { describe, expect, it } from 'vitest';
import { DEFAULT_AFTER_MS, DEFAULT_BEFORE_MS, triageWindow } from '../../src/triage/window.js';

const MINUTE = 60_000;
const ALARM = new Date('2024-06-03T14:02:00.000Z');
const at = (minutes: number) => ALARM.getTime() + minutes * MINUTE;

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
