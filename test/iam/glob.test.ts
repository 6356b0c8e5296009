import { describe, expect, it } from 'vitest';
import { globIntersects, globMatch, globSubset } from '../../src/iam/glob.js';

describe('globMatch', () => {
  it.each([
    ['*', 'anything', true],
    [
      'arn:aws:logs:*:*:*',
      'arn:aws:logs:eu-central-1:123456789012:log-group:/aws/lambda/x:log-stream:s',
      true,
    ],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b.txt', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    ['arn:aws:s3:::b?cket', 'arn:aws:s3:::bucket', true],
    ['arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket', false],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });
});

describe('globSubset', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/*', 'arn:aws:iam::*:role/*', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::*', true],
    ['arn:aws:s3:::*', 'arn:aws:s3:::b/*', false],
    ['arn:aws:logs:*:123:log-group:*', 'arn:aws:logs:*:*:*', true],
    ['abc', 'a?c', true],
    ['a?c', 'abc', false],
    ['*', 'x*', false],
  ])('%s within %s: %s', (inner, outer, expected) => {
    expect(globSubset(inner, outer)).toBe(expected);
  });
});

describe('globIntersects', () => {
  it.each([
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::*/x', true],
    ['arn:aws:s3:::a*', 'arn:aws:s3:::b*', false],
    ['a*c', '*b*', true],
    ['abc', 'abd', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(globIntersects(a, b)).toBe(expected);
  });
});
