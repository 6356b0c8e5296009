import { describe, expect, it } from 'vitest';
import { limitViolations } from '../../src/render/limits.js';
import { renderDigestBlocks, renderDigestText } from '../../src/schedule/render.js';
import { accountFinding, digest, finding, gap } from './digest-fixtures.js';

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

  it('says first, loudly, what went wrong when there is no fresh scan to headline', () => {
    const { main } = renderDigestBlocks(
      digest({ scanError: 'ExpiredToken: the security token is expired', unverified: [gap(1)] }),
    );
    const first = main.blocks[1];
    const text = first?.type === 'section' ? (first.text?.text ?? '') : '';
    expect(text).toContain(':rotating_light: *Not everything could be checked.*');
    expect(text).toContain('The scan failed: ExpiredToken');
    expect(main.text).toContain('the scan failed');
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
    expect(text).toContain('Other new findings (5)');
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
  it('leads with the headline, says what could not be checked, and lists every finding in full', () => {
    const text = renderDigestText(
      digest({ newFindings: [finding(1)], fixedFindings: [finding(2)], unverified: [gap(4)] }),
    );
    expect(text.indexOf('New and open to the internet')).toBe(text.indexOf('\n') + 2);
    expect(text.indexOf('NOT EVERYTHING COULD BE CHECKED')).toBeLessThan(text.indexOf('Other new findings'));
    expect(text).toContain(
      'lambda:GetPolicy in eu-central-1 (123456789012), triggers unverified for 1 function: fn-4: User:',
    );
    expect(text).toMatch(/Fixed since the last digest: 1\n.*fn-2/);
  });

  it('lists new findings per function and check, naming each variable, and account findings once', () => {
    const secrets = ['DB_PASSWORD', 'STRIPE_API_KEY'].map((name, i) => ({
      ...finding(i, 'billing'),
      check: 'env-secrets',
      severity: 'critical' as const,
      title: 'Environment variable holds a secret in clear text',
      detail: `Environment variable ${name} looks like a secret.`,
    }));
    const text = renderDigestText(
      digest({ newFindings: secrets, accountFindings: [accountFinding('us-east-1')] }),
    );
    expect(text).toContain(
      [
        '  billing (eu-central-1, 123456789012): 2 critical',
        '    critical env-secrets ×2: Environment variable holds a secret in clear text',
        '      - Environment variable DB_PASSWORD looks like a secret.',
        '      - Environment variable STRIPE_API_KEY looks like a secret.',
      ].join('\n'),
    );
    expect(text.match(/guardduty-lambda-protection-off/g)).toHaveLength(1);
  });

  it('strips terminal control sequences from AWS strings', () => {
    const text = renderDigestText(digest({ newFindings: [finding(1, 'evil\u001b[31m')] }));
    expect(text).not.toContain('\u001b');
  });
});
