import { describe, expect, it } from 'vitest';
import { accountIdOf, parseArn, parseFunctionArn, unqualifiedFunctionArn } from '../src/arn.js';

describe('parseArn', () => {
  it.each([
    [
      'arn:aws:lambda:eu-west-1:123456789012:function:orders-api:live',
      {
        partition: 'aws',
        service: 'lambda',
        region: 'eu-west-1',
        account: '123456789012',
        resource: 'function:orders-api:live',
      },
    ],
    [
      'arn:aws-us-gov:iam::123456789012:role/path/to/audit',
      {
        partition: 'aws-us-gov',
        service: 'iam',
        region: '',
        account: '123456789012',
        resource: 'role/path/to/audit',
      },
    ],
    [
      'arn:aws:s3:::bucket/key:with:colons',
      { partition: 'aws', service: 's3', region: '', account: '', resource: 'bucket/key:with:colons' },
    ],
    [
      'arn:aws:sns:us-east-1:123456789012:',
      { partition: 'aws', service: 'sns', region: 'us-east-1', account: '123456789012', resource: '' },
    ],
  ])('splits %s', (arn, parts) => {
    expect(parseArn(arn)).toEqual(parts);
  });

  it.each(['orders-api', '123456789012:function:orders-api', 'arn:aws:lambda:eu-west-1', 'urn:aws:a:b:c:d'])(
    'says %s is not an ARN',
    (value) => {
      expect(parseArn(value)).toBeNull();
    },
  );
});

describe('accountIdOf', () => {
  it.each([
    ['123456789012', '123456789012'],
    ['arn:aws:iam::123456789012:root', '123456789012'],
    ['arn:aws:sqs:eu-west-1:210987654321:orders', '210987654321'],
    ['arn:aws:s3:::bucket', null],
    ['arn:aws:iam::*:root', null],
    ['1234', null],
  ])('%s -> %s', (value, account) => {
    expect(accountIdOf(value)).toBe(account);
  });
});

describe('Lambda function ARNs', () => {
  it('reads the name and the qualifier', () => {
    expect(parseFunctionArn('arn:aws:lambda:eu-west-1:123456789012:function:orders-api:live')).toMatchObject({
      region: 'eu-west-1',
      account: '123456789012',
      name: 'orders-api',
      qualifier: 'live',
    });
    expect(
      parseFunctionArn('arn:aws:lambda:eu-west-1:123456789012:function:orders-api')?.qualifier,
    ).toBeNull();
  });

  it.each([
    'arn:aws:lambda:eu-west-1:123456789012:layer:deps:3',
    'arn:aws:sqs:eu-west-1:123456789012:function:x',
    'orders-api',
  ])('says %s is not a function ARN', (value) => {
    expect(parseFunctionArn(value)).toBeNull();
  });

  it.each([
    [
      'arn:aws-cn:lambda:cn-north-1:123456789012:function:f:3',
      'arn:aws-cn:lambda:cn-north-1:123456789012:function:f',
    ],
    ['arn:aws:lambda:eu-west-1:123456789012:function:f', 'arn:aws:lambda:eu-west-1:123456789012:function:f'],
    ['', ''],
  ])('unqualifies %s', (value, unqualified) => {
    expect(unqualifiedFunctionArn(value)).toBe(unqualified);
  });
});
