import { describe, expect, it } from 'vitest';
import { safeEvidence, scrub } from '../../src/tickets/redact.js';
import { LEAKED_KEY_ID, LEAKED_PASSWORD } from './fixtures.js';

describe('scrub', () => {
  it.each([
    ['a Secrets Manager action', '"Action": ["secretsmanager:GetSecretValue"]'],
    ['a wildcard action', 'secretsmanager:* is too broad.'],
    ['a secret ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf'],
    ['a wildcard secret ARN', '"Resource": "arn:aws:secretsmanager:*:*:secret:prod/*"'],
    ['a condition key', '{"secretsmanager:ResourceTag/env": "prod"}'],
    ['a role with token in its name', 'arn:aws:iam::123456789012:role/token-refresher'],
  ])('keeps %s intact', (_label, text) => {
    expect(scrub(text)).toBe(text);
  });

  it.each([
    ['a URL password', `postgres://app:${LEAKED_PASSWORD}@db/app`, LEAKED_PASSWORD],
    ['an access key id next to an ARN', `${LEAKED_KEY_ID} arn:aws:s3:::b`, LEAKED_KEY_ID],
    [
      'a password hidden in an ARN',
      `arn:aws:secretsmanager:eu-west-1:1:secret:password=${LEAKED_PASSWORD}`,
      LEAKED_PASSWORD,
    ],
    ['an ARN given as a token', 'token=arn:aws:iam::123456789012:role/x', 'role/x'],
  ])('still redacts %s', (_label, text, secret) => {
    expect(scrub(text)).not.toContain(secret);
    expect(scrub(text)).toContain('[REDACTED]');
  });
});

describe('safeEvidence', () => {
  it('withholds environment values and keeps variable names', () => {
    expect(
      safeEvidence({ variable: 'DB_URL', Environment: { Variables: { DB_URL: 'v' } }, values: ['a', 'b'] }),
    ).toEqual({
      variable: 'DB_URL',
      Environment: { Variables: '[value withheld]' },
      values: ['[value withheld]', '[value withheld]'],
    });
  });
});

describe('safeEvidence and access keys', () => {
  it('redacts a secret access key that sits in another string than its key id', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const out = JSON.stringify(safeEvidence({ id: LEAKED_KEY_ID, other: { k: secret } }));
    expect(out).not.toContain(secret);
    expect(out).not.toContain(LEAKED_KEY_ID);
  });
});
