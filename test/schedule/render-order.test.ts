/**
 * The digest's ordering and grouping rules, on its payloads: the headline first (new ways in from
 * the internet, then what was fixed, then the counts and why they differ from the scan's), the
 * account and region findings once in the header, a read that failed for a whole region once,
 * and the thread grouped per function and check in replies of a readable size.
 */
import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/render/limits.js';
import { renderDigestBlocks } from '../../src/schedule/render.js';
import { REPLY_LINES } from '../../src/schedule/render-thread.js';
import { accountFinding, digest, finding, openPath, regionGaps } from './digest-fixtures.js';

function sections(message: SlackMessage): string[] {
  return message.blocks.map((b: types.KnownBlock) =>
    b.type === 'section' ? (b.text?.text ?? '') : b.type === 'header' ? b.text.text : '',
  );
}

const indexOf = (texts: string[], needle: string) => texts.findIndex((t) => t.includes(needle));

const ROUTE =
  'The route arn:aws:execute-api:eu-central-1:123456789012:abc/*/GET/export has authorization NONE.';
const URL_OPEN = 'The function URL (https://u.lambda-url.eu-central-1.on.aws/) has AuthType NONE.';

describe('the digest headline', () => {
  const d = digest({
    newFindings: [
      openPath('billing', 'exposure-open-powerful-role', '1 open path(s) lead into it.', 'critical'),
      openPath('billing', 'apigw-route-unauthenticated', ROUTE),
      openPath('webhook', 'url-public', URL_OPEN),
      {
        ...finding(1, 'billing'),
        check: 'env-secrets',
        detail: 'Environment variable DB_PASSWORD looks like a secret.',
      },
    ],
    fixedFindings: [{ ...finding(2, 'reports'), check: 'url-public' }],
    openPaths: 5,
  });
  const texts = sections(renderDigestBlocks(d).main);

  it('opens with what is new and open to the internet, then what was fixed, then the counts', () => {
    expect(texts[1]).toContain('New and open to the internet: 2 functions');
    expect(indexOf(texts, 'Fixed since the last digest (1)')).toBe(2);
    expect(indexOf(texts, '*Open now*')).toBe(3);
    expect(indexOf(texts, 'Other new findings')).toBeGreaterThan(3);
  });

  it('names each function once, with the source and why it is open, and a role that can take over', () => {
    const lines = (texts[1] ?? '').split('\n').slice(1);
    expect(lines).toHaveLength(2);
    // The fixture's title stands for "Anyone on the internet can run code that can take over the account".
    expect(lines[0]).toBe(
      `:red_circle: \`billing\` (eu-central-1) :skull: *Resource policy allows anyone to invoke the function*: ${ROUTE}`,
    );
    expect(lines[1]).toBe(`:large_orange_circle: \`webhook\` (eu-central-1): ${URL_OPEN}`);
  });

  it('keeps the ways in out of the other new findings, and says how many were open before', () => {
    const others = texts[indexOf(texts, 'Other new findings')] ?? '';
    expect(others).toContain('`env-secrets` on `billing`');
    expect(others).not.toContain('url-public');
    const quiet = sections(renderDigestBlocks(digest({ openPaths: 2 })).main);
    expect(quiet[1]).toBe(
      ':white_check_mark: *Nothing new is open to the internet.*\n_2 more ways in from before, still open._',
    );
  });

  it('does not claim nothing is open without saying what could not be read', () => {
    const blind = sections(renderDigestBlocks(digest({ unverified: regionGaps(3) })).main);
    expect(blind[1]).toContain('Nothing new is open to the internet');
    expect(blind[1]).toContain(':warning: _Among what could be read');
    expect(indexOf(blind, 'Not everything could be checked')).toBeGreaterThan(1);
  });
});

describe('the digest counts', () => {
  it('explain in one line why they differ from the scan’s', () => {
    const d = digest({ counted: { scanCounted: 40, open: 30, shared: 8, decided: 3, carried: 1 } });
    const counts = sections(renderDigestBlocks(d).main).find((t) => t.startsWith('*Open now*')) ?? '';
    const why = counts.split('\n').filter((l) => l.startsWith('_The scan counted'));
    expect(why).toEqual([
      "_The scan counted 40 (once per function a finding is on); 30 here: −8 repeats of findings shared by several functions (a role's), −3 snoozed or accepted, +1 still open that the scan could not check again._",
    ]);
    // 40 = 30 + 8 + 3 - 1: the parts add up.
    const same = sections(renderDigestBlocks(digest()).main).find((t) => t.startsWith('*Open now*'));
    expect(same).not.toContain('The scan counted');
  });
});

describe('account and region findings', () => {
  it('are in the header once each, never among function findings or in the thread', () => {
    const d = digest({
      newFindings: Array.from({ length: 12 }, (_, i) => ({ ...finding(i), severity: 'high' as const })),
      accountFindings: [accountFinding('us-east-1'), accountFinding('eu-west-1', false)],
      fixedAccountFindings: [accountFinding('eu-central-1', false)],
    });
    const { main, thread } = renderDigestBlocks(d);
    const texts = sections(main);
    const header = texts[indexOf(texts, '*Account and region*')] ?? '';
    expect(header.split('\n').slice(1)).toEqual([
      ':large_blue_circle: account 123456789012 us-east-1: GuardDuty Lambda Protection is off in this region `guardduty-lambda-protection-off` · *new*',
      ':large_blue_circle: account 123456789012 eu-west-1: GuardDuty Lambda Protection is off in this region `guardduty-lambda-protection-off`',
      ':white_check_mark: fixed: account 123456789012 eu-central-1: GuardDuty Lambda Protection is off in this region `guardduty-lambda-protection-off`',
    ]);
    expect(indexOf(texts, '*Account and region*')).toBeLessThan(indexOf(texts, 'Other new findings'));
    expect(JSON.stringify(main).match(/guardduty-lambda-protection-off/g)).toHaveLength(3);
    expect(JSON.stringify(thread)).not.toContain('guardduty');
  });
});

describe('a read that failed for a whole region', () => {
  it('is listed once, in the channel message and in the thread, with the functions it left unread', () => {
    const { main, thread } = renderDigestBlocks(digest({ unverified: regionGaps(12) }));
    const blind = sections(main).find((t) => t.includes('Not everything could be checked')) ?? '';
    expect(blind).toContain('*12 functions were read with gaps*');
    expect(blind.match(/`cloudwatch:DescribeAlarms`/g)).toHaveLength(1);
    const replies = JSON.stringify(thread);
    expect(replies.match(/`cloudwatch:DescribeAlarms`/g)).toHaveLength(1);
    expect(replies).toContain('monitoring unverified for 12 functions: `fn-100`, `fn-101`');
  });
});

describe('the digest thread', () => {
  const secrets = ['AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'STRIPE_API_KEY'].map((name, i) => ({
    ...finding(50 + i, 'billing'),
    fingerprint: `fp-secret-${name}`,
    check: 'env-secrets',
    severity: 'critical' as const,
    title: 'Environment variable holds a secret in clear text',
    detail: `Environment variable ${name} looks like a secret.`,
  }));
  const many = Array.from({ length: 60 }, (_, i) => ({
    ...finding(i, `fn-${String(i % 12).padStart(2, '0')}`),
    check: `check-${i % 2}`,
    severity: 'medium' as const,
    fingerprint: `fp-many-${i}`,
    detail: `Detail ${i}.`,
  }));
  const { thread } = renderDigestBlocks(digest({ newFindings: [...secrets, ...many] }));
  const replyLines = (m: SlackMessage) => sections(m).join('\n').split('\n');

  it('groups per function and check, naming each variable rather than counting', () => {
    const first = replyLines(thread[0] as SlackMessage);
    expect(first[1]).toBe('*`billing`* · eu-central-1 · 123456789012 — 3 critical');
    expect(first.slice(2, 6)).toEqual([
      ':red_circle: `env-secrets` ×3: Environment variable holds a secret in clear text',
      '      ◦ Environment variable AWS_SECRET_ACCESS_KEY looks like a secret.',
      '      ◦ Environment variable DB_PASSWORD looks like a secret.',
      '      ◦ Environment variable STRIPE_API_KEY looks like a secret.',
    ]);
  });

  it('splits into numbered replies of a readable size, never splitting a function', () => {
    expect(thread.length).toBeGreaterThan(1);
    for (const [i, reply] of thread.entries()) {
      const lines = replyLines(reply);
      expect(lines[0]).toBe(`*New, by function (63)* · part ${i + 1} of ${thread.length}`);
      expect(lines.length).toBeLessThanOrEqual(REPLY_LINES + 1);
    }
    const owners = thread.map(
      (reply) =>
        new Set(
          replyLines(reply)
            .filter((l) => l.startsWith('*`'))
            .map((l) => l.split('`')[1]),
        ),
    );
    const seen = owners.flatMap((names) => [...names]);
    expect(new Set(seen).size).toBe(seen.length);
    // Each function's checks, once each, in the reply that names it.
    const all = thread.map((reply) => sections(reply).join('\n')).join('\n');
    expect(all.match(/`check-0` ×\d/g)?.length).toBeGreaterThan(0);
  });
});
