import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import {
  type AnswerView,
  decodeAnswerView,
  encodeAnswerView,
  groupByCheck,
  ITEMS_PER_PAGE,
  renderAuditBlocks,
} from '../../src/render/audit-blocks.js';
import type { FindingMark } from '../../src/render/finding-actions.js';
import { limitViolations, type SlackMessage } from '../../src/render/limits.js';
import {
  ANSWER_GROUP_ACTION_ID,
  ANSWER_NEXT_ACTION_ID,
  ANSWER_PREVIOUS_ACTION_ID,
} from '../../src/render/slack-ids.js';
import { makePath } from '../fixtures/path.js';
import { makeReport } from '../slack/fixtures.js';

const KEY = 'k3Yk3Yk3Yk3Yk3Yk';
const ACTIONS = { actions: { ticket: true, key: KEY } };

function textOf(block: SlackMessage['blocks'][number] | undefined): string {
  return block && block.type === 'section' ? (block.text?.text ?? '') : '';
}

function buttonsOf(message: SlackMessage): { action_id: string; value: string; text: string }[] {
  return message.blocks.flatMap((b) => {
    const elements =
      b.type === 'actions' ? b.elements : b.type === 'section' && b.accessory ? [b.accessory] : [];
    return elements.flatMap((e) =>
      e.type === 'button' ? [{ action_id: e.action_id ?? '', value: e.value ?? '', text: e.text.text }] : [],
    );
  });
}

/** Fingerprints of the findings shown with their "…" menu. */
function withMenu(message: SlackMessage): string[] {
  return message.blocks.flatMap((b) =>
    b.type === 'section' && b.accessory?.type === 'overflow'
      ? [(b.accessory.options[0]?.value ?? '').split('|')[2] ?? '']
      : [],
  );
}

const publicUrl = makePath('public', 'none', {
  kind: 'url',
  source: 'https://abc.lambda-url.eu-central-1.on.aws/',
  why: 'a public grant',
});
const ownAccount = makePath('account', 'iam', { source: '123456789012' });

describe('the audit answer leads with the verdict and the exposure', () => {
  const report = makeReport(
    {
      findings: 4,
      finding: (i) => ({
        categories: i === 1 ? ['role'] : [],
        title: i === 1 ? 'Role can pass any role' : `Problem ${i}`,
      }),
    },
    { paths: [ownAccount, publicUrl], exposure: 'internet-open' },
  );
  const message = renderAuditBlocks(report, { moreKey: KEY });

  it('says what to do and who can invoke it in the first section, widest path first', () => {
    const first = textOf(message.blocks[1]);
    const [verdict, exposure, widest, next] = first.split('\n');
    expect(verdict).toBe(
      ':rotating_light: *Act now*: 1 critical, 1 high, 1 medium, 1 low  ·  :warning: *1 not verified*',
    );
    expect(exposure).toBe(
      '*Who can invoke it*: :rotating_light: anyone on the internet, without authentication',
    );
    expect(widest).toContain('*Function URL* `https://abc.lambda-url.eu-central-1.on.aws/`');
    expect(widest).toContain(':globe_with_meridians: public · :warning: *no auth*');
    expect(next).toContain('*Resource policy* `123456789012` · this account · auth iam');
    expect(first).not.toContain('{');
  });

  it('gives the role blast radius in one line next', () => {
    const radius = textOf(message.blocks[2]);
    expect(radius.split('\n')).toHaveLength(1);
    expect(radius).toContain('*Blast radius* role `orders-api-role`');
    expect(radius).toContain('shared with 2 other functions');
    expect(radius).toContain(':large_orange_circle: Role can pass any role');
  });

  it('without paths, says who can invoke it from the policy and URL', () => {
    const legacy = renderAuditBlocks(makeReport({ findings: 0 }));
    expect(textOf(legacy.blocks[1])).toContain('*Who can invoke it*\n• *public* `*`');
    expect(textOf(legacy.blocks[1])).toMatch(/^:white_check_mark: \*Nothing open\*/);
  });

  it('does not raise the alarm when the function is not open to the internet', () => {
    const closed = renderAuditBlocks({ ...report, exposure: 'account', paths: [ownAccount] });
    expect(textOf(closed.blocks[1])).toMatch(/^:red_circle: \*Act now\*: 1 critical/);
    expect(textOf(closed.blocks[1])).toContain(':lock: principals of its own account only');
  });
});

describe('findings grouped by check', () => {
  // check-a: 1 high + 2 low; check-b: 1 critical; check-c: 3 high; check-d: 2 medium.
  const specs: [string, Finding['severity']][] = [
    ['check-a', 'high'],
    ['check-a', 'low'],
    ['check-a', 'low'],
    ['check-b', 'critical'],
    ['check-c', 'high'],
    ['check-c', 'high'],
    ['check-c', 'high'],
    ['check-d', 'medium'],
    ['check-d', 'medium'],
  ];
  const report = makeReport({
    findings: specs.length,
    finding: (i) => ({ check: specs[i]?.[0], severity: specs[i]?.[1], title: `Title of ${specs[i]?.[0]}` }),
  });

  it('orders checks by their worst finding, then by how many, most severe first', () => {
    expect(groupByCheck(report.findings).map((g) => [g.check, g.findings.length])).toEqual([
      ['check-b', 1],
      ['check-c', 3],
      ['check-a', 3],
      ['check-d', 2],
    ]);
  });

  it('puts a check whose findings were all snoozed or accepted last', () => {
    const snoozed: FindingMark = {
      state: 'snoozed',
      by: 'U1',
      at: null,
      until: null,
      reason: null,
      ticket: null,
    };
    const marks = new Map(
      report.findings.filter((f) => f.check === 'check-b').map((f) => [f.fingerprint, snoozed]),
    );
    expect(groupByCheck(report.findings, marks).map((g) => g.check)).toEqual([
      'check-c',
      'check-a',
      'check-d',
      'check-b',
    ]);
  });

  it('shows one line per check with its count, a lone finding with its fix and its menu', () => {
    const message = renderAuditBlocks(report, ACTIONS);
    const lines = message.blocks.map(textOf).filter((t) => t.includes('`check-'));
    expect(lines[0]).toContain(':red_circle: *CRITICAL* *Title of check-b* `check-b`\n');
    expect(lines[0]).toContain('*Fix:* Add an aws:SourceArn condition');
    expect(lines[1]).toBe(':large_orange_circle: *HIGH* *Title of check-c* `check-c` · 3 findings');
    expect(lines[2]).toBe(':large_orange_circle: *HIGH* *Title of check-a* `check-a` · 3 findings');
    expect(withMenu(message)).toEqual([report.findings[3]?.fingerprint]);
    const show = buttonsOf(message).filter((b) => b.action_id === ANSWER_GROUP_ACTION_ID);
    expect(show.map((b) => b.text)).toEqual(['Show 3', 'Show 3', 'Show 2']);
    expect(decodeAnswerView(show[0]?.value ?? '')).toEqual({ key: KEY, view: { page: 0, open: 1 } });
  });

  it('opens a check in place: its findings follow its line, each with its menu, and the button hides them', () => {
    const message = renderAuditBlocks(report, { ...ACTIONS, view: { page: 0, open: 1 } });
    const ids = report.findings.filter((f) => f.check === 'check-c').map((f) => f.fingerprint);
    expect(withMenu(message)).toEqual([report.findings[3]?.fingerprint, ...ids]);
    const hide = buttonsOf(message).find((b) => b.text === 'Hide');
    expect(decodeAnswerView(hide?.value ?? '')?.view).toEqual({ page: 0, open: null });
  });
});

describe('paging', () => {
  // 40 checks of one finding each and one check of 30: 41 lines, 4 pages.
  const report = makeReport({
    findings: 70,
    finding: (i) => (i < 30 ? { check: 'check-many', severity: 'low' } : { check: `check-${i}` }),
  });

  it('pages the list with Next and Previous that carry only the key and the view', () => {
    const first = renderAuditBlocks(report, ACTIONS);
    expect(
      buttonsOf(first)
        .filter((b) => b.action_id !== ANSWER_GROUP_ACTION_ID)
        .map((b) => b.text),
    ).toEqual(['Next', 'Re-audit', 'Share in channel']);
    const next = buttonsOf(first).find((b) => b.action_id === ANSWER_NEXT_ACTION_ID);
    expect(decodeAnswerView(next?.value ?? '')).toEqual({ key: KEY, view: { page: 1, open: null } });
    const second = renderAuditBlocks(report, { ...ACTIONS, view: { page: 1, open: null } });
    expect(buttonsOf(second).map((b) => b.action_id)).toEqual(
      expect.arrayContaining([ANSWER_PREVIOUS_ACTION_ID, ANSWER_NEXT_ACTION_ID]),
    );
    expect(JSON.stringify(second)).toContain(`Page 2 of ${Math.ceil(41 / ITEMS_PER_PAGE)}`);
  });

  it('reaches every finding with its menu, by paging and opening checks', () => {
    const reached = new Set<string>();
    const views: AnswerView[] = [{ page: 0, open: null }];
    const seen = new Set<string>();
    while (views.length) {
      const view = views.pop() as AnswerView;
      const message = renderAuditBlocks(report, { ...ACTIONS, view });
      expect(limitViolations(message)).toEqual([]);
      for (const fp of withMenu(message)) reached.add(fp);
      for (const b of buttonsOf(message)) {
        const next = decodeAnswerView(b.value);
        if (next && !seen.has(b.value)) {
          seen.add(b.value);
          views.push(next.view);
        }
      }
    }
    expect([...reached].sort()).toEqual(report.findings.map((f) => f.fingerprint).sort());
  });

  it('without a key, offers no buttons and points to the CLI', () => {
    const message = renderAuditBlocks(report);
    expect(buttonsOf(message)).toEqual([]);
    expect(JSON.stringify(message)).toContain('lists them all');
  });

  it('after a decision, shows the decided finding: its page, its check opened', () => {
    const target = report.findings[29] as Finding;
    const message = renderAuditBlocks(report, { ...ACTIONS, focus: target.fingerprint });
    expect(withMenu(message)).toContain(target.fingerprint);
  });

  it('clamps a page past the end to the last one', () => {
    const message = renderAuditBlocks(report, { ...ACTIONS, view: { page: 99, open: 99 } });
    expect(JSON.stringify(message)).toContain('Page 4 of 4');
  });
});

describe('view values', () => {
  it('round-trip and refuse anything else', () => {
    expect(decodeAnswerView(encodeAnswerView(KEY, { page: 3, open: null }))).toEqual({
      key: KEY,
      view: { page: 3, open: null },
    });
    for (const bad of ['', 'k|x|', `${KEY}|1`, `${KEY}|1|2|3`, `a b|1|2`])
      expect(decodeAnswerView(bad)).toBeNull();
  });
});
