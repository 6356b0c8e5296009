import { HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../src/slack/app.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { engineDouble, testConfig } from './harness.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());

describe('receiver choice at start-up', () => {
  it('picks Socket Mode when SLACK_APP_TOKEN is set, and needs no signing secret then', () => {
    const config = testConfig(fake, { SLACK_APP_TOKEN: 'xapp-1-A0APP-1-abc', SLACK_SIGNING_SECRET: '' });
    const slack = createSlackApp(config, engineDouble());
    expect(slack.mode).toBe('socket');
    expect(slack.receiver).toBeInstanceOf(SocketModeReceiver);
  });

  it('picks HTTP with signature verification otherwise', () => {
    const slack = createSlackApp(testConfig(fake), engineDouble());
    expect(slack.mode).toBe('http');
    expect(slack.receiver).toBeInstanceOf(HTTPReceiver);
  });

  it('constructing either app touches no network', async () => {
    createSlackApp(testConfig(fake, { SLACK_APP_TOKEN: 'xapp-1-A0APP-1-abc' }), engineDouble());
    createSlackApp(testConfig(fake), engineDouble());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.attempts).toEqual([]);
  });
});
