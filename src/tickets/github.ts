/**
 * GitHub Issues through @octokit/rest: an issue in GITHUB_REPO with a Markdown body and the
 * labels `lambda-audit` and the check ids (GitHub creates missing labels for tokens with push
 * access and silently drops them otherwise). GITHUB_API_URL points at GitHub Enterprise Server
 * (`https://ghe.example.com/api/v3`) or a test fake.
 */
import { Octokit } from '@octokit/rest';
import { fingerprintLabel, ticketContent } from './content.js';
import { malformedAnswer, SINK_NAMES, TicketError } from './errors.js';
import { toTicketError } from './http-failure.js';
import { scrub } from './redact.js';
import type { TicketRef, TicketSink } from './sink.js';
import type { Ticket } from './ticket.js';

export interface GitHubSinkOptions {
  token: string;
  /** `owner/name` */
  repo: string;
  /** Defaults to `https://api.github.com`. */
  apiUrl?: string;
  timeoutMs?: number;
}

export const GITHUB_API_URL = 'https://api.github.com';

const noop = (): void => {};

/** The issue number in `owner/repo#42` (or a bare `42`). */
export function issueNumber(key: string): number | null {
  const match = /^(?:[^#\s]+#)?(\d+)$/.exec(key.trim());
  return match ? Number(match[1]) : null;
}

export function githubSink(options: GitHubSinkOptions): TicketSink {
  const [owner = '', repo = ''] = options.repo.split('/');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: (options.apiUrl ?? GITHUB_API_URL).replace(/\/+$/, ''),
    userAgent: 'lambda-audit',
    // The request-log plugin prints every request; failures reach the caller as TicketError.
    log: { debug: noop, info: noop, warn: noop, error: noop },
  });
  // Per call, because AbortSignal.timeout starts counting when created.
  const request = () => ({ signal: AbortSignal.timeout(timeoutMs) });

  return {
    kind: 'github',
    displayName: SINK_NAMES.github,
    async open(ticket: Ticket): Promise<TicketRef> {
      const content = ticketContent(ticket);
      let issue: { number?: unknown; html_url?: unknown };
      try {
        const response = await octokit.rest.issues.create({
          owner,
          repo,
          title: content.title,
          body: content.markdown,
          labels: content.labels,
          request: request(),
        });
        issue = response.data;
      } catch (error) {
        throw toTicketError('github', 'open', error);
      }
      if (typeof issue.number !== 'number' || typeof issue.html_url !== 'string') {
        throw malformedAnswer('github', 'an issue number and URL');
      }
      return { key: `${owner}/${repo}#${issue.number}`, url: issue.html_url };
    },
    async find(fingerprint) {
      // The label filter of the issue list, not the search API: search is eventually consistent,
      // and this question comes seconds after the create call.
      let issues: { number?: unknown; html_url?: unknown; pull_request?: unknown }[];
      try {
        const response = await octokit.rest.issues.listForRepo({
          owner,
          repo,
          labels: fingerprintLabel(fingerprint),
          state: 'all',
          per_page: 1,
          request: request(),
        });
        issues = response.data;
      } catch (error) {
        throw toTicketError('github', 'search', error);
      }
      const issue = issues.find((i) => !i.pull_request);
      return issue && typeof issue.number === 'number' && typeof issue.html_url === 'string'
        ? { key: `${owner}/${repo}#${issue.number}`, url: issue.html_url }
        : null;
    },
    async comment(ref, text) {
      const number = issueNumber(ref.key);
      if (number === null) {
        throw new TicketError(
          'github',
          null,
          `'${ref.key}' is not a GitHub issue reference; the comment was not posted`,
        );
      }
      try {
        await octokit.rest.issues.createComment({
          owner,
          repo,
          issue_number: number,
          body: scrub(text),
          request: request(),
        });
      } catch (error) {
        throw toTicketError('github', 'comment', error);
      }
    },
  };
}
