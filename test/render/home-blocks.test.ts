import { describe, expect, it } from 'vitest';
import { auditPickerModal, expiringFirst, type HomeData, renderHome } from '../../src/render/home-blocks.js';
import { viewViolations } from '../../src/render/limits.js';
import type { FindingRecord } from '../../src/store/store.js';
import { HOSTILE_TEXT } from '../slack/fixtures.js';

function record(over: Partial<FindingRecord>): FindingRecord {
  return {
    fingerprint: 'f'.repeat(16),
    check: 'url-public',
    severity: 'critical',
    title: 'Public URL',
    detail: '',
    resource: 'r',
    remediation: '',
    functionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:fn',
    accountId: '123456789012',
    region: 'eu-central-1',
    firstSeen: '2026-03-01T00:00:00Z',
    lastSeen: '2026-03-01T00:00:00Z',
    lastScanId: 1,
    openedAt: '2026-03-01T00:00:00Z',
    openedScanId: 1,
    state: 'open',
    fixedAt: null,
    fixedScanId: null,
    snoozedUntil: null,
    acceptedReason: null,
    stateBy: null,
    stateAt: null,
    functions: [
      { functionArn: 'arn:x', functionName: 'fn', accountId: '123456789012', region: 'eu-central-1' },
    ],
    ...over,
  } as FindingRecord;
}

describe('the Home tab', () => {
  it('lists snoozes that run out soonest first, then acceptances', () => {
    const later = record({ check: 'later', state: 'snoozed', snoozedUntil: '2026-05-01T00:00:00Z' });
    const soon = record({ check: 'soon', state: 'snoozed', snoozedUntil: '2026-04-01T00:00:00Z' });
    const accepted = record({
      check: 'accepted',
      state: 'accepted',
      acceptedReason: 'by design',
      stateBy: 'U0ALICE',
    });
    expect(expiringFirst([accepted, later, soon]).map((f) => f.check)).toEqual(['soon', 'later', 'accepted']);
    const text = JSON.stringify(
      renderHome({ scan: null, functions: [], internet: [], gaps: [], decided: [accepted] }),
    );
    expect(text).toContain('accepted by <@U0ALICE> · _by design_ · no expiry');
  });

  it('stays within a view’s limits however much there is, and escapes what came from AWS', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      record({
        check: `${HOSTILE_TEXT}-${i}`,
        title: HOSTILE_TEXT.repeat(20),
        state: 'snoozed',
        acceptedReason: HOSTILE_TEXT,
      }),
    );
    const data: HomeData = {
      scan: {
        id: 1,
        startedAt: '2026-03-01T00:00:00Z',
        finishedAt: '2026-03-01T00:05:00Z',
        regions: ['eu-central-1'],
        functions: 300,
        incomplete: 3,
        failed: 2,
        bySeverity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
      },
      functions: Array.from({ length: 300 }, (_, i) => ({
        name: `${HOSTILE_TEXT}${i}`,
        arn: `arn:aws:lambda:eu-central-1:123456789012:function:f${i}${'x'.repeat(200)}`,
        region: 'eu-central-1',
        counts: { critical: i % 3, high: 1, medium: 0, low: 0, info: 0 },
      })),
      internet: many,
      decided: many,
      gaps: [
        {
          kind: 'unverified',
          scanId: 1,
          functionArn: '*',
          functionName: '*',
          accountId: null,
          region: 'eu-central-1',
          area: 'triggers',
          api: 'apigateway:GET',
          reason: HOSTILE_TEXT,
        } as never,
      ],
    };
    const home = renderHome(data);
    expect(viewViolations(home)).toEqual([]);
    expect(JSON.stringify(home)).not.toMatch(/<!channel>|<@U123>/);
    expect(JSON.stringify(home)).toContain('every function in eu-central-1');
    const picker = auditPickerModal(data.functions);
    expect(viewViolations(picker)).toEqual([]);
  });

  it('catches a view past its limits, so the test above can fail', () => {
    const home = renderHome({ scan: null, functions: [], internet: [], decided: [], gaps: [] });
    expect(
      viewViolations({ ...home, blocks: Array.from({ length: 101 }, () => ({ type: 'divider' as const })) }),
    ).toEqual(['101 blocks > 100']);
    const modal = auditPickerModal([]);
    expect(viewViolations({ ...modal, title: { type: 'plain_text', text: 'x'.repeat(25) } })).toHaveLength(1);
  });
});
