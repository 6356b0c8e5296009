/**
 * Jira Cloud through jira.js (REST v3): a Task in JIRA_PROJECT whose description is an ADF
 * document, labelled `lambda-audit` and the check ids. Basic auth with an Atlassian account's
 * email and API token.
 */
import { Version3Client } from 'jira.js';
import { adfFromText } from './adf.js';
import { fingerprintLabel, ticketContent } from './content.js';
import { malformedAnswer, SINK_NAMES } from './errors.js';
import { toTicketError } from './http-failure.js';
import { scrub } from './redact.js';
import type { TicketRef, TicketSink } from './sink.js';
import type { Ticket } from './ticket.js';

export interface JiraSinkOptions {
  /** `https://your-domain.atlassian.net` */
  baseUrl: string;
  email: string;
  apiToken: string;
  /** A project key (`SEC`) or numeric id. */
  project: string;
  timeoutMs?: number;
}

export const JIRA_ISSUE_TYPE = 'Task';

export function jiraSink(options: JiraSinkOptions): TicketSink {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const client = new Version3Client({
    host: baseUrl,
    authentication: { basic: { email: options.email, apiToken: options.apiToken } },
    // A tracker that hangs must not hold a Slack click forever.
    baseRequestConfig: { timeout: options.timeoutMs ?? 15_000 },
  });
  const project = /^\d+$/.test(options.project) ? { id: options.project } : { key: options.project };

  return {
    kind: 'jira',
    displayName: SINK_NAMES.jira,
    async open(ticket: Ticket): Promise<TicketRef> {
      const content = ticketContent(ticket);
      let created: { key?: unknown };
      try {
        created = await client.issues.createIssue({
          fields: {
            project,
            issuetype: { name: JIRA_ISSUE_TYPE },
            summary: content.title,
            description: content.adf,
            labels: content.labels,
          },
        });
      } catch (error) {
        throw toTicketError('jira', 'open', error);
      }
      if (typeof created.key !== 'string' || created.key === '')
        throw malformedAnswer('jira', 'an issue key');
      return { key: created.key, url: `${baseUrl}/browse/${encodeURIComponent(created.key)}` };
    },
    async find(fingerprint) {
      const projectClause = 'key' in project ? `project = "${project.key}"` : `project = ${project.id}`;
      let found: { issues?: { key?: unknown }[] };
      try {
        found = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
          jql: `${projectClause} AND labels = "${fingerprintLabel(fingerprint)}" ORDER BY created ASC`,
          maxResults: 1,
          fields: ['key'],
        });
      } catch (error) {
        throw toTicketError('jira', 'search', error);
      }
      const key = found.issues?.[0]?.key;
      return typeof key === 'string' && key
        ? { key, url: `${baseUrl}/browse/${encodeURIComponent(key)}` }
        : null;
    },
    async comment(ref, text) {
      try {
        await client.issueComments.addComment({ issueIdOrKey: ref.key, comment: adfFromText(scrub(text)) });
      } catch (error) {
        throw toTicketError('jira', 'comment', error);
      }
    },
  };
}
