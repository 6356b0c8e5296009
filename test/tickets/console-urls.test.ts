import { describe, expect, it } from 'vitest';
import { functionConsoleUrl, roleConsoleUrl, roleNameFromArn } from '../../src/tickets/console-urls.js';

describe('console URLs', () => {
  it.each([
    [
      'us-east-1',
      'arn:aws:lambda:us-east-1:123456789012:function:orders',
      'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/orders',
    ],
    [
      'eu-west-1',
      'arn:aws:lambda:eu-west-1:123456789012:function:orders',
      'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders',
    ],
    [
      'cn-north-1',
      'arn:aws-cn:lambda:cn-north-1:123456789012:function:orders',
      'https://cn-north-1.console.amazonaws.cn/lambda/home?region=cn-north-1#/functions/orders',
    ],
    [
      'us-gov-west-1',
      'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders',
      'https://console.amazonaws-us-gov.com/lambda/home?region=us-gov-west-1#/functions/orders',
    ],
  ])('links a function in %s to its regional console', (region, arn, url) => {
    expect(functionConsoleUrl({ name: 'orders', region, arn })).toBe(url);
  });

  it.each([
    ['a role at the root path', 'arn:aws:iam::123456789012:role/orders-role', 'orders-role'],
    ['a role under a path', 'arn:aws:iam::123456789012:role/service-role/orders-role', 'orders-role'],
    [
      'a name with IAM punctuation',
      'arn:aws:iam::123456789012:role/a+b=c,d.e@f-g_h',
      'a%2Bb%3Dc%2Cd.e%40f-g_h',
    ],
  ])('links %s to the global IAM console by name', (_label, arn, name) => {
    expect(roleConsoleUrl(arn)).toBe(`https://console.aws.amazon.com/iam/home#/roles/details/${name}`);
  });

  it('gives no role link for something that is not a role ARN', () => {
    expect(roleConsoleUrl('arn:aws:iam::123456789012:user/alice')).toBeNull();
    expect(roleNameFromArn('')).toBeNull();
  });
});
