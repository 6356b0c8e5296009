/**
 * "Download policy" on a role view whose proposed least-privilege policy is too long to read in
 * Slack: the policy as a JSON file, uploaded with files.uploadV2 (files.getUploadURLExternal, the
 * bytes, files.completeUploadExternal; scope files:write) into the channel the view was asked in,
 * saying who asked for it. The file holds the proposal only, through the same redaction as
 * every other text leaving for Slack: a policy never carries secrets, and a file cannot start to.
 */
import { errorFields } from '../../log.js';
import { renderNotice } from '../../render/blocks.js';
import { escapeCode } from '../../render/escape.js';
import { mention } from '../../render/finding-actions.js';
import { proposalText } from '../../render/role-blocks.js';
import { redact } from '../../secrets.js';
import { slackErrorCode } from '../error-reply.js';
import { type ButtonClick, buttonListener } from './button.js';
import type { ListenerDeps } from './deps.js';

/** A file name from a function name (Lambda allows letters, digits, - and _; anything else goes). */
function policyFileName(functionName: string): string {
  return `${functionName.replace(/[^\w.-]/g, '-').slice(0, 64)}-least-privilege-policy.json`;
}

async function uploadPolicy(
  { value: key, client, user, to }: ButtonClick,
  deps: ListenerDeps,
): Promise<void> {
  const channel = to.channel;
  const output = deps.cache.get(key);
  const report = output?.kind === 'role' ? output.report : null;
  const policy = report?.role.proposal?.policy;
  if (!report || !policy) {
    await deps.deliverer.deliver(
      to,
      renderNotice(
        ':hourglass: That answer is older than 30 minutes; run `/lambda-audit role` again to download its policy.',
      ),
    );
    return;
  }
  const cli = `lambda-audit role ${report.function.arn} --format json`;
  if (!channel) {
    await deps.deliverer.deliver(
      to,
      renderNotice(
        `:warning: There is no channel to upload to here; \`${escapeCode(cli)}\` prints the policy.`,
      ),
    );
    return;
  }
  try {
    await client.filesUploadV2({
      channel_id: channel,
      content: redact(proposalText(policy)),
      filename: policyFileName(report.function.name),
      title: `Least-privilege policy for ${report.function.name}`,
      initial_comment: `Proposed least-privilege policy for \`${escapeCode(report.function.name)}\`, downloaded by ${mention(user)}.`,
    });
    deps.log.log('info', 'policy uploaded', { user, channel, function: report.function.arn });
  } catch (error) {
    const code = slackErrorCode(error);
    deps.log.log('warn', 'policy upload failed', { user, channel, ...errorFields(error) });
    const fix =
      code === 'not_in_channel' || code === 'channel_not_found'
        ? 'invite @lambda-audit to this channel, or run '
        : 'run ';
    await deps.deliverer.deliver(
      to,
      renderNotice(
        `:warning: Slack did not take the policy file (${escapeCode(code ?? 'upload failed')}): ${fix}\`${escapeCode(cli)}\`.`,
      ),
    );
  }
}

/** The "Download policy" button. */
export const onDownloadPolicy = buttonListener(uploadPolicy);
