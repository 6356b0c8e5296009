import { describe, expect, it } from 'vitest';
import { renderAuditBlocks } from '../../src/render/blocks.js';
import {
  decodeFindingValue,
  decodeReauditValue,
  encodeFindingValue,
  type FindingMark,
  findingsSelect,
  markLine,
} from '../../src/render/finding-actions.js';
import { limitViolations } from '../../src/render/limits.js';
import { HOSTILE_TEXT, makeReport } from '../slack/fixtures.js';

const mark = (over: Partial<FindingMark>): FindingMark => ({
  state: 'snoozed',
  by: 'U0ALICE',
  at: '2026-03-01T00:00:00.000Z',
  until: '2026-04-01T00:00:00.000Z',
  reason: null,
  ticket: null,
  ...over,
});

describe('finding menus on audit answers', () => {
  it('stay within Slack limits (option values ≤ 150, texts ≤ 75) on a 60-finding report', () => {
    const report = makeReport({ findings: 60 });
    const message = renderAuditBlocks(report, {
      moreKey: 'k'.repeat(16),
      actions: { ticket: true, key: 'k'.repeat(16) },
    });
    expect(limitViolations(message)).toEqual([]);
    const json = JSON.stringify(message);
    for (const [, value] of json.matchAll(/"value":"([^"]*)"/g))
      expect(value?.length).toBeLessThanOrEqual(2000);
    const menus = message.blocks.flatMap((b) =>
      b.type === 'section' && b.accessory?.type === 'overflow' ? [b.accessory] : [],
    );
    expect(menus.length).toBe(12); // a page of the answer: checks of one finding each
    for (const menu of menus) {
      expect(menu.options.map((o) => o.text.text)).toEqual(['Open ticket', 'Snooze…', 'Accept risk…']);
      for (const o of menu.options) expect(o.value?.length).toBeLessThanOrEqual(150);
    }
  });

  it('leave snoozed and accepted findings out of the headline, marked and listed', () => {
    const report = makeReport({ findings: 3 });
    const [a, b] = report.findings;
    const marks = new Map([
      [a?.fingerprint ?? '', mark({})],
      [b?.fingerprint ?? '', mark({ state: 'accepted', reason: HOSTILE_TEXT })],
    ]);
    const message = renderAuditBlocks(report, { marks });
    const json = JSON.stringify(message);
    expect(json).toContain('1 snoozed');
    expect(json).toContain('1 accepted');
    expect(json).toContain('Snoozed until 2026-04-01 by <@U0ALICE>');
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U123>');
  });
});

describe('values', () => {
  it('round-trip and refuse anything else', () => {
    const fp = 'a'.repeat(20);
    expect(decodeFindingValue(encodeFindingValue('snooze', 'key_-1', fp))).toEqual({
      verb: 'snooze',
      key: 'key_-1',
      fingerprint: fp,
    });
    expect(decodeFindingValue(`x|k|${fp}`)).toBeNull();
    expect(decodeFindingValue('s|k|<script>')).toBeNull();
    expect(decodeReauditValue('eu-central-1|arn:aws:lambda:eu-central-1:1:function:f')).toEqual({
      region: 'eu-central-1',
      function: 'arn:aws:lambda:eu-central-1:1:function:f',
    });
    expect(decodeReauditValue('nope')).toBeNull();
  });

  it('a ticket link cannot smuggle mrkdwn', () => {
    const line = markLine(
      mark({ state: 'open', ticket: { key: 'SEC-1|<!channel>', url: 'javascript:alert(1)' } }),
    );
    expect(line).not.toContain('<!channel>');
    expect(line).not.toContain('javascript:');
  });

  it('the digest select has one group per finding', () => {
    const block = findingsSelect(
      [{ fingerprint: 'b'.repeat(20), severity: 'high', check: 'url-public', functionName: HOSTILE_TEXT }],
      { ticket: false },
    );
    const select = block.elements[0];
    expect(select?.type).toBe('static_select');
    if (select?.type !== 'static_select') return;
    expect(select.option_groups?.[0]?.label.text.length).toBeLessThanOrEqual(75);
    expect(select.option_groups?.[0]?.options.map((o) => o.text.text)).toEqual(['Snooze…', 'Accept risk…']);
  });
});
