/**
 * A slash command's answer as a message, for the places that post it themselves: a mention
 * (`@lambda-audit orders-api` answers in the mention's thread) and the triage reply's
 * "Full audit" button. Same verbs, same engine, same rendering as `/lambda-audit`.
 */
import { resolveVerb } from '../../../commands/index.js';
import { AwsError } from '../../errors.js';
import { errorFields } from '../../log.js';
import { renderNotice } from '../../render/blocks.js';
import { limitViolations, type SlackMessage } from '../../render/limits.js';
import { marksFor } from '../actions/marks.js';
import { replyForError } from '../error-reply.js';
import type { ListenerDeps } from '../listeners/deps.js';
import type { ProgressPlace, ScanProgressMessage } from '../scan-progress.js';
import { scanRun } from '../slack-engine.js';

export interface CommandReplyOptions {
  /**
   * Return null instead of an error reply when the words are not a command, or name (without a
   * verb) a function that does not exist: in an alarm's thread, "@lambda-audit why?" asks about
   * the thread's function, not about a function called "why".
   */
  lenient?: boolean;
  /** For the log line. */
  where?: Record<string, unknown>;
  /** Where a scan's progress message goes (the mention's thread), and who asked; none without. */
  progress?: ProgressPlace & { by: string };
}

/** The answer to `/lambda-audit <words>`; never throws (failures become the usual short replies). */
export async function commandReply(
  words: readonly string[],
  deps: ListenerDeps,
  options: CommandReplyOptions = {},
): Promise<SlackMessage | null> {
  const started = performance.now();
  const run = scanRun(deps, words, options.progress ?? null);
  const engine = run.engine;
  const { verb, args } = resolveVerb(words);
  const implicit = verb.name !== words[0];
  let parsed: unknown;
  try {
    parsed = verb.parse(args, engine);
  } catch (error) {
    if (options.lenient) return null;
    return failure(error, deps, options);
  }
  try {
    const running = verb.run(parsed, engine, run.context);
    await run.start(running);
    const output = await running;
    // The message ends with the result while the caller posts the answer (it never rejects).
    if (output.kind === 'scan') void run.progress?.finish({ kind: 'done', summary: output.report.summary });
    const message = deps.renders.render(output, await marksFor(deps, output));
    const violations = limitViolations(message);
    deps.log.log('info', 'command answered', {
      ...options.where,
      kind: output.kind,
      ms: Math.round(performance.now() - started),
    });
    if (!violations.length) return message;
    // Slack would refuse the whole message (invalid_blocks); the summary line still helps.
    deps.log.log('error', 'rendered message exceeds Slack limits', { ...options.where, violations });
    return renderNotice(`${message.text}\n_The full answer did not fit in Slack; the CLI shows it._`);
  } catch (error) {
    if (options.lenient && implicit && error instanceof AwsError && error.code === 'aws_not_found')
      return null;
    return failure(error, deps, options, run.progress);
  }
}

function failure(
  error: unknown,
  deps: ListenerDeps,
  options: CommandReplyOptions,
  progress: ScanProgressMessage | null = null,
): SlackMessage {
  const reply = replyForError(error);
  void progress?.finish({ kind: 'failed', ref: reply.ref });
  deps.log.log(reply.level, 'command failed', {
    ...options.where,
    ref: reply.ref,
    ...errorFields(error),
  });
  return renderNotice(reply.text);
}
