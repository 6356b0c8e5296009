/**
 * A fake GitHub REST API: create an issue and comment on it, on 127.0.0.1, with the token
 * checked (`token X` or `Bearer X`, as @octokit/auth-token sends), GitHub-shaped answers and
 * errors (`{ message, errors, documentation_url }`), every request recorded, and knobs to fail
 * or slow the next calls. Point @octokit/rest's `baseUrl` (GITHUB_API_URL) at `url`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type JsonCall, startJsonService } from '../json-service.js';

export type GitHubCall = JsonCall;

export interface FakeGitHubIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  html_url: string;
  comments: { id: number; body: string }[];
}

export interface FakeGitHub {
  /** `http://127.0.0.1:<port>`: what GITHUB_API_URL should be. */
  url: string;
  token: string;
  /** `owner/name` */
  repo: string;
  calls: GitHubCall[];
  issues: FakeGitHubIssue[];
  env(): Record<string, string>;
  /** The next `times` requests get `status` with a GitHub-style error body. */
  failNext(times: number, status?: number, message?: string): void;
  setDelay(ms: number): void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  token?: string;
  repo?: string;
}

const DOCS = 'https://docs.github.com/rest';
/** Where issue links point; a real host name so links look like GitHub's. */
export const FAKE_GITHUB_WEB = 'https://github.example.test';
/** GitHub refuses bodies longer than this. */
const MAX_BODY = 65_536;

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (value && typeof value === 'object' ? (value as Obj) : {});
const ghError = (message: string, errors?: unknown[]) => ({
  message,
  documentation_url: DOCS,
  ...(errors ? { errors } : {}),
});

function tokenOf(headers: IncomingHttpHeaders): string | null {
  const match = /^(?:token|bearer) (.+)$/i.exec(headers.authorization ?? '');
  return match?.[1] ?? null;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const token = options.token ?? 'fake-github-token';
  const repo = options.repo ?? 'acme/security';
  const issues: FakeGitHubIssue[] = [];
  let nextCommentId = 1_000;

  function createIssue(body: unknown): [number, unknown] {
    const b = obj(body);
    if (typeof b.title !== 'string' || b.title === '') {
      return [
        422,
        ghError('Validation Failed', [{ resource: 'Issue', field: 'title', code: 'missing_field' }]),
      ];
    }
    const text = typeof b.body === 'string' ? b.body : '';
    if (text.length > MAX_BODY) {
      return [
        422,
        ghError('Validation Failed', [
          {
            resource: 'Issue',
            field: 'body',
            code: 'custom',
            message: `body is too long (maximum is ${MAX_BODY} characters)`,
          },
        ]),
      ];
    }
    const number = issues.length + 1;
    const labels = Array.isArray(b.labels) ? b.labels.filter((l): l is string => typeof l === 'string') : [];
    const issue = {
      number,
      title: b.title,
      body: text,
      labels,
      html_url: `${FAKE_GITHUB_WEB}/${repo}/issues/${number}`,
      comments: [],
    };
    issues.push(issue);
    return [
      201,
      {
        id: 5_000 + number,
        number,
        title: issue.title,
        body: issue.body,
        html_url: issue.html_url,
        state: 'open',
        labels: labels.map((name) => ({ name })),
      },
    ];
  }

  function createComment(number: number, body: unknown): [number, unknown] {
    const issue = issues.find((i) => i.number === number);
    if (!issue) return [404, ghError('Not Found')];
    const text = obj(body).body;
    if (typeof text !== 'string' || text === '') {
      return [
        422,
        ghError('Validation Failed', [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }]),
      ];
    }
    nextCommentId += 1;
    issue.comments.push({ id: nextCommentId, body: text });
    return [
      201,
      { id: nextCommentId, body: text, html_url: `${issue.html_url}#issuecomment-${nextCommentId}` },
    ];
  }

  /** GET /repos/{owner}/{repo}/issues?labels=a,b&state=all: issues carrying every label, newest first. */
  function listIssues(query: URLSearchParams): [number, unknown] {
    const wanted = (query.get('labels') ?? '').split(',').filter(Boolean);
    const perPage = Number(query.get('per_page') ?? 30);
    const found = issues.filter((i) => wanted.every((l) => i.labels.includes(l))).reverse();
    return [
      200,
      found.slice(0, perPage).map((i) => ({
        number: i.number,
        title: i.title,
        html_url: i.html_url,
        state: 'open',
        labels: i.labels.map((name) => ({ name })),
      })),
    ];
  }

  function route(method: string, path: string, body: unknown, query: URLSearchParams): [number, unknown] {
    const match = /^\/repos\/([^/]+)\/([^/]+)\/issues(?:\/(\d+)\/comments)?$/.exec(path);
    if (!match || (method !== 'POST' && !(method === 'GET' && !match[3]))) return [404, ghError('Not Found')];
    // GitHub answers 404, not 403, for repositories the token cannot see.
    if (`${match[1]}/${match[2]}` !== repo) return [404, ghError('Not Found')];
    if (method === 'GET') return listIssues(query);
    return match[3] ? createComment(Number(match[3]), body) : createIssue(body);
  }

  const service = await startJsonService({
    refuse: ({ headers }) => (tokenOf(headers) === token ? null : [401, ghError('Bad credentials')]),
    route: ({ method, path, body, query }) => route(method, path, body, query),
    error: (message) => ghError(message),
    failureMessage: 'Server Error',
    contentType: 'application/json; charset=utf-8',
  });
  const { url } = service;

  return {
    url,
    token,
    repo,
    calls: service.calls,
    issues,
    env: () => ({ TICKET_SINK: 'github', GITHUB_TOKEN: token, GITHUB_REPO: repo, GITHUB_API_URL: url }),
    failNext: service.failNext,
    setDelay: service.setDelay,
    reset() {
      service.reset();
      issues.length = 0;
    },
    close: service.close,
  };
}
