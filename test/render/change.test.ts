import { describe, expect, it } from 'vitest';
import type { ExposureChange } from '../../src/changes/diff.js';
import { renderChangeBlocks, renderChangeJson, renderChangeText } from '../../src/render/change.js';
import { limitViolations } from '../../src/render/limits.js';
import { HOSTILE, HOSTILE_TEXT } from '../slack/fixtures.js';
import { hostileReport } from './fixtures.js';

function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (!value || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  const own = node.type === 'mrkdwn' && typeof node.text === 'string' ? [node.text] : [];
  return [...own, ...Object.values(node).flatMap(mrkdwnTexts)];
}

function change(overrides: Partial<ExposureChange> = {}): ExposureChange {
  const report = hostileReport();
  return {
    function: report.function,
    events: [
      {
        id: 'e1',
        name: `AddPermission20150331v2${HOSTILE.channel}`,
        time: '2026-12-03T13:00:01Z',
        actor: `arn:aws:iam::123456789012:user/${HOSTILE_TEXT}`,
        sourceIp: HOSTILE.link,
      },
    ],
    opened: report.findings.filter((f) => f.severity === 'critical'),
    closed: [
      { fingerprint: 'fp-x', check: 'url-public', severity: 'high', title: HOSTILE_TEXT, resource: 'r' },
    ],
    exposure: { before: 'account', after: 'internet-open' },
    ...overrides,
  };
}

describe('renderChangeBlocks', () => {
  it('names the function, the event, the actor, what opened and closed; escapes everything; fits Slack', () => {
    const message = renderChangeBlocks(change(), { ticket: true, key: '' });
    const text = JSON.stringify(message);
    expect(text).toContain('exposure account -> internet-open');
    expect(text).toContain('AddPermission20150331v2');
    expect(text).toContain('*Opened*');
    expect(text).toContain('*Resolved*');
    expect(text).toContain('lambda_audit_finding_menu');
    expect(text).toContain('lambda_audit_reaudit');
    // Mentions and links would act only in mrkdwn (plain text and button values are inert).
    const mrkdwn = [message.text, ...mrkdwnTexts(message.blocks)].join('\n');
    for (const raw of [HOSTILE.channel, HOSTILE.here, HOSTILE.user, HOSTILE.link])
      expect(mrkdwn).not.toContain(raw);
    expect(limitViolations(message)).toEqual([]);
  });

  it('stays within Slack’s limits for a burst of many events and findings, without menus when asked', () => {
    const many = change();
    many.events = Array.from({ length: 500 }, (_, i) => ({ ...many.events[0]!, id: `e${i}` }));
    many.opened = Array.from({ length: 200 }, (_, i) => ({ ...many.opened[0]!, fingerprint: `fp${i}` }));
    const message = renderChangeBlocks(many);
    expect(limitViolations(message)).toEqual([]);
    expect(JSON.stringify(message)).not.toContain('lambda_audit_finding_menu');
    expect(JSON.stringify(message)).toContain('…and 497 more');
  });
});

describe('renderChangeText and renderChangeJson', () => {
  it('prints one safe line per fact for a terminal', () => {
    const text = renderChangeText(change());
    for (const control of ['\u0000', '\u0007', '\u001b', '\u202e']) expect(text).not.toContain(control);
    expect(text.split('\n')[0]).toMatch(/: exposure account -> internet-open; 3 new, 1 resolved findings$/);
    expect(text).toMatch(/\n {2}\+ CRITICAL /);
    expect(text).toMatch(/\n {2}- HIGH url-public: .* \(resolved\)/);
  });

  it('prints one JSON object on one line', () => {
    const line = renderChangeJson(change());
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({
      exposure: { before: 'account', after: 'internet-open' },
      closed: [{ check: 'url-public' }],
    });
  });
});
