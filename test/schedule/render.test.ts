import { describe, expect, it } from 'vitest';
import { SEVERITIES, type Severity } from '../../src/model.js';
import { limitViolations } from '../../src/render/limits.js';
import type { Digest, DigestFinding } from '../../src/schedule/digest.js';
import { renderDigestBlocks, renderDigestText } from '../../src/schedule/render.js';
import type { ScanGap } from '../../src/store/store.js';

function finding(i: number, name = `fn-${i}`): DigestFinding {
  return {
    fingerprint: `fp${i}`,
    check: 'policy-public-invoke',
    severity: SEVERITIES[i % SEVERITIES.length] as Severity,
    title: 'Resource policy allows anyone to invoke the function',
    detail: 'x'.repeat(400),
    functionName: name,
    functionArn: `arn:aws:lambda:eu-central-1:123456789012:function:${name}`,
    accountId: '123456789012',
    region: 'eu-central-1',
    functions: 1,
  };
}

function gap(i: number, api = 'lambda:GetPolicy'): ScanGap {
  return {
    kind: 'unverified',
    functionArn: `arn:aws:lambda:eu-central-1:123456789012:function:fn-${i}`,
    functionName: `fn-${i}`,
    accountId: '123456789012',
    region: 'eu-central-1',
    area: 'triggers',
    api,
    reason: `User: arn:aws:sts::123456789012:assumed-role/bot is not authorized to perform: ${api} ${'y'.repeat(150)}`,
  };
}

function digest(overrides: Partial<Digest> = {}): Digest {
  return {
    generatedAt: '2026-03-02T09:00:05.000Z',
    scan: {
      id: 2,
      startedAt: '2026-03-02T09:00:00.000Z',
      finishedAt: '2026-03-02T09:00:04.000Z',
      regions: ['eu-central-1'],
      functions: 3,
      incomplete: 0,
      failed: 0,
      bySeverity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
    },
    scanError: null,
    sinceScanId: 1,
    totals: { critical: 1, high: 2, medium: 0, low: 3, info: 0 },
    newFindings: [],
    fixedFindings: [],
    riskiest: [],
    snoozed: 1,
    accepted: 2,
    failed: [],
    unverified: [],
    ...overrides,
  };
}

describe('renderDigestBlocks', () => {
  it.each([
    ['a quiet day', digest()],
    ['a few changes', digest({ newFindings: [finding(1)], fixedFindings: [finding(2)] })],
    [
      'thousands of findings and gaps with long names',
      digest({
        newFindings: Array.from({ length: 3000 }, (_, i) => finding(i, `f${'n'.repeat(60)}-${i}`)),
        fixedFindings: Array.from({ length: 800 }, (_, i) => finding(i)),
        unverified: Array.from({ length: 1500 }, (_, i) =>
          gap(i, i % 2 ? 'lambda:GetPolicy' : 'logs:StartQuery'),
        ),
        failed: Array.from({ length: 40 }, (_, i) => ({
          ...gap(i),
          kind: 'failed' as const,
          api: null,
          area: null,
        })),
      }),
    ],
    [
      'a failed scan',
      digest({ scanError: 'ExpiredToken: the security token included in the request is expired' }),
    ],
    ['nothing ever scanned', digest({ scan: null, sinceScanId: null })],
  ])('stays within Slack limits: %s', (_name, d) => {
    const { main, thread } = renderDigestBlocks(d);
    expect(limitViolations(main)).toEqual([]);
    for (const reply of thread) expect(limitViolations(reply)).toEqual([]);
    expect(thread.length).toBeLessThanOrEqual(10);
  });

  it('says first, loudly, what could not be checked, grouped by API', () => {
    const { main, thread } = renderDigestBlocks(
      digest({
        unverified: [gap(1), gap(2), gap(3, 'logs:StartQuery')],
        failed: [{ ...gap(9), kind: 'failed', api: null }],
      }),
    );
    const first = main.blocks[1];
    const text = first?.type === 'section' ? (first.text?.text ?? '') : '';
    expect(text).toContain(':rotating_light:');
    expect(text).toContain('1 function could not be read at all');
    expect(text).toContain('3 functions were read with gaps');
    expect(text).toMatch(/`lambda:GetPolicy` \(triggers\) on 2 functions: `fn-1`, `fn-2`/);
    expect(main.text).toContain('4 functions not fully checked');
    // Every gap is spelled out in the thread.
    const all = JSON.stringify(thread);
    for (const name of ['fn-1', 'fn-2', 'fn-3', 'fn-9']) expect(all).toContain(name);
  });

  it('leaves info findings out of the thread unless DIGEST_MIN_SEVERITY=info, and says so', () => {
    const many = Array.from({ length: 16 }, (_, i) => ({
      ...finding(i, `fn-${i}`),
      severity: i < 8 ? ('info' as const) : ('high' as const),
    }));
    const d = digest({ newFindings: many });
    const left = JSON.stringify(renderDigestBlocks(d).thread);
    expect(left).not.toContain('`fn-0`');
    expect(left).toContain('`fn-8`');
    expect(left).toContain('8 findings below low left out of this thread (DIGEST_MIN_SEVERITY)');
    expect(JSON.stringify(renderDigestBlocks(d, undefined, 'info').thread)).toContain('`fn-7`');
  });

  it('says a check found several times on one function once, with a count', () => {
    const same = Array.from({ length: 4 }, (_, i) => ({
      ...finding(0, 'billing'),
      fingerprint: `fp-same-${i}`,
    }));
    const { main } = renderDigestBlocks(digest({ newFindings: [...same, finding(1, 'other')] }));
    const text = JSON.stringify(main);
    expect(text).toContain('`policy-public-invoke` ×4 on `billing`');
    expect(text.match(/on `billing`/g)).toHaveLength(1);
    expect(text).toContain('New since the last digest (5)');
  });

  it('dates the scan in the reader’s time zone, with a UTC fallback', () => {
    const { main } = renderDigestBlocks(digest());
    expect(JSON.stringify(main.blocks.at(-1))).toContain(
      `finished <!date^${Date.parse('2026-03-02T09:00:04.000Z') / 1000}^{date_short_pretty} at {time}|2026-03-02 09:00 UTC>`,
    );
  });

  it('escapes names that try to ping or link', () => {
    const { main } = renderDigestBlocks(digest({ newFindings: [finding(1, '<!channel>')] }));
    const json = JSON.stringify(main);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('puts what does not fit in the channel message into the thread', () => {
    const d = digest({ newFindings: Array.from({ length: 12 }, (_, i) => finding(i)) });
    const { main, thread } = renderDigestBlocks(d, undefined, 'info');
    expect(JSON.stringify(main)).toContain('and 7 more in the thread');
    expect(thread).toHaveLength(1);
    for (let i = 0; i < 12; i++) expect(JSON.stringify(thread)).toContain(`fn-${i}\``);
  });
});

describe('renderDigestText', () => {
  it('lists blind spots first and every finding in full', () => {
    const text = renderDigestText(
      digest({ newFindings: [finding(1)], fixedFindings: [finding(2)], unverified: [gap(4)] }),
    );
    expect(text.indexOf('NOT EVERYTHING COULD BE CHECKED')).toBeLessThan(text.indexOf('New since'));
    expect(text).toContain('fn-4 (eu-central-1) lambda:GetPolicy: User:');
    expect(text).toMatch(/Fixed since the last digest: 1\n.*fn-2/);
  });

  it('strips terminal control sequences from AWS strings', () => {
    const text = renderDigestText(digest({ newFindings: [finding(1, 'evil\u001b[31m')] }));
    expect(text).not.toContain('\u001b');
  });
});
