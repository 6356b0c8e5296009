import { randomBytes } from 'node:crypto';
import { AwsError, LambdaAuditError } from '../errors.js';
import type { Level } from '../log.js';
import { escapeCode, escapeMrkdwn, truncate } from '../render/escape.js';

export interface ErrorReply {
  /** Escaped mrkdwn for the ephemeral reply: what happened and what to do. */
  text: string;
  /** Quoted in the reply and in the log line, so an operator finds one from the other. */
  ref: string;
  /** Usage errors are the user's to fix: info. AWS refusals are the operator's: warn. Bugs: error. */
  level: Level;
}

const HELP = 'Type `/lambda-audit help` for every verb and option.';

/**
 * Turns what went wrong into a short reply that says what to do. The message of our own errors
 * was written for people (it may quote their input, so it is escaped); anything else is a bug
 * and the user gets a reference instead of its text or stack.
 */
export function replyForError(error: unknown): ErrorReply {
  const ref = randomBytes(4).toString('hex');
  const said = (e: Error) => escapeMrkdwn(truncate(e.message, 1000));
  if (error instanceof AwsError) {
    const api = `\`${escapeCode(error.api)}\``;
    switch (error.code) {
      case 'config':
        // Only missing credentials are classified so: the operator's to fix, never the user's.
        return {
          ref,
          level: 'warn',
          text: `:gear: lambda-audit has no AWS credentials, so it cannot read AWS. Ask whoever runs lambda-audit to give it some (README.md, *The CLI*). (ref ${ref})`,
        };
      case 'aws_not_found':
        return {
          ref,
          level: 'info',
          text: `:mag: ${said(error)}\nCheck the name, or pass \`--region R\` if it lives in another region.`,
        };
      case 'aws_access_denied':
        return {
          ref,
          level: 'warn',
          text: `:no_entry: AWS refused ${api}: ${said(error)}\nThe bot's IAM role needs that permission (see \`iam/bot-policy.json\`); ask whoever runs lambda-audit. (ref ${ref})`,
        };
      case 'aws_throttled':
        return {
          ref,
          level: 'warn',
          text: `:hourglass: AWS is throttling ${api}. Try again in a minute. (ref ${ref})`,
        };
      case 'aws_unavailable':
        return {
          ref,
          level: 'warn',
          text: `:electric_plug: AWS did not answer (${api}). Try again in a minute. (ref ${ref})`,
        };
      default:
        return { ref, level: 'warn', text: `:warning: AWS failed on ${api}: ${said(error)} (ref ${ref})` };
    }
  }
  if (error instanceof LambdaAuditError && error.code === 'usage') {
    return { ref, level: 'info', text: `:information_source: ${said(error)}\n${HELP}` };
  }
  if (error instanceof LambdaAuditError) {
    return { ref, level: 'warn', text: `:warning: ${said(error)} (ref ${ref})` };
  }
  return {
    ref,
    level: 'error',
    text: `:boom: Something broke on our side; the details are in the bot's log under ref \`${ref}\`. Try again, and tell whoever runs lambda-audit if it keeps happening.`,
  };
}

/** The error code a Web API call answered (`not_in_channel`, `invalid_auth`), or null for any other failure. */
export function slackErrorCode(error: unknown): string | null {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' ? code : null;
}
