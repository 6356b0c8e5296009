import { describe, expect, it } from 'vitest';
import { WORST_SHAPES } from '../bench/secret-shapes.js';
import { classifyLogLine } from '../src/collect/log-errors.js';
import { findSecretVariables, MAX_EXAMINED, REDACTED, redact, redactLogLine } from '../src/secrets.js';

// AWS's documented example credentials, and fakes shaped like the real thing.
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq3\n-----END RSA PRIVATE KEY-----';
const SLACK = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const GITHUB = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const STRIPE = `sk_live_${'51H8zZkLmN'.repeat(3)}`;

describe('findSecretVariables', () => {
  it.each([
    ['an AWS access key id', { AWS_ACCESS_KEY: ACCESS_KEY }, 'aws-access-key-id'],
    ['a temporary (ASIA) access key id', { CREDS: 'ASIAY34FZKBOKMUTVV7A' }, 'aws-access-key-id'],
    ['a PEM private key', { SIGNING: PEM }, 'private-key'],
    ['a JWT', { SERVICE_JWT: JWT }, 'jwt'],
    ['a Slack bot token', { SLACK: SLACK }, 'slack-token'],
    ['a GitHub personal access token', { GH: GITHUB }, 'github-token'],
    ['a Stripe live key', { STRIPE: STRIPE }, 'stripe-live-key'],
    [
      'a database URL with a password',
      { DATABASE_URL: 'postgres://app:s3cr3t-pw@db.internal:5432/app' },
      'embedded-password',
    ],
    ['a Redis URL with only a password', { CACHE: 'redis://:hunter22@cache:6379' }, 'embedded-password'],
    [
      'an ADO.NET connection string',
      { CONN: 'Server=db;Database=app;User Id=app;Password=Pa55word!;' },
      'embedded-password',
    ],
    ['a secret-like name with a long value', { DB_PASSWORD: 'correct horse battery' }, 'secret-like-name'],
    ['an api_key name', { PAYMENT_API_KEY: 'k-29f8a7c6d5e4' }, 'secret-like-name'],
    ['a lower-case credential name', { oauthCredentials: 'client:abcdef123' }, 'secret-like-name'],
  ])('flags %s', (_label, vars, reason) => {
    const [name] = Object.keys(vars);
    expect(findSecretVariables(vars)).toEqual([{ name, reason }]);
  });

  it('flags a 40-character secret key only next to an access key id', () => {
    expect(findSecretVariables({ ID: ACCESS_KEY, KEY: SECRET_KEY })).toEqual([
      { name: 'ID', reason: 'aws-access-key-id' },
      { name: 'KEY', reason: 'aws-secret-access-key' },
    ]);
    expect(findSecretVariables({ KEY: SECRET_KEY })).toEqual([]);
  });

  it.each([
    ['a short value under a secret-like name', { TOKEN_TTL_UNIT: 'seconds' }],
    ['a number', { TOKEN_TTL: '3600000000' }],
    ['a boolean', { PASSWORD_RESET_ENABLED: 'false' }],
    [
      'a Secrets Manager ARN',
      { DB_SECRET: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-AbCdEf' },
    ],
    [
      'an SSM parameter ARN',
      { API_KEY_PARAM: 'arn:aws:ssm:eu-central-1:123456789012:parameter/prod/api-key' },
    ],
    ['a dynamic reference', { DB_PASSWORD: '{{resolve:secretsmanager:prod/db:SecretString:password}}' }],
    ['a Parameters and Secrets extension path', { SECRET_PATH: '/aws/reference/secretsmanager/prod/db' }],
    ['a URL without a password', { API_URL: 'https://user@api.example.com/v1' }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell-style placeholder is the point
    ['a URL whose password is a placeholder', { DATABASE_URL: 'postgres://app:${DB_PASSWORD}@db:5432/app' }],
    ['an ordinary setting', { LOG_LEVEL: 'debug', TABLE_NAME: 'orders-prod', REGION: 'eu-central-1' }],
    ['a long random id not glued to a key prefix', { BUILD: 'XAKIAIOSFODNN7EXAMPLEX' }],
  ])('does not flag %s', (_label, vars) => {
    expect(findSecretVariables(vars)).toEqual([]);
  });

  it('never returns a value', () => {
    const vars = { A: ACCESS_KEY, B: SECRET_KEY, C: JWT, D: PEM, E_PASSWORD: 'hunter2hunter2' };
    const out = JSON.stringify(findSecretVariables(vars));
    for (const value of Object.values(vars)) expect(out).not.toContain(value);
  });
});

describe('redact', () => {
  it.each([
    ['an access key id', `using key ${ACCESS_KEY} for s3`, `using key ${REDACTED} for s3`],
    [
      'a secret key on the same line as an access key',
      `${ACCESS_KEY} ${SECRET_KEY}`,
      `${REDACTED} ${REDACTED}`,
    ],
    ['a JWT', `Authorization failed for ${JWT}`, `Authorization failed for ${REDACTED}`],
    [
      'a bearer token',
      'header Authorization: Bearer abc.def-ghi_jkl',
      `header Authorization: Bearer ${REDACTED}`,
    ],
    [
      'a URL password',
      'connect postgres://app:s3cr3t@db:5432/app failed',
      `connect postgres://app:${REDACTED}@db:5432/app failed`,
    ],
    ['a password=value pair', 'login password=hunter22 user=bob', `login password=${REDACTED} user=bob`],
    ['a JSON secret field', '{"user":"bob","apiKey":"k-123456789"}', `{"user":"bob","apiKey":"${REDACTED}"}`],
    ['a Slack token', `posting with ${SLACK}`, `posting with ${REDACTED}`],
    ['a Stripe key', `charge with ${STRIPE} failed`, `charge with ${REDACTED} failed`],
    ['a PEM block', `key:\n${PEM}\nloaded`, `key:\n${REDACTED}\nloaded`],
  ])('redacts %s', (_label, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    'Task timed out after 3.00 seconds',
    'Runtime exited with error: signal: killed',
    'ERROR Invoke Error {"errorType":"TypeError","errorMessage":"Cannot read properties of undefined"}',
    `a SHA-1 on its own: ${'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'}`,
    'token_count=42',
  ])('leaves ordinary log lines alone: %s', (line) => {
    expect(redact(line)).toBe(line);
  });

  it('is idempotent', () => {
    const once = redact(`password=hunter22 ${ACCESS_KEY} ${JWT}`);
    expect(redact(once)).toBe(once);
  });
});

// Timings are in bench/secret-shapes.ts; here, the bounds that keep them linear.
describe('long input', () => {
  const LOG_LINE_LIMIT = 262_144;

  it.each(Object.entries(WORST_SHAPES))(
    'examines at most MAX_EXAMINED characters of a 256 KB %s line',
    (_, shape) => {
      const line = shape(LOG_LINE_LIMIT);
      expect(redactLogLine(line).length).toBeLessThanOrEqual(MAX_EXAMINED + 2);
      expect(redact(line.slice(0, 4_096))).toBeTypeOf('string');
    },
  );

  it('still redacts a secret at the start of a long line, and drops one the cut splits', () => {
    const filler = 'x '.repeat(MAX_EXAMINED);
    const head = `password=${'hunter2hunter2'} ${filler}`;
    expect(redactLogLine(head)).toMatch(/^password=\[REDACTED\] x x/);
    const split = `${'y '.repeat(MAX_EXAMINED / 2 - 5)}${ACCESS_KEY} ${filler}`;
    expect(split.indexOf(ACCESS_KEY)).toBeLessThan(MAX_EXAMINED);
    expect(split.indexOf(ACCESS_KEY) + ACCESS_KEY.length).toBeGreaterThan(MAX_EXAMINED);
    expect(redactLogLine(split)).not.toContain('AKIA');
    expect(redactLogLine(split).endsWith(' …')).toBe(true);
  });

  it('classifies a log line by its first MAX_EXAMINED characters only', () => {
    expect(classifyLogLine(`Task timed out after 3.00 seconds ${'a'.repeat(LOG_LINE_LIMIT)}`)).toBe(
      'timeout',
    );
    expect(classifyLogLine(`${'a '.repeat(MAX_EXAMINED)} FooException`)).toBeNull();
    expect(classifyLogLine(`${'a'.repeat(MAX_EXAMINED - 20)} FooException`)).toBe('error');
  });

  it('examines at most MAX_EXAMINED characters of an environment value', () => {
    expect(findSecretVariables({ BLOB: `${'a '.repeat(MAX_EXAMINED)}${ACCESS_KEY}` })).toEqual([]);
    expect(findSecretVariables({ BLOB: `${'a '.repeat(100)}${ACCESS_KEY}` })).toEqual([
      { name: 'BLOB', reason: 'aws-access-key-id' },
    ]);
    // Every worst shape of 256 KB finishes (a quadratic detector would not, within the test's
    // timeout), whatever it concludes.
    for (const shape of Object.values(WORST_SHAPES)) {
      expect(findSecretVariables({ VALUE: shape(LOG_LINE_LIMIT) })).toBeInstanceOf(Array);
    }
  });
});
