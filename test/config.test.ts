import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

describe('loadConfig', () => {
  it('reads DIGEST_MIN_SEVERITY and refuses a word that is not a severity', () => {
    expect(loadConfig({ DIGEST_MIN_SEVERITY: 'INFO' }).digest.minSeverity).toBe('info');
    expect(() => loadConfig({ DIGEST_MIN_SEVERITY: 'urgent' })).toThrow(
      /DIGEST_MIN_SEVERITY: expected one of critical/,
    );
  });

  it('writes the defaults down', () => {
    const config = loadConfig({ AWS_REGION: 'eu-west-1' });
    expect(config.regions).toEqual(['eu-west-1']);
    expect(config.port).toBe(3000);
    expect(config.digest).toEqual({ channel: null, cron: '0 9 * * *', timezone: 'UTC', minSeverity: 'low' });
    expect(config.databaseUrl).toBe('file:./data/lambda-audit.db');
    expect(config.logLevel).toBe('info');
    expect(config.runtimeSoonDays).toBe(180);
  });

  it('reads the time bounds as durations (bare numbers are seconds), with written-down defaults', () => {
    expect(loadConfig({}).time).toEqual({
      connectionTimeoutMs: 5_000,
      requestTimeoutMs: 15_000,
      auditDeadlineMs: 30_000,
      scanFunctionDeadlineMs: 60_000,
    });
    const time = loadConfig({
      AUDIT_DEADLINE: '30s',
      SCAN_FUNCTION_DEADLINE: '2m',
      AUDIT_CONNECTION_TIMEOUT: '1500ms',
      AUDIT_REQUEST_TIMEOUT: '10',
    }).time;
    expect(time).toEqual({
      connectionTimeoutMs: 1_500,
      requestTimeoutMs: 10_000,
      auditDeadlineMs: 30_000,
      scanFunctionDeadlineMs: 120_000,
    });
    expect(() => loadConfig({ AUDIT_DEADLINE: 'soon' })).toThrow(/AUDIT_DEADLINE: expected a duration/);
    expect(() => loadConfig({ AUDIT_DEADLINE: '0' })).toThrow(ConfigError);
  });

  it('prefers AUDIT_REGIONS over AWS_REGION', () => {
    expect(loadConfig({ AWS_REGION: 'eu-west-1', AUDIT_REGIONS: 'us-east-1, eu-central-1' }).regions).toEqual(
      ['us-east-1', 'eu-central-1'],
    );
  });

  it('reads severity overrides', () => {
    expect(loadConfig({ CHECK_SEVERITY: 'vpc-not-attached=low' }).severityOverrides).toEqual({
      'vpc-not-attached': 'low',
    });
  });

  it('reads disabled checks and the external id for the audit roles', () => {
    const config = loadConfig({
      DISABLED_CHECKS: 'url-public, vpc-not-attached',
      AUDIT_EXTERNAL_ID: 'lambda-audit-7f3a',
    });
    expect(config.disabledChecks).toEqual(['url-public', 'vpc-not-attached']);
    expect(config.externalId).toBe('lambda-audit-7f3a');
    expect(loadConfig({}).externalId).toBeNull();
  });

  it.each([
    [
      { DISABLED_CHECKS: 'url-publc' },
      "DISABLED_CHECKS: unknown check 'url-publc'; did you mean 'url-public'?",
    ],
    [{ CHECK_SEVERITY: 'no-such-check=low' }, "CHECK_SEVERITY: unknown check 'no-such-check'"],
  ])('stops on an id the check registry does not have: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(new ConfigError(message));
  });

  it('checks ids against the registry it is given', () => {
    expect(loadConfig({ DISABLED_CHECKS: 'new-check' }, ['new-check']).disabledChecks).toEqual(['new-check']);
  });

  it.each([
    [{ AUDIT_EXTERNAL_ID: 'has spaces in it' }, /AUDIT_EXTERNAL_ID/],
    [{ AUDIT_REGIONS: 'eu-central-1,narnia' }, /AUDIT_REGIONS: 'narnia' is not an AWS region/],
    [{ PORT: 'http' }, /PORT: expected a whole number/],
    [{ TRUSTED_ACCOUNT_IDS: '1234' }, /TRUSTED_ACCOUNT_IDS: '1234' is not a 12-digit account id/],
    [{ AUDIT_ACCOUNT_ROLES: 'admin' }, /AUDIT_ACCOUNT_ROLES/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ CHECK_SEVERITY: 'vpc-not-attached=urgent' }, /CHECK_SEVERITY/],
    [{ SLACK_API_URL: 'slack.example' }, /SLACK_API_URL/],
  ])('stops on %j with a line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });
});

describe('change-event alerts configuration', () => {
  it('is off by default; alerts go to DIGEST_CHANNEL from high severity', () => {
    expect(loadConfig({ DIGEST_CHANNEL: 'C0DIGEST' }).changeEvents).toEqual({
      queueUrl: null,
      alertChannel: 'C0DIGEST',
      minSeverity: 'high',
    });
  });

  it('reads the queue, its own channel and threshold', () => {
    const url = 'https://sqs.eu-central-1.amazonaws.com/123456789012/lambda-audit-change-events';
    expect(
      loadConfig({ CHANGE_EVENTS_QUEUE_URL: url, ALERT_CHANNEL: 'C0ALERTS', ALERT_MIN_SEVERITY: 'Critical' })
        .changeEvents,
    ).toEqual({ queueUrl: url, alertChannel: 'C0ALERTS', minSeverity: 'critical' });
  });

  it.each([
    [
      { CHANGE_EVENTS_QUEUE_URL: 'lambda-audit-change-events' },
      /^CHANGE_EVENTS_QUEUE_URL: expected an SQS queue URL/,
    ],
    [
      { ALERT_MIN_SEVERITY: 'urgent' },
      /^ALERT_MIN_SEVERITY: expected one of critical, high, medium, low, info/,
    ],
  ])('stops on %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(message);
  });
});
