import { describe, expect, it } from 'vitest';
import { limitViolations } from '../../src/render/limits.js';
import { renderScanProgress, type ScanProgressView } from '../../src/render/scan-progress-blocks.js';
import { HOSTILE } from '../slack/fixtures.js';
import { progressOf, progressPayloads, PROGRESS_SUMMARY as summary } from './progress-fixtures.js';

describe('the scan progress message', () => {
  it.each(progressPayloads())('%s fits every Block Kit limit', (_name, view) => {
    expect(limitViolations(renderScanProgress(view))).toEqual([]);
  });

  it('escapes what AWS and the user sent: no mention, link or broadcast survives', () => {
    for (const [, view] of progressPayloads()) {
      const json = JSON.stringify(renderScanProgress(view));
      for (const raw of [HOSTILE.channel, HOSTILE.here, HOSTILE.link, HOSTILE.user])
        expect(json).not.toContain(raw);
      expect(json).not.toContain('\\u0000');
    }
  });

  it('counts accounts for an organization, regions for one account', () => {
    const view = (accounts: number): ScanProgressView => ({
      by: 'U0ALICE',
      progress: { ...progressOf(accounts, 0), accounts: { done: 1, total: accounts } },
      functions: { done: 5, total: 9 },
      outcome: null,
    });
    expect(JSON.stringify(renderScanProgress(view(4)))).toContain(
      '*1 of 4 accounts* · 4 of 8 account-regions',
    );
    expect(JSON.stringify(renderScanProgress(view(1)))).toContain('*1 of 2 regions*');
  });

  it('says how much of a shared scan another replica did, while it runs and at its end', () => {
    const view = (outcome: ScanProgressView['outcome']): ScanProgressView => ({
      by: 'U0ALICE',
      progress: progressOf(4, 0, 'AccessDenied.', 3),
      functions: { done: 5, total: 9 },
      outcome,
    });
    const note = '3 of 8 account-regions of this scan were scanned by another replica of lambda-audit';
    expect(JSON.stringify(renderScanProgress(view(null)))).toContain(note);
    expect(JSON.stringify(renderScanProgress(view({ kind: 'done', summary })))).toContain(note);
    expect(JSON.stringify(renderScanProgress(view({ kind: 'failed', ref: 'r1' })))).not.toContain(note);
    const alone = { ...view(null), progress: progressOf(4, 0) };
    expect(JSON.stringify(renderScanProgress(alone))).not.toContain('another replica');
  });

  it('names ten unreachable accounts and counts the rest', () => {
    const view: ScanProgressView = {
      by: 'U0ALICE',
      progress: progressOf(30, 12),
      functions: { done: 0, total: 0 },
      outcome: null,
    };
    const json = JSON.stringify(renderScanProgress(view));
    expect(json).toContain('*12 accounts could not be scanned*');
    expect(json.match(/• `/g)).toHaveLength(10);
    expect(json).toContain('…and 2 more.');
  });

  it('ends with the counts by severity and the regions the scan covered', () => {
    const view: ScanProgressView = {
      by: 'U0ALICE',
      progress: progressOf(3, 1),
      functions: { done: 12, total: 12 },
      outcome: { kind: 'done', summary },
    };
    const message = renderScanProgress(view);
    const json = JSON.stringify(message);
    expect(json).toContain(
      '*Scan finished* for <@U0ALICE>: 12 functions in `eu-central-1`, `&lt;!channel&gt;`',
    );
    expect(json).toContain(':red_circle: *1 critical*');
    expect(json).toContain(':warning: *2 incomplete*');
    expect(json).toContain('1 account could not be scanned');
    expect(message.text).toBe(
      'Scan finished for <@U0ALICE>: 12 functions in `eu-central-1`, `&lt;!channel&gt;`',
    );
  });
});
