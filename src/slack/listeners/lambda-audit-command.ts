import type { Middleware, SlackCommandMiddlewareArgs, SlashCommand } from '@slack/bolt';
import { runCommand } from '../../../commands/index.js';
import type { CommandOutput } from '../../engine-contract.js';
import { errorFields } from '../../log.js';
import type { AuditReport } from '../../model.js';
import { renderNotice } from '../../render/blocks.js';
import { escapeCode, stripControl, truncate } from '../../render/escape.js';
import { limitViolations, type SlackMessage } from '../../render/limits.js';
import { marksFor } from '../actions/marks.js';
import type { Delivered, Destination } from '../deliver.js';
import { replyForError } from '../error-reply.js';
import type { Joined } from '../inflight.js';
import { scanRun } from '../slack-engine.js';
import type { ListenerDeps } from './deps.js';

export const COMMAND = '/lambda-audit';

function joinedText(joined: Joined): string {
  const what =
    joined.kind === 'audit'
      ? `\`${escapeCode(joined.ref.function)}\` in ${escapeCode(joined.ref.region)}`
      : `the scan of ${joined.regions.map(escapeCode).join(', ')}`;
  return `:hourglass_flowing_sand: Already auditing ${what}; the answer follows.`;
}

/** The output in Block Kit, or its summary line when Slack would refuse the whole message. */
async function renderAnswer(
  output: CommandOutput,
  deps: ListenerDeps,
  where: Record<string, unknown>,
): Promise<SlackMessage> {
  const message = deps.renders.render(output, await marksFor(deps, output));
  const violations = limitViolations(message);
  if (!violations.length) return message;
  // Slack would refuse the whole message (invalid_blocks); the summary line still helps.
  deps.log.log('error', 'rendered message exceeds Slack limits', { ...where, violations });
  return renderNotice(`${message.text}\n_The full answer did not fit in Slack; the CLI shows it._`);
}

/**
 * The early answer completed: once IAM's last-accessed job is done (or failed, a gap the update
 * names), the whole answer replaces the early one where response_url posted it; else it follows.
 */
async function answerUpdate(
  to: Destination,
  update: Promise<AuditReport>,
  replace: boolean,
  deps: ListenerDeps,
  where: Record<string, unknown> & { started: number },
): Promise<void> {
  const { started, ...logged } = where;
  try {
    const output: CommandOutput = { kind: 'audit', report: await update };
    const delivered = await deps.deliverer.deliver(
      to,
      await renderAnswer(output, deps, logged),
      'ephemeral',
      replace,
    );
    deps.log.log('info', 'command answer updated', {
      ...logged,
      ms: Math.round(performance.now() - started),
      delivered,
    });
  } catch (error) {
    const reply = replyForError(error);
    deps.log.log('error', 'command answer not updated', { ...logged, ref: reply.ref, ...errorFields(error) });
    // The early answer says the unused services are being checked: it must not be left saying so.
    await deps.deliverer.deliver(
      to,
      renderNotice(`:warning: The execution role's unused services could not be checked (ref ${reply.ref}).`),
    );
  }
}

/** A store that cannot say whether another replica took the command: answer (a double beats none). */
async function mayAnswer(finish: (() => Promise<boolean>) | undefined): Promise<boolean> {
  return finish ? finish().catch(() => true) : true;
}

/**
 * Runs one slash command to its answer and never throws: every outcome ends in a message to the
 * user (the answer, or what to do) and one log line. `finish`, when the command was recorded,
 * is asked just before the answer goes out: false means another replica took the command over
 * (this one stopped, or went silent), and it answers instead.
 */
export async function answerCommand(
  command: SlashCommand,
  deps: ListenerDeps,
  finish?: () => Promise<boolean>,
): Promise<Delivered | 'handed over'> {
  const started = performance.now();
  const to: Destination = {
    responseUrl: command.response_url,
    channel: command.channel_id,
    user: command.user_id,
  };
  const words = command.text.split(/\s+/).filter(Boolean);
  const where = {
    user: command.user_id,
    team: command.team_id,
    channel: command.channel_id,
    text: truncate(stripControl(command.text), 200),
  };
  // The "already auditing" note must reach the user before the shared answer does.
  let note: Promise<unknown> = Promise.resolve();
  const run = scanRun(deps, words, { channel: command.channel_id, by: command.user_id }, (joined) => {
    note = deps.deliverer.deliver(to, renderNotice(joinedText(joined)));
  });
  const progress = run.progress;
  let replacing = false;
  try {
    const running = runCommand(words, run.engine, { early: true, ...run.context });
    // Where the bot cannot post in the channel, the progress goes once through response_url.
    if ((await run.start(running)) === false && progress)
      replacing = (await deps.deliverer.deliver(to, progress.notice())) === 'response_url';
    const output = await running;
    // Every command that joined this audit resumes now, in one burst of microtasks; a macrotask
    // turn lets the event loop take (and ack) the requests that arrived meanwhile first.
    await new Promise((resolve) => setImmediate(resolve));
    const message = await renderAnswer(output, deps, where);
    await note;
    if (!(await mayAnswer(finish))) {
      await progress?.finish({ kind: 'handed over' });
      return 'handed over';
    }
    const delivered = await deps.deliverer.deliver(to, message, 'ephemeral', replacing);
    deps.log.log('info', 'command answered', {
      ...where,
      kind: output.kind,
      ms: Math.round(performance.now() - started),
      delivered,
      ...(output.kind === 'audit' && output.update ? { pending: true } : {}),
    });
    if (output.kind === 'scan') await progress?.finish({ kind: 'done', summary: output.report.summary });
    if (output.kind === 'audit' && output.update)
      await answerUpdate(to, output.update, delivered === 'response_url', deps, { ...where, started });
    return delivered;
  } catch (error) {
    const reply = replyForError(error);
    deps.log.log(reply.level, 'command failed', { ...where, ref: reply.ref, ...errorFields(error) });
    await note;
    if (!(await mayAnswer(finish))) {
      await progress?.finish({ kind: 'handed over' });
      return 'handed over';
    }
    const delivered = await deps.deliverer.deliver(to, renderNotice(reply.text), 'ephemeral', replacing);
    await progress?.finish({ kind: 'failed', ref: reply.ref });
    return delivered;
  }
}

/** `/lambda-audit ...`: acknowledged before any work, answered through response_url. */
export function onCommand(deps: ListenerDeps): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack }) => {
    // In the store before the ack: an acknowledged command outlives this process.
    const finish = await deps.handover?.accept(command);
    // Slack shows "operation_timeout" after 3 s; the HTTP response goes out as soon as ack resolves.
    await ack();
    const answered = answerCommand(command, deps, finish);
    await (deps.handover ? deps.handover.track(answered) : answered);
  };
}
