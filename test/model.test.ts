import { describe, expect, it } from 'vitest';
import { compareRisk, countBySeverity, riskiestFirst, type Severity, summarise } from '../src/model.js';
import { renderScanBlocks } from '../src/render/blocks.js';
import { renderScanText } from '../src/render/scan-text.js';
import { buildDigest } from '../src/schedule/digest.js';
import { openStore } from '../src/store/open.js';
import { denied, finding, report, scanOf } from './store/fixtures.js';

/** A function with `n` findings of each given severity, each its own problem. */
function fn(name: string, counts: Partial<Record<Severity, number>>) {
  return report(name, (arn) =>
    Object.entries(counts).flatMap(([severity, n]) =>
      Array.from({ length: n }, (_, i) => finding(`check-${severity}-${i}`, arn, severity as Severity)),
    ),
  );
}

// The case the CLI and Slack used to disagree on: the worst severity ties, the next one decides.
const twoHigh = () => fn('b-two-high', { critical: 1, high: 2 });
const tenLow = () => fn('a-ten-low', { critical: 1, low: 10 });

describe('riskiest first', () => {
  it('puts 1 critical + 2 high before 1 critical + 10 low, whatever the input order', () => {
    for (const input of [
      [tenLow(), twoHigh()],
      [twoHigh(), tenLow()],
    ]) {
      expect(riskiestFirst(input).map((r) => r.function.name)).toEqual(['b-two-high', 'a-ten-low']);
    }
  });

  it('compares counts lexicographically from critical down, then by name', () => {
    const row = (name: string, counts: Partial<Record<Severity, number>>) => ({
      name,
      counts: { ...countBySeverity([]), ...counts },
    });
    expect(compareRisk(row('x', { critical: 1 }), row('y', { high: 50 }))).toBeLessThan(0);
    expect(compareRisk(row('x', { medium: 1, info: 9 }), row('y', { medium: 1, low: 1 }))).toBeGreaterThan(0);
    expect(compareRisk(row('a', { low: 1 }), row('b', { low: 1 }))).toBeLessThan(0);
  });

  it('orders the CLI scan text, the Slack scan message and the digest alike', async () => {
    const scan = scanOf([tenLow(), twoHigh()]);
    const text = renderScanText(scan, { color: false });
    expect(text.indexOf('b-two-high')).toBeLessThan(text.indexOf('a-ten-low'));
    const slack = JSON.stringify(renderScanBlocks(scan).blocks);
    expect(slack.indexOf('b-two-high')).toBeLessThan(slack.indexOf('a-ten-low'));
    const store = await openStore(':memory:');
    try {
      await store.recordScan(scan);
      const digest = await buildDigest(store, null, { now: new Date('2026-03-02T09:00:00Z') });
      expect(digest.riskiest.map((f) => f.functionName)).toEqual(['b-two-high', 'a-ten-low']);
    } finally {
      await store.close();
    }
  });
});

describe('summarise', () => {
  it('counts functions, those with gaps, and every finding by severity', () => {
    const gappy = report('c', [], [denied('lambda:GetPolicy', 'triggers')]);
    const failed = [{ function: 'd', region: 'eu-central-1', reason: 'AccessDenied' }];
    expect(summarise([twoHigh(), tenLow(), gappy], { regions: ['eu-central-1'], failed })).toEqual({
      functions: 3,
      incomplete: 1,
      bySeverity: { critical: 2, high: 2, medium: 0, low: 10, info: 0 },
      regions: ['eu-central-1'],
      failed,
    });
  });
});
