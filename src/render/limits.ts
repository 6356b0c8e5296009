import type { types } from '@slack/bolt';

/** Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  /** The top-level `text`, shown in notifications; Slack truncates past 40,000. */
  messageText: 40_000,
} as const;

export interface SlackMessage {
  /** Notification and accessibility fallback; escaped mrkdwn. */
  text: string;
  blocks: types.KnownBlock[];
}

function textOf(obj: types.PlainTextElement | types.MrkdwnElement | undefined): string {
  return obj?.text ?? '';
}

/**
 * Lists every way a message breaks Slack's limits, as readable strings; empty when it fits. The
 * limits meta-test runs it over everything render can produce, and the listener logs (rather than
 * sends) anything that would make Slack reject the message with `invalid_blocks`.
 */
export function limitViolations(message: SlackMessage): string[] {
  const L = SLACK_LIMITS;
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  check(
    message.blocks.length <= L.blocksPerMessage,
    `${message.blocks.length} blocks > ${L.blocksPerMessage}`,
  );
  check(message.text.length <= L.messageText, `text ${message.text.length} > ${L.messageText}`);
  check(message.text.length > 0, 'empty fallback text');
  message.blocks.forEach((block, i) => {
    const at = `block ${i} (${block.type})`;
    if (block.block_id !== undefined) check(block.block_id.length <= L.blockId, `${at}: block_id too long`);
    switch (block.type) {
      case 'header':
        check(
          block.text.text.length <= L.headerText,
          `${at}: header ${block.text.text.length} > ${L.headerText}`,
        );
        check(block.text.text.length > 0, `${at}: empty header`);
        break;
      case 'section': {
        const text = textOf(block.text);
        check(text.length <= L.sectionText, `${at}: text ${text.length} > ${L.sectionText}`);
        const fields = block.fields ?? [];
        check(fields.length <= L.sectionFields, `${at}: ${fields.length} fields > ${L.sectionFields}`);
        for (const field of fields)
          check(field.text.length <= L.fieldText, `${at}: field ${field.text.length} > ${L.fieldText}`);
        check(text.length > 0 || fields.length > 0, `${at}: section with neither text nor fields`);
        break;
      }
      case 'context':
        check(block.elements.length <= L.contextElements, `${at}: ${block.elements.length} elements`);
        for (const el of block.elements) {
          if (el.type === 'mrkdwn' || el.type === 'plain_text') {
            check(el.text.length <= L.contextText, `${at}: element ${el.text.length} > ${L.contextText}`);
          }
        }
        break;
      case 'actions':
        check(block.elements.length <= L.actionsElements, `${at}: ${block.elements.length} elements`);
        for (const el of block.elements) {
          if (el.type !== 'button') continue;
          check(
            el.text.text.length <= L.buttonText,
            `${at}: button text ${el.text.text.length} > ${L.buttonText}`,
          );
          check((el.value ?? '').length <= L.buttonValue, `${at}: button value > ${L.buttonValue}`);
          check((el.action_id ?? '').length <= L.actionId, `${at}: action_id > ${L.actionId}`);
        }
        break;
      default:
        break;
    }
  });
  return out;
}
