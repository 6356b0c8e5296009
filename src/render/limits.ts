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
  /** A Home tab or a modal (https://docs.slack.dev/reference/views). */
  blocksPerView: 100,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
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
  return [...out, ...blockViolations(message.blocks)];
}

/** As limitViolations, for a Home tab (100 blocks) or a modal (100 blocks, a 24-character title). */
export function viewViolations(view: types.HomeView | types.ModalView): string[] {
  const L = SLACK_LIMITS;
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  check(view.blocks.length <= L.blocksPerView, `${view.blocks.length} blocks > ${L.blocksPerView}`);
  check((view.private_metadata ?? '').length <= L.privateMetadata, 'private_metadata too long');
  check((view.callback_id ?? '').length <= L.callbackId, 'callback_id too long');
  if (view.type === 'modal') {
    for (const [what, text] of [
      ['title', view.title.text],
      ['submit', view.submit?.text ?? 'x'],
      ['close', view.close?.text ?? 'x'],
    ] as const) {
      check(
        text.length <= L.viewTitle && text.length > 0,
        `${what} '${text}' not 1-${L.viewTitle} characters`,
      );
    }
  }
  return [...out, ...blockViolations(view.blocks as types.KnownBlock[])];
}

function selectViolations(
  at: string,
  el: { options?: types.PlainTextOption[]; option_groups?: { options: types.PlainTextOption[] }[] },
): string[] {
  const L = SLACK_LIMITS;
  const options = [...(el.options ?? []), ...(el.option_groups ?? []).flatMap((g) => g.options)];
  const out: string[] = [];
  if (options.length > L.selectOptions) out.push(`${at}: ${options.length} options > ${L.selectOptions}`);
  for (const o of options) {
    if ((o.text.text ?? '').length > L.optionText) out.push(`${at}: option text > ${L.optionText}`);
    if ((o.value ?? '').length > L.optionValue) out.push(`${at}: option value > ${L.optionValue}`);
  }
  return out;
}

function blockViolations(blocks: readonly types.KnownBlock[]): string[] {
  const L = SLACK_LIMITS;
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  blocks.forEach((block, i) => {
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
        if (block.accessory?.type === 'static_select') out.push(...selectViolations(at, block.accessory));
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
          if (el.type === 'static_select') out.push(...selectViolations(at, el));
          if (el.type !== 'button') continue;
          check(
            el.text.text.length <= L.buttonText,
            `${at}: button text ${el.text.text.length} > ${L.buttonText}`,
          );
          check((el.value ?? '').length <= L.buttonValue, `${at}: button value > ${L.buttonValue}`);
          check((el.action_id ?? '').length <= L.actionId, `${at}: action_id > ${L.actionId}`);
        }
        break;
      case 'input':
        if (block.element.type === 'static_select') out.push(...selectViolations(at, block.element));
        check(block.label.text.length <= 2000, `${at}: input label too long`);
        break;
      default:
        break;
    }
  });
  return out;
}
