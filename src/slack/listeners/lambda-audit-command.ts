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
import { slackEngine } from '../slack-engine.js';
import type { ListenerDeps } from './deps.js';

export const COMMAND = '/lambda-audit';

function joinedText(joined: Joined): string {
  const what =
    joined.kind === 'audit'
      ? `\`${escapeCode(joined.ref.function)}\` in ${escapeCode(joined.ref.region)}`
      : `the scan of ${joined.regions.map(escapeCode).join(', ')}`;
  return `:hourglass_flowing_sand: Already auditing ${what}; the answer follows.`;
}

/** Progress messages a scan may spend of response_url's five uses: start, halfway; the answer replaces them. */
const PROGRESS_USES = 2;

/**
 * `/lambda-audit scan` keeps one message up to date: "scanning N functions", then halfway, then
 * the answer replaces it. Updates are posted in order and never hold up the scan.
 */
class ScanProgress {
  private chain: Promise<unknown> = Promise.resolve();
  private shown = 0;
  private halfway = false;

  constructor(
    private readonly to: Destination,
    private readonly deps: ListenerDeps,
  ) {}

  /** True once a progress message stands, so the answer should replace it. */
  get replacing(): boolean {
    return this.shown > 0;
  }

  readonly update = (done: number, total: number): void => {
    // Leave response_url enough uses for the answer (and a note) after the progress messages.
    if (this.deps.deliverer.remaining(this.to) < PROGRESS_USES + 1 - this.shown) return;
    let text: string | null = null;
    if (this.shown === 0 && done === 0) text = `:mag: Scanning ${total} functions…`;
    else if (this.shown === 1 && !this.halfway && total > 0 && done * 2 >= total && done < total) {
      this.halfway = true;
      text = `:mag: Scanned ${done} of ${total} functions…`;
    }
    if (text === null) return;
    const replace = this.shown > 0;
    this.shown++;
    const message = renderNotice(text);
    this.chain = this.chain.then(() => this.deps.deliverer.deliver(this.to, message, 'ephemeral', replace));
  };

  settled(): Promise<unknown> {
    return this.chain;
  }
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
  const engine = slackEngine(deps, (joined) => {
    note = deps.deliverer.deliver(to, renderNotice(joinedText(joined)));
  });
  const progress = new ScanProgress(to, deps);
  try {
    const output = await runCommand(words, engine, { onProgress: progress.update, early: true });
    // Every command that joined this audit resumes now, in one burst of microtasks; a macrotask
    // turn lets the event loop take (and ack) the requests that arrived meanwhile first.
    await new Promise((resolve) => setImmediate(resolve));
    const message = await renderAnswer(output, deps, where);
    await note;
    await progress.settled();
    if (!(await mayAnswer(finish))) return 'handed over';
    const delivered = await deps.deliverer.deliver(to, message, 'ephemeral', progress.replacing);
    deps.log.log('info', 'command answered', {
      ...where,
      kind: output.kind,
      ms: Math.round(performance.now() - started),
      delivered,
      ...(output.kind === 'audit' && output.update ? { pending: true } : {}),
    });
    if (output.kind === 'audit' && output.update)
      await answerUpdate(to, output.update, delivered === 'response_url', deps, { ...where, started });
    return delivered;
  } catch (error) {
    const reply = replyForError(error);
    deps.log.log(reply.level, 'command failed', { ...where, ref: reply.ref, ...errorFields(error) });
    await note;
    await progress.settled();
    if (!(await mayAnswer(finish))) return 'handed over';
    return deps.deliverer.deliver(to, renderNotice(reply.text), 'ephemeral', progress.replacing);
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
