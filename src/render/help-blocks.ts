/**
 * Help in Slack: what the bot does in three lines, then each verb with one example a person can
 * copy. `help <verb>` (no verb list) shows that verb's usage as code.
 */
import type { types } from '@slack/bolt';
import type { HelpVerb } from '../engine-contract.js';
import { context, divider, header, section } from './block-kit.js';
import { packLines } from './block-parts.js';
import { escapeCode, escapeMrkdwn } from './escape.js';
import { SLACK_LIMITS as L, type SlackMessage } from './limits.js';

const ABOUT = [
  ':shield: *lambda-audit* tells you how exposed each AWS Lambda function is: who can make it run, what its role could do if abused, and what leaks from it.',
  'Every finding has a severity and a fix, and a menu to open a ticket, snooze it or accept the risk.',
  'What it could not read is listed as *not verified*, never counted as a pass.',
].join('\n');

function verbBlock(verb: HelpVerb): types.SectionBlock {
  return section(
    `*${escapeMrkdwn(verb.name)}*: ${escapeMrkdwn(verb.summary)}\n\`/lambda-audit ${escapeCode(verb.example)}\``,
  );
}

export function renderHelpBlocks(help: { text: string; verbs?: readonly HelpVerb[] }): SlackMessage {
  if (!help.verbs?.length) {
    const lines = escapeMrkdwn(help.text, { keepNewlines: true }).replace(/```/g, 'ˋˋˋ').split('\n');
    const chunks = packLines(lines, L.sectionText - 6).slice(0, 10);
    return { text: 'lambda-audit help', blocks: chunks.map((c) => section(`\`\`\`${c}\`\`\``)) };
  }
  const blocks: types.KnownBlock[] = [
    header('lambda-audit'),
    section(ABOUT),
    divider,
    ...help.verbs.slice(0, L.blocksPerMessage - 5).map(verbBlock),
    context(
      'A bare function name audits it. `/lambda-audit help &lt;verb&gt;` shows a verb’s options; answers are visible to you only.',
    ),
  ];
  return { text: escapeMrkdwn(`lambda-audit help: ${help.verbs.map((v) => v.name).join(', ')}`), blocks };
}
