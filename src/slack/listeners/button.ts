/**
 * The shape every button listener shares: ack at once (Slack allows 3 seconds), then answer the
 * click from the button's value, to whoever clicked, where they clicked.
 */
import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs, webApi } from '@slack/bolt';
import { type Destination, destinationOf } from '../deliver.js';
import type { ListenerDeps } from './deps.js';

/** A button click, as its answer needs it. */
export interface ButtonClick {
  body: BlockAction<ButtonAction>;
  /** The button's value ('' when it has none). */
  value: string;
  client: webApi.WebClient;
  /** Who clicked. */
  user: string;
  /** Where the answer goes: the click's response_url, channel and user. */
  to: Destination;
}

export type ButtonListener = Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>>;

/** A listener factory for a button answered after its ack. */
export function buttonListener(
  answer: (click: ButtonClick, deps: ListenerDeps) => Promise<void>,
): (deps: ListenerDeps) => ButtonListener {
  return (deps) =>
    async ({ ack, body, action, client }) => {
      await ack();
      await answer(
        { body, value: action.value ?? '', client, user: body.user.id, to: destinationOf(body) },
        deps,
      );
    };
}

/** The notice for a button whose answer has left the cache. */
export const EXPIRED_ANSWER = ':hourglass: That answer is older than 30 minutes; run the command again.';
