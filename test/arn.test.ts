import { describe, expect, it } from 'vitest';
import { parseArn } from '../src/arn.js';

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
