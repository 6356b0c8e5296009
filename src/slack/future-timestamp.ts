/**
 * Bolt's HTTPReceiver refuses signed requests older than 5 minutes but not ones dated in the
 * future: a request signed with a timestamp an hour ahead stays replayable for an hour and five
 * minutes. This guard sits in front of the receiver and refuses those with 401, as Bolt refuses
 * stale ones, before the body is read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { LogSink } from '../log.js';

/** The same window Bolt applies to old requests. */
export const MAX_CLOCK_SKEW_SEC = 5 * 60;

/** True when the request carries a Slack timestamp more than five minutes ahead of `nowMs`. */
export function isFutureDated(req: IncomingMessage, nowMs: number): boolean {
  const header = req.headers['x-slack-request-timestamp'];
  if (typeof header !== 'string') return false;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > Math.floor(nowMs / 1000) + MAX_CLOCK_SKEW_SEC;
}

/** Wraps the receiver's request listener (the one its HTTP server calls) with the future check. */
export function refuseFutureDated(receiver: HTTPReceiver, log: LogSink, now: () => number = Date.now): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    if (isFutureDated(req, now())) {
      log.log('warn', 'request refused: signed timestamp is more than 5 minutes in the future', {
        path: req.url ?? '',
      });
      res.writeHead(401);
      res.end();
      return;
    }
    inner(req, res);
  };
}
