/**
 * A fake Jira Cloud: the two REST v3 endpoints lambda-audit calls (create issue, add comment) on
 * 127.0.0.1, with basic auth checked, Jira-shaped answers and errors (`errorMessages`/`errors`),
 * ADF descriptions validated, every request recorded, and knobs to fail or slow the next calls.
 * Wire-compatible with jira.js's Version3Client.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type JsonCall, startJsonService } from '../json-service.js';
import { adfProblem } from './adf-check.js';

export type JiraCall = JsonCall;

export interface FakeJiraIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  comments: { id: string; body: unknown }[];
}

export interface FakeJira {
  /** `http://127.0.0.1:<port>`: what JIRA_BASE_URL should be. */
  url: string;
  email: string;
  apiToken: string;
  project: string;
  /** Every request, failures included, in arrival order. */
  calls: JiraCall[];
  /** Issues created, in order. */
  issues: FakeJiraIssue[];
  /** The environment that points `sinkFromEnv` at this fake. */
  env(): Record<string, string>;
  /** The next `times` requests get `status` with a Jira-style error body. */
  failNext(times: number, status?: number, message?: string): void;
  /** Every request waits this long before being answered (to widen race windows). */
  setDelay(ms: number): void;
  /** Holds every request, unanswered, until the returned release is called: a race the test orders. */
  hold(): () => void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeJiraOptions {
  email?: string;
  apiToken?: string;
  project?: string;
}

const jiraError = (...messages: string[]) => ({ errorMessages: messages, errors: {} });
const fieldError = (errors: Record<string, string>) => ({ errorMessages: [], errors });

function basicAuth(headers: IncomingHttpHeaders): string | null {
  const auth = headers.authorization;
  if (!auth?.startsWith('Basic ')) return null;
  return Buffer.from(auth.slice('Basic '.length), 'base64').toString('utf8');
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (value && typeof value === 'object' ? (value as Obj) : {});

export async function startFakeJira(options: FakeJiraOptions = {}): Promise<FakeJira> {
  const email = options.email ?? 'lambda-audit@example.com';
  const apiToken = options.apiToken ?? 'fake-jira-api-token';
  const project = options.project ?? 'SEC';
  const issues: FakeJiraIssue[] = [];
  let nextId = 10_000;

  function createIssue(body: unknown, base: string): [number, unknown] {
    const fields = obj(obj(body).fields);
    const problems: Record<string, string> = {};
    if (obj(fields.project).key !== project && obj(fields.project).id === undefined) {
      problems.project = 'valid project is required';
    }
    const issueType = obj(fields.issuetype);
    if (issueType.name !== 'Task' && issueType.id === undefined)
      problems.issuetype = 'Specify a valid issue type';
    if (typeof fields.summary !== 'string' || fields.summary.trim() === '') {
      problems.summary = 'You must specify a summary of the issue.';
    } else if (fields.summary.length > 255) problems.summary = 'Summary must be less than 255 characters.';
    const adf = adfProblem(fields.description);
    if (adf) problems.description = `Operation value must be an Atlassian Document (${adf})`;
    else if (JSON.stringify(fields.description).length > 32_767) {
      problems.description =
        'The entered text is too long. It exceeds the allowed limit of 32,767 characters.';
    }
    const labels = Array.isArray(fields.labels) ? fields.labels : [];
    if (labels.some((l) => typeof l !== 'string' || /\s/.test(l)))
      problems.labels = 'Labels cannot contain spaces.';
    if (Object.keys(problems).length > 0) return [400, fieldError(problems)];
    nextId += 1;
    const issue = { id: String(nextId), key: `${project}-${issues.length + 1}`, fields, comments: [] };
    issues.push(issue);
    return [201, { id: issue.id, key: issue.key, self: `${base}/rest/api/3/issue/${issue.id}` }];
  }

  function addComment(key: string, body: unknown, base: string): [number, unknown] {
    const issue = issues.find((i) => i.key === key || i.id === key);
    if (!issue) return [404, jiraError('Issue does not exist or you do not have permission to see it.')];
    const doc = obj(body).body;
    const problem = adfProblem(doc);
    if (problem) return [400, fieldError({ comment: `Comment body is not valid ADF (${problem})` })];
    nextId += 1;
    const comment = { id: String(nextId), body: doc };
    issue.comments.push(comment);
    return [
      201,
      { id: comment.id, self: `${base}/rest/api/3/issue/${issue.id}/comment/${comment.id}`, body: doc },
    ];
  }

  /**
   * The enhanced JQL search (POST /rest/api/3/search/jql), for the one query lambda-audit asks:
   * `project = "KEY" AND labels = "label" [ORDER BY created ASC]`.
   */
  function search(body: unknown): [number, unknown] {
    const jql = typeof obj(body).jql === 'string' ? (obj(body).jql as string) : '';
    const clause = /^project = "?([A-Z0-9]+)"? AND labels = "([^"]+)"(?: ORDER BY created ASC)?$/.exec(jql);
    if (!clause) return [400, jiraError(`Error in the JQL Query: the fake does not understand '${jql}'`)];
    const found = issues.filter(
      (i) =>
        i.key.startsWith(`${clause[1]}-`) &&
        Array.isArray(i.fields.labels) &&
        i.fields.labels.includes(clause[2]),
    );
    const max = Number(obj(body).maxResults ?? 50);
    return [
      200,
      { issues: found.slice(0, max).map((i) => ({ id: i.id, key: i.key })), isLast: found.length <= max },
    ];
  }

  function route(method: string, path: string, body: unknown, base: string): [number, unknown] {
    if (method === 'POST' && path === '/rest/api/3/issue') return createIssue(body, base);
    if (method === 'POST' && path === '/rest/api/3/search/jql') return search(body);
    const comment = /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/.exec(path);
    if (method === 'POST' && comment) return addComment(decodeURIComponent(comment[1] ?? ''), body, base);
    return [404, jiraError(`No route for ${method} ${path}`)];
  }

  const service = await startJsonService({
    // Jira Cloud answers 401 with a plain message for bad credentials.
    refuse: ({ headers }) =>
      basicAuth(headers) === `${email}:${apiToken}`
        ? null
        : [401, jiraError('Client must be authenticated to access this resource.')],
    route: ({ method, path, body, base }) => route(method, path, body, base),
    error: (message) => jiraError(message),
    failureMessage: 'Internal server error',
    contentType: 'application/json;charset=UTF-8',
  });
  const { url } = service;

  return {
    url,
    email,
    apiToken,
    project,
    calls: service.calls,
    issues,
    env: () => ({
      TICKET_SINK: 'jira',
      JIRA_BASE_URL: url,
      JIRA_EMAIL: email,
      JIRA_API_TOKEN: apiToken,
      JIRA_PROJECT: project,
    }),
    failNext: service.failNext,
    setDelay: service.setDelay,
    hold: service.hold,
    reset() {
      service.reset();
      issues.length = 0;
    },
    close: service.close,
  };
}
