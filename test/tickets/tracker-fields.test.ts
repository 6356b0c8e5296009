/** What each tracker receives besides the body: project, issue type, labels, title, links. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSink } from '../../src/tickets/github.js';
import { jiraSink } from '../../src/tickets/jira.js';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import { adfProblem, type FakeJira, startFakeJira } from '../fakes/jira/index.js';
import { roleTicket, secretsTicket } from './fixtures.js';

describe('Jira issues', () => {
  let jira: FakeJira;
  beforeAll(async () => {
    jira = await startFakeJira({ project: 'OPS' });
  });
  afterAll(() => jira.close());

  it('are Tasks in the project, labelled, with an ADF description, linked by /browse/KEY', async () => {
    const sink = jiraSink({
      baseUrl: `${jira.url}/`,
      email: jira.email,
      apiToken: jira.apiToken,
      project: 'OPS',
    });
    const ref = await sink.open({
      ...roleTicket,
      findings: [...roleTicket.findings, ...secretsTicket.findings],
    });
    expect(ref).toEqual({ key: 'OPS-1', url: `${jira.url}/browse/OPS-1` });
    const fields = jira.issues[0]?.fields ?? {};
    expect(fields.project).toEqual({ key: 'OPS' });
    expect(fields.issuetype).toEqual({ name: 'Task' });
    expect(fields.labels).toEqual([
      'lambda-audit',
      'role-unused-services',
      'env-secrets',
      'lambda-audit-fp-f00dfeedf00dfeed0001',
      'lambda-audit-fp-f00dfeedf00dfeed0002',
    ]);
    expect(fields.summary).toBe(
      'Tighten execution role orders-api-role of orders-api (account 123456789012, eu-west-1)',
    );
    expect(adfProblem(fields.description)).toBeNull();
  });

  it('are refused with a hint when the credentials are wrong', async () => {
    const sink = jiraSink({ baseUrl: jira.url, email: jira.email, apiToken: 'wrong', project: 'OPS' });
    await expect(sink.open(roleTicket)).rejects.toThrow(
      'Jira answered 401: Client must be authenticated to access this resource (check JIRA_EMAIL and JIRA_API_TOKEN); no ticket was created',
    );
  });
});

describe('GitHub issues', () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    github = await startFakeGitHub();
  });
  afterAll(() => github.close());

  it('carry the title, labels and a Markdown body, and are referred to as owner/repo#n', async () => {
    const sink = githubSink({ token: github.token, repo: github.repo, apiUrl: github.url });
    const ref = await sink.open(secretsTicket);
    expect(ref).toEqual({
      key: 'acme/security#1',
      url: 'https://github.example.test/acme/security/issues/1',
    });
    const issue = github.issues[0];
    expect(issue?.title).toBe(
      'Critical: Environment variable holds a secret in clear text on orders-api (account 123456789012, eu-west-1)',
    );
    expect(issue?.labels).toEqual(['lambda-audit', 'env-secrets', 'lambda-audit-fp-f00dfeedf00dfeed0002']);
    expect(issue?.body).toContain('### CRITICAL: Environment variable holds a secret in clear text');
  });

  it('tell the operator to check the repository when GitHub cannot see it', async () => {
    const sink = githubSink({ token: github.token, repo: 'acme/elsewhere', apiUrl: github.url });
    await expect(sink.open(roleTicket)).rejects.toThrow(
      'GitHub answered 404: Not Found (check GITHUB_REPO, and that the token can see it); no ticket was created',
    );
  });

  it('refuse to comment on something that is not an issue reference', async () => {
    const sink = githubSink({ token: github.token, repo: github.repo, apiUrl: github.url });
    await expect(sink.comment({ key: 'SEC-1' }, 'Fixed')).rejects.toThrow(
      "'SEC-1' is not a GitHub issue reference",
    );
  });
});
