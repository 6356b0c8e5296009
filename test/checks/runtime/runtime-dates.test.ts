import { describe, expect, it } from 'vitest';
import {
  daysUntil,
  hasReached,
  parseRuntimeSchedule,
  runtimeSchedule,
} from '../../../src/checks/runtime/runtime-dates.js';

describe('runtime dates', () => {
  it.each([
    ['nodejs18.x', '2025-09-01'],
    ['nodejs20.x', '2026-04-30'],
    ['nodejs22.x', '2027-04-30'],
    ['python3.9', '2025-12-15'],
    ['python3.10', '2026-10-31'],
    ['python3.11', '2027-06-30'],
    ['java17', '2027-06-30'],
    ['dotnet8', '2026-11-10'],
    ['ruby3.2', '2026-03-31'],
    ['provided.al2', '2026-07-31'],
  ])('carries the catalog deprecation date of %s', (id, deprecated) => {
    expect(runtimeSchedule.runtimes.get(id)?.deprecated).toBe(deprecated);
  });

  it.each(['nodejs18.x', 'python3.9', 'python3.8', 'go1.x', 'provided', 'java8'])(
    'carries the extended 2027 block dates of %s',
    (id) => {
      expect(runtimeSchedule.runtimes.get(id)).toMatchObject({
        blockCreate: '2027-02-01',
        blockUpdate: '2027-03-03',
      });
    },
  );

  it.each([
    'nodejs',
    'nodejs4.3',
    'nodejs6.10',
    'nodejs8.10',
    'nodejs10.x',
    'nodejs12.x',
    'nodejs14.x',
    'nodejs16.x',
    'nodejs24.x',
    'python2.7',
    'python3.6',
    'python3.7',
    'python3.12',
    'python3.13',
    'python3.14',
    'java8',
    'java8.al2',
    'java11',
    'java21',
    'java25',
    'dotnetcore1.0',
    'dotnetcore2.0',
    'dotnetcore2.1',
    'dotnetcore3.1',
    'dotnet6',
    'dotnet10',
    'ruby2.5',
    'ruby2.7',
    'ruby3.3',
    'ruby3.4',
    'go1.x',
    'provided',
    'provided.al2',
    'provided.al2023',
  ])('knows %s', (id) => {
    expect(runtimeSchedule.runtimes.has(id)).toBe(true);
  });

  it('keeps every phase in order and every successor known', () => {
    for (const [id, dates] of runtimeSchedule.runtimes) {
      const phases = [dates.deprecated, dates.blockCreate, dates.blockUpdate].filter(
        (d): d is string => d !== null,
      );
      expect([...phases].sort(), id).toEqual(phases);
      if (dates.successor)
        expect(runtimeSchedule.runtimes.has(dates.successor), `${id} -> ${dates.successor}`).toBe(true);
    }
  });

  it('names its source and the day it was taken', () => {
    expect(runtimeSchedule.source).toBe('https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html');
    expect(runtimeSchedule.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each([
    [
      'a malformed date',
      { source: 'x', takenOn: '2026-06-02', runtimes: { a: { deprecated: '1 Sep 2025' } } },
      /a.deprecated/,
    ],
    ['a missing takenOn', { source: 'x', runtimes: {} }, /takenOn/],
    ['runtimes that are not an object', { source: 'x', takenOn: '2026-06-02', runtimes: [] }, /runtimes/],
  ])('rejects %s', (_label, data, message) => {
    expect(() => parseRuntimeSchedule(data)).toThrow(message);
  });

  it('applies a phase from its date on (UTC)', () => {
    expect(hasReached('2026-10-31', new Date('2026-10-30T23:59:59Z'))).toBe(false);
    expect(hasReached('2026-10-31', new Date('2026-10-31T00:00:00Z'))).toBe(true);
    expect(hasReached(null, new Date('2099-01-01T00:00:00Z'))).toBe(false);
  });

  it('counts whole days from today', () => {
    expect(daysUntil('2026-11-25', new Date('2026-11-24T23:00:00Z'))).toBe(1);
    expect(daysUntil('2026-11-24', new Date('2026-11-24T09:00:00Z'))).toBe(0);
  });
});
