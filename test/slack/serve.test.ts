import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { slackApiUrl, slackCredentials } from '../../src/slack/app.js';
import { serve } from '../../src/slack/serve.js';
import { INVALID_TOKEN, startFakeSlack } from '../fakes/slack/index.js';
import { engineDouble, testConfig } from './harness.js';

describe('serve validates the Slack settings first', () => {
  it.each([
    [{ SLACK_BOT_TOKEN: '' }, /^SLACK_BOT_TOKEN: required for serve/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token' }, /^SLACK_BOT_TOKEN: expected a bot token starting with xoxb-$/],
    [{ SLACK_SIGNING_SECRET: '' }, /^SLACK_SIGNING_SECRET: required for serve in HTTP mode/],
    [{ SLACK_APP_TOKEN: 'xoxb-wrong-kind' }, /^SLACK_APP_TOKEN: expected an app-level token/],
  ])('%j stops start-up with one line naming it', async (env, expected) => {
    const fake = await startFakeSlack();
    try {
      const error = await serve(testConfig(fake, env), engineDouble()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(expected);
      expect((error as Error).message).not.toContain('\n');
      expect(fake.attempts).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it('a token Slack refuses stops start-up naming SLACK_BOT_TOKEN', async () => {
    const fake = await startFakeSlack();
    try {
      const error = await serve(testConfig(fake, { SLACK_BOT_TOKEN: INVALID_TOKEN }), engineDouble()).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message).toBe('SLACK_BOT_TOKEN: Slack refused it (invalid_auth)');
    } finally {
      await fake.close();
    }
  });

  it('checks the token once with auth.test, through SLACK_API_URL, then listens', async () => {
    const fake = await startFakeSlack();
    const handle = await serve(testConfig(fake), engineDouble());
    try {
      expect(fake.callsTo('auth.test')).toHaveLength(1);
      expect(handle.port).toBeGreaterThan(0);
    } finally {
      await handle.stop();
      await fake.close();
    }
  });

  it('accepts SLACK_API_URL with or without the trailing slash', async () => {
    const fake = await startFakeSlack();
    await fake.close();
    expect(slackApiUrl(testConfig(fake, { SLACK_API_URL: 'http://x/api' }))).toBe('http://x/api/');
    expect(slackApiUrl(testConfig(fake, { SLACK_API_URL: 'http://x/api/' }))).toBe('http://x/api/');
    expect(slackCredentials(testConfig(fake)).botToken).toBe('xoxb-test');
  });
});
