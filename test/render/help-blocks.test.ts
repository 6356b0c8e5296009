import { describe, expect, it } from 'vitest';
import { renderHelpBlocks } from '../../src/render/help-blocks.js';
import { limitViolations } from '../../src/render/limits.js';

const verbs = [
  { name: 'audit', summary: 'audit one function', usage: 'audit <fn>', example: 'orders-api' },
  { name: 'role', summary: 'the role <b>', usage: 'role <fn>', example: 'role orders-api' },
];

describe('help in Slack', () => {
  it('says what the bot does in three lines, then each verb with one example', () => {
    const message = renderHelpBlocks({ text: 'ignored', verbs });
    expect(limitViolations(message)).toEqual([]);
    const sections = message.blocks.flatMap((b) => (b.type === 'section' ? [b.text?.text ?? ''] : []));
    expect(sections[0]?.split('\n')).toHaveLength(3);
    expect(sections.slice(1)).toEqual([
      '*audit*: audit one function\n`/lambda-audit orders-api`',
      '*role*: the role &lt;b&gt;\n`/lambda-audit role orders-api`',
    ]);
    expect(JSON.stringify(message)).not.toMatch(/<verb>|<b>/);
  });

  it('shows one verb’s usage as code', () => {
    const message = renderHelpBlocks({ text: '/lambda-audit role <fn>\nthe role' });
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '```/lambda-audit role &lt;fn&gt;\nthe role```' } },
    ]);
  });
});
