import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { sinkFromEnv } from '../../src/tickets/from-env.js';

const JIRA = {
  TICKET_SINK: 'jira',
  JIRA_BASE_URL: 'https://acme.atlassian.net',
  JIRA_EMAIL: 'bot@acme.example',
  JIRA_API_TOKEN: 'jira-token',
  JIRA_PROJECT: 'SEC',
};
const GITHUB = { TICKET_SINK: 'github', GITHUB_TOKEN: 'gh-token', GITHUB_REPO: 'acme/security' };
const WEBHOOK = {
  TICKET_SINK: 'webhook',
  TICKET_WEBHOOK_URL: 'https://tracker.example/hooks/lambda-audit',
  TICKET_WEBHOOK_SECRET: 'hook-secret',
};

describe('sinkFromEnv', () => {
  it.each([
    ['TICKET_SINK unset', {}],
    ['TICKET_SINK empty', { TICKET_SINK: ' ' }],
    ['only tracker variables set', { ...JIRA, TICKET_SINK: undefined }],
  ])('returns null (no button) with %s', (_label, env) => {
    expect(sinkFromEnv(env)).toBeNull();
  });

  it.each([
    ['jira', JIRA, 'Jira'],
    ['github', GITHUB, 'GitHub'],
    [
      'github on Enterprise Server',
      { ...GITHUB, GITHUB_API_URL: 'https://ghe.acme.example/api/v3' },
      'GitHub',
    ],
    ['webhook', WEBHOOK, 'The ticket webhook'],
    ['an upper-case TICKET_SINK', { ...JIRA, TICKET_SINK: 'JIRA' }, 'Jira'],
    ['a numeric Jira project id', { ...JIRA, JIRA_PROJECT: '10001' }, 'Jira'],
  ])('builds the %s sink', (_label, env, displayName) => {
    expect(sinkFromEnv(env)?.displayName).toBe(displayName);
  });

  it.each([
    [
      'an unknown TICKET_SINK',
      { TICKET_SINK: 'trello' },
      "TICKET_SINK: expected one of jira, github, webhook, got 'trello'",
    ],
    [
      'JIRA_BASE_URL missing',
      { ...JIRA, JIRA_BASE_URL: '' },
      'JIRA_BASE_URL: required when TICKET_SINK=jira',
    ],
    [
      'JIRA_BASE_URL not a URL',
      { ...JIRA, JIRA_BASE_URL: 'acme.atlassian.net' },
      'JIRA_BASE_URL: expected an http(s) URL',
    ],
    ['JIRA_EMAIL missing', { ...JIRA, JIRA_EMAIL: undefined }, 'JIRA_EMAIL: required when TICKET_SINK=jira'],
    [
      'JIRA_API_TOKEN missing',
      { ...JIRA, JIRA_API_TOKEN: undefined },
      'JIRA_API_TOKEN: required when TICKET_SINK=jira',
    ],
    [
      'JIRA_PROJECT missing',
      { ...JIRA, JIRA_PROJECT: undefined },
      'JIRA_PROJECT: required when TICKET_SINK=jira',
    ],
    [
      'JIRA_PROJECT malformed',
      { ...JIRA, JIRA_PROJECT: 'sec team' },
      "JIRA_PROJECT: expected a project key like SEC or a numeric project id, got 'sec team'",
    ],
    [
      'GITHUB_TOKEN missing',
      { ...GITHUB, GITHUB_TOKEN: undefined },
      'GITHUB_TOKEN: required when TICKET_SINK=github',
    ],
    [
      'GITHUB_REPO missing',
      { ...GITHUB, GITHUB_REPO: undefined },
      'GITHUB_REPO: required when TICKET_SINK=github',
    ],
    [
      'GITHUB_REPO without owner',
      { ...GITHUB, GITHUB_REPO: 'security' },
      "GITHUB_REPO: expected owner/name, got 'security'",
    ],
    [
      'GITHUB_API_URL malformed',
      { ...GITHUB, GITHUB_API_URL: 'ftp://ghe' },
      'GITHUB_API_URL: expected an http(s) URL',
    ],
    [
      'TICKET_WEBHOOK_URL missing',
      { ...WEBHOOK, TICKET_WEBHOOK_URL: undefined },
      'TICKET_WEBHOOK_URL: required when TICKET_SINK=webhook',
    ],
    [
      'TICKET_WEBHOOK_SECRET missing',
      { ...WEBHOOK, TICKET_WEBHOOK_SECRET: '' },
      'TICKET_WEBHOOK_SECRET: required when TICKET_SINK=webhook',
    ],
  ])('stops start-up with %s, naming the variable', (_label, env, message) => {
    expect(() => sinkFromEnv(env)).toThrow(ConfigError);
    expect(() => sinkFromEnv(env)).toThrow(message);
  });

  it('never echoes a secret in its messages', () => {
    expect(() => sinkFromEnv({ ...JIRA, JIRA_EMAIL: undefined })).not.toThrow(/jira-token/);
  });
});
