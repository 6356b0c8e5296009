import { describe, expect, it } from 'vitest';
import { functionRef, parseDuration } from '../../commands/args.js';
import type { Engine } from '../../src/engine-contract.js';
import { UsageError } from '../../src/errors.js';

const engine: Engine = {
  regions: ['eu-central-1', 'us-east-1'],
  audit: () => Promise.reject(new Error('not used')),
  scan: () => Promise.reject(new Error('not used')),
  triage: () => Promise.reject(new Error('not used')),
};
const usage = 'audit <fn>';

describe('functionRef', () => {
  it.each([
    ['orders-api', undefined, { function: 'orders-api', region: 'eu-central-1' }],
    ['orders-api', 'us-east-1', { function: 'orders-api', region: 'us-east-1' }],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:orders-api',
      undefined,
      { function: 'arn:aws:lambda:us-east-1:123456789012:function:orders-api', region: 'us-east-1' },
    ],
    [
      'arn:aws:lambda:ap-south-1:123456789012:function:orders-api',
      undefined,
      { function: 'arn:aws:lambda:ap-south-1:123456789012:function:orders-api', region: 'ap-south-1' },
    ],
    [
      '123456789012:function:orders_v2.x',
      undefined,
      { function: '123456789012:function:orders_v2.x', region: 'eu-central-1' },
    ],
  ])('accepts %s (region %s)', (given, region, expected) => {
    expect(functionRef([given], region, engine, usage)).toEqual(expected);
  });

  it.each([
    [[], undefined, /name a function/],
    [['a', 'b'], undefined, /one function at a time/],
    [['<!channel>'], undefined, /not a Lambda function name/],
    [['x'.repeat(65)], undefined, /not a Lambda function name/],
    [['x'.repeat(200)], undefined, /longer than Lambda allows/],
    [['orders-api:live'], undefined, /without a version or alias/],
    [['orders-api'], 'mars-1', /not an AWS region/],
    [['orders-api'], 'ap-south-1', /region ap-south-1 is not configured/],
    [['arn:aws:lambda:us-east-1:123456789012:function:f'], 'eu-central-1', /ARN is in us-east-1/],
  ])('rejects %j with region %s', (positionals, region, message) => {
    expect(() => functionRef(positionals, region, engine, usage)).toThrowError(UsageError);
    expect(() => functionRef(positionals, region, engine, usage)).toThrowError(message);
  });
});

describe('parseDuration', () => {
  it.each([
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['0h', '15d', 'soon', '1w', ''])('rejects %j', (text) =>
    expect(() => parseDuration(text)).toThrow(UsageError),
  );
});
