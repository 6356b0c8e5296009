import { describe, expect, it } from 'vitest';
import { normalizePrincipals } from '../../../src/iam/resource-policy.js';
import { condition } from './helpers.js';

describe('normalizePrincipals', () => {
  it.each([
    ['"*"', '*', 'public'],
    ['{AWS: "*"}', { AWS: '*' }, 'public'],
    ['{AWS: [..., "*"]}', { AWS: ['arn:aws:iam::210987654321:root', '*'] }, 'public'],
    ['arn:aws:iam::*:root', { AWS: 'arn:aws:iam::*:root' }, 'public'],
    ['{CanonicalUser: "*"}', { CanonicalUser: '*' }, 'public'],
    ['a service', { Service: 's3.amazonaws.com' }, 'service'],
    ['alexa-appkit.amazon.com (not amazonaws.com)', { Service: 'alexa-appkit.amazon.com' }, 'service'],
    ['an account root ARN', { AWS: 'arn:aws:iam::210987654321:root' }, 'account'],
    ['a bare account id', '210987654321', 'account'],
  ])('classifies %s', (_name, principal, kind) => {
    expect(normalizePrincipals(principal).map((p) => p.kind)).toContain(kind);
  });

  it('reads "X" as {AWS: ["X"]} and extracts the account id', () => {
    expect(normalizePrincipals('210987654321')).toEqual([
      { kind: 'account', value: '210987654321', accountId: '210987654321' },
    ]);
    expect(normalizePrincipals({ AWS: ['arn:aws:iam::210987654321:role/partner'] })).toEqual([
      { kind: 'account', value: 'arn:aws:iam::210987654321:role/partner', accountId: '210987654321' },
    ]);
  });
});

describe('normalizeConditions', () => {
  it('lower-cases operators and keys and lists single values', () => {
    expect(condition({ ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::b' } })).toMatchObject({
      base: 'arnlike',
      keyLower: 'aws:sourcearn',
      values: ['arn:aws:s3:::b'],
      ifExists: false,
      set: null,
    });
  });

  it('reduces ForAnyValue:/ForAllValues: prefixes and IfExists suffixes', () => {
    expect(
      condition({ 'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalOrgPaths': ['o-a/*'] } }),
    ).toMatchObject({
      base: 'stringlike',
      set: 'foranyvalue',
      ifExists: true,
    });
  });

  it('turns booleans and numbers into strings', () => {
    expect(condition({ Bool: { 'lambda:InvokedViaFunctionUrl': true } }).values).toEqual(['true']);
  });
});
