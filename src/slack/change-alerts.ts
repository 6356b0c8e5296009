/**
 * Exposure-change alerts in Slack: `serve` runs the change-events loop when
 * CHANGE_EVENTS_QUEUE_URL is set and posts each change to ALERT_CHANNEL (DIGEST_CHANNEL by
 * default), with the usual per-finding menus (answered by the app's finding-menu listener) and
 * Re-audit. A post Slack refuses or rate-limits throws, so the event's message stays in the
 * queue and is tried again: an alert is never dropped on a 429.
 */

import { type ChangeWatchDeps, startChangeWatch } from '../changes/start.js';
import type { ChangeSink, ChangeWatcher } from '../changes/watch.js';
import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import { renderChangeBlocks } from '../render/change.js';
import { createDigestPoster, type DigestPoster } from '../schedule/poster.js';

/** Posts each change to `channel`; `ticket` offers "Open ticket" in the finding menus. */
export function slackChangeSink(poster: DigestPoster, channel: string, ticket: boolean): ChangeSink {
  return {
    async emit(change) {
      // An empty key: a menu click finds the finding in the store, where the loop recorded it.
      const message = renderChangeBlocks(change, { ticket, key: '' });
      await poster.postMessage({ channel, text: message.text, blocks: message.blocks });
    },
  };
}

/**
 * For `serve`: the loop posting to the alert channel, started; null when CHANGE_EVENTS_QUEUE_URL
 * is unset. A queue without a channel (or a token) stops start-up naming what is missing.
 */
export function startChangeAlerts(
  config: Config,
  deps: Omit<ChangeWatchDeps, 'sink'> & { poster?: DigestPoster; tickets: boolean },
): ChangeWatcher | null {
  if (!config.changeEvents.queueUrl) return null;
  const channel = config.changeEvents.alertChannel;
  if (!channel)
    throw new ConfigError(
      'ALERT_CHANNEL: required when CHANGE_EVENTS_QUEUE_URL is set (or set DIGEST_CHANNEL)',
    );
  const token = config.slack.botToken;
  if (!deps.poster && !token)
    throw new ConfigError('SLACK_BOT_TOKEN: required to post alerts to ALERT_CHANNEL');
  const poster = deps.poster ?? createDigestPoster(token ?? '', config.slack.apiUrl ?? undefined);
  return startChangeWatch(config, { ...deps, sink: slackChangeSink(poster, channel, deps.tickets) });
}
