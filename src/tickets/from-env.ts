/**
 * Chooses and configures the ticket sink from the environment. TICKET_SINK unset or empty means
 * no sink (the Open-ticket button is hidden); a chosen sink with a missing or malformed variable
 * stops start-up with a ConfigError naming the variable, like every other setting.
 */
import { ConfigError } from '../errors.js';
import { GITHUB_API_URL, githubSink } from './github.js';
import { jiraSink } from './jira.js';
import type { TicketSink } from './sink.js';
import { webhookSink } from './webhook.js';

type Env = Readonly<Record<string, string | undefined>>;

export const SINK_KINDS = ['jira', 'github', 'webhook'] as const;

function required(env: Env, name: string, sink: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name}: required when TICKET_SINK=${sink} (${what})`);
  return value;
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name}: expected an http(s) URL, got '${value}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${name}: expected an http(s) URL, got '${value}'`);
  }
  return value;
}

function matching(name: string, value: string, pattern: RegExp, expected: string): string {
  if (!pattern.test(value)) throw new ConfigError(`${name}: expected ${expected}, got '${value}'`);
  return value;
}

/** The configured sink, or null when TICKET_SINK is not set. Throws ConfigError on bad settings. */
export function sinkFromEnv(env: Env): TicketSink | null {
  const kind = env.TICKET_SINK?.trim().toLowerCase();
  if (!kind) return null;
  switch (kind) {
    case 'jira': {
      const baseUrl = httpUrl(
        'JIRA_BASE_URL',
        required(env, 'JIRA_BASE_URL', kind, 'https://<site>.atlassian.net'),
      );
      const email = required(env, 'JIRA_EMAIL', kind, 'the Atlassian account the API token belongs to');
      const apiToken = required(env, 'JIRA_API_TOKEN', kind, 'an Atlassian API token');
      const project = matching(
        'JIRA_PROJECT',
        required(env, 'JIRA_PROJECT', kind, 'the project key, e.g. SEC'),
        /^([A-Z][A-Z0-9_]+|\d+)$/,
        'a project key like SEC or a numeric project id',
      );
      return jiraSink({ baseUrl, email, apiToken, project });
    }
    case 'github': {
      const token = required(env, 'GITHUB_TOKEN', kind, 'a token allowed to create issues');
      const repo = matching(
        'GITHUB_REPO',
        required(env, 'GITHUB_REPO', kind, 'owner/name'),
        /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
        'owner/name',
      );
      const rawApi = env.GITHUB_API_URL?.trim();
      const apiUrl = rawApi ? httpUrl('GITHUB_API_URL', rawApi) : GITHUB_API_URL;
      return githubSink({ token, repo, apiUrl });
    }
    case 'webhook': {
      const url = httpUrl(
        'TICKET_WEBHOOK_URL',
        required(env, 'TICKET_WEBHOOK_URL', kind, 'where to POST tickets'),
      );
      const secret = required(
        env,
        'TICKET_WEBHOOK_SECRET',
        kind,
        'the HMAC key receivers verify signatures with',
      );
      return webhookSink({ url, secret });
    }
    default:
      throw new ConfigError(
        `TICKET_SINK: expected one of ${SINK_KINDS.join(', ')}, got '${env.TICKET_SINK}'`,
      );
  }
}
