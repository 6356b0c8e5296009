import { describe, expect, it } from 'vitest';
import type { AuditReport, Exposure, Finding, LogSearch, Severity } from '../../src/model.js';
import { limitViolations, type SlackMessage } from '../../src/render/limits.js';
import { TRIAGE_FULL_AUDIT_ACTION_ID } from '../../src/render/slack-ids.js';
import type { Block, TriageMessage } from '../../src/triage/blocks.js';
import {
  changeLine,
  headlineFindings,
  renderTriageFailure,
  renderTriageReply,
} from '../../src/triage/reply.js';
import type { AlarmRef } from '../../src/triage/types.js';
import { categoriesOf } from '../fixtures/categories.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';
const ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:checkout-api`;
const ALARM_AT = Date.parse('2024-06-03T14:02:00.000Z');
const NOW = new Date(ALARM_AT + 60_000);
const MIN = 60_000;

function alarm(extra: Partial<AlarmRef> = {}): AlarmRef {
  return {
    alarmName: 'checkout-api-errors',
    state: 'ALARM',
    reason: 'Threshold Crossed: 1 datapoint [7.0] was greater than or equal to the threshold (1.0).',
    region: REGION,
    accountId: ACCOUNT,
    functionName: 'checkout-api',
    time: new Date(ALARM_AT).toISOString(),
    source: 'chatbot',
    ...extra,
  };
}

function finding(check: string, severity: Severity, title = `Title of ${check}`): Finding {
  return {
    check,
    categories: categoriesOf(check),
    severity,
    title,
    detail: `Detail of ${check}.`,
    resource: ARN,
    evidence: {},
    remediation: `Fix ${check}.`,
    fingerprint: `fp-${check}`,
  };
}

function report(findings: Finding[] = [], exposure: Exposure = 'none'): AuditReport {
  return {
    function: { name: 'checkout-api', arn: ARN, region: REGION, accountId: ACCOUNT, runtime: 'nodejs20.x' },
    findings,
    unverified: [],
    triggers: [],
    paths: [],
    exposure,
    role: { arn: `arn:aws:iam::${ACCOUNT}:role/checkout-api`, sharedWith: 0 },
    logs: { group: '/aws/lambda/checkout-api', exists: true, searched: null },
    generatedAt: new Date(ALARM_AT + 30_000).toISOString(),
  };
}

function logs(messages: string[] = ['[ERROR] KeyError: order_id']): LogSearch {
  return {
    logGroupName: '/aws/lambda/checkout-api',
    startTime: ALARM_AT - 15 * MIN,
    endTime: ALARM_AT + 5 * MIN,
    counts: { error: 12, timeout: 3, outOfMemory: 1, unhandled: 0, throttle: 0 },
    samples: messages.map((message, i) => ({ timestamp: ALARM_AT - (5 - i) * MIN, message })),
    truncated: false,
  };
}

/** Every mrkdwn and plain text in a message, for asserting on what Slack would parse. */
function texts(message: TriageMessage): string[] {
  const out = [message.text];
  for (const block of message.blocks) {
    if (block.type === 'section') out.push(block.text.text);
    if (block.type === 'context') out.push(...block.elements.map((e) => e.text));
    if (block.type === 'actions') out.push(...block.elements.flatMap((b) => [b.text.text, b.value]));
  }
  return out;
}
const all = (m: TriageMessage) => texts(m).join('\n');
const buttons = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
const fits = (m: TriageMessage) => limitViolations(m as unknown as SlackMessage);

const mixed = () =>
  report(
    [
      finding('role-admin', 'critical'),
      finding('vpc-not-attached', 'info'),
      finding('url-cors-wildcard', 'medium'),
      finding('code-signing-off', 'low'),
      finding('policy-public-invoke', 'critical'),
      finding('runtime-deprecated', 'high'),
    ],
    'internet-open',
  );

describe('renderTriageReply', () => {
  it('puts the alarm in one line: state, name, function, region, account and time', () => {
    const reply = renderTriageReply(alarm(), report(), logs(), NOW);
    const first = reply.blocks[0];
    expect(first?.type).toBe('section');
    const line = first?.type === 'section' ? first.text.text : '';
    expect(line).not.toContain('\n');
    expect(line).toBe(
      ':rotating_light: *ALARM* `checkout-api-errors` on `checkout-api` · eu-central-1 · 123456789012 · 14:02 UTC',
    );
    expect(all(reply)).toContain('Threshold Crossed: 1 datapoint [7.0]');
  });

  it('shows the error counts of the window and the sample lines in a code block', () => {
    const reply = renderTriageReply(
      alarm(),
      report(),
      logs(['[ERROR] one', 'Task timed out after 3.00 seconds']),
      NOW,
    );
    const text = all(reply);
    expect(text).toContain('13:47–14:07 UTC');
    expect(text).toContain('*12 errors* · *3 timeouts* · *1 out-of-memory kill* · 0 throttles');
    expect(text).toContain('```13:57:00  [ERROR] one\n13:58:00  Task timed out after 3.00 seconds```');
  });

  it('marks counts as lower bounds when the search was truncated', () => {
    const search = { ...logs(), truncated: true };
    expect(all(renderTriageReply(alarm(), report(), search, NOW))).toContain('*≥12 errors*');
  });

  it('says so when the logs could not be read or do not exist', () => {
    expect(all(renderTriageReply(alarm(), report(), null, NOW))).toContain('_could not be read_');
    const missing = report();
    missing.logs.exists = false;
    expect(all(renderTriageReply(alarm(), missing, null, NOW))).toContain('the log group does not exist');
  });

  const HOSTILE = [
    '<!channel> wake up',
    'see <http://evil.example|your bank> now',
    'paging <@U012ABCDEF> and <!subteam^S1|@oncall> and @here',
    '```\n*bold* escape attempt``` <!everyone>',
    'ERROR \u001b[31mred\u001b[0m \u202eesrever\r\nnext line & done',
  ];

  it('keeps hostile log lines and alarm text from pinging, linking or breaking out of the code block', () => {
    const reply = renderTriageReply(
      alarm({ alarmName: '<!here> alarm', reason: 'reason <@U999> <https://evil|click> ```' }),
      report([finding('policy-public-invoke', 'critical', 'Title <!channel>')]),
      logs(HOSTILE),
      NOW,
    );
    for (const text of texts(reply)) {
      expect(text).not.toMatch(/<[!@#]/);
      expect(text).not.toMatch(/<https?:/);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none get through
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
    }
    const samples = reply.blocks.find((b) => b.type === 'section' && b.text.text.startsWith('```'));
    const body = samples?.type === 'section' ? samples.text.text : '';
    // One fence opens the block and one closes it; nothing in between can close it early.
    expect(body.match(/```/g)).toHaveLength(2);
    expect(body.endsWith('```')).toBe(true);
    expect(body.split('\n')).toHaveLength(HOSTILE.length);
    expect(body).toContain('&lt;!channel&gt; wake up');
    expect(body).toContain('@\u2060here');
  });

  it('lists exposure findings (policy-*, url-*) first, then the most severe, without info', () => {
    const reply = renderTriageReply(alarm(), mixed(), logs(), NOW);
    const text = all(reply);
    const order = [
      'policy-public-invoke',
      'url-cors-wildcard',
      'role-admin',
      'runtime-deprecated',
      'code-signing-off',
    ];
    const at = order.map((id) => text.indexOf(`\`${id}\``));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).not.toContain('`vpc-not-attached`');
    expect(text).toContain(
      ':red_circle: 2 critical · :large_orange_circle: 1 high · :large_yellow_circle: 1 medium',
    );
    expect(text).toContain(':globe_with_meridians: *Internet-exposed*');
    expect(headlineFindings(mixed().findings).map((f) => f.check)).toEqual(order);
  });

  it("puts exposure first by the findings' categories, not by their ids", () => {
    const gateway = { ...finding('apigw-open-route', 'low'), categories: ['exposure'] as const };
    const lookalike = { ...finding('url-lookalike', 'high'), categories: ['hygiene'] as const };
    expect(headlineFindings([lookalike, gateway]).map((f) => f.check)).toEqual([
      'apigw-open-route',
      'url-lookalike',
    ]);
  });

  it('offers the full audit with the function ARN', () => {
    const without = buttons(renderTriageReply(alarm(), mixed(), logs(), NOW).blocks);
    expect(without).toEqual([
      {
        type: 'button',
        action_id: TRIAGE_FULL_AUDIT_ACTION_ID,
        text: { type: 'plain_text', text: 'Full audit' },
        value: ARN,
      },
    ]);
  });

  it('stays within Slack limits with hundreds of long findings and long log lines', () => {
    const many = Array.from({ length: 300 }, (_, i) => finding(`policy-${i}`, 'high', 'x'.repeat(5000)));
    const reply = renderTriageReply(
      alarm({ alarmName: 'a'.repeat(255), reason: 'r'.repeat(5000) }),
      report(many),
      logs(Array.from({ length: 5 }, () => '<'.repeat(4000))),
      NOW,
      { lastModified: '2024-06-03T13:50:00.000+0000' },
    );
    expect(fits(reply)).toEqual([]);
    expect(reply.blocks.length).toBeLessThanOrEqual(10);
    expect(all(reply)).toContain('…and 295 more in the full audit.');
  });

  it('leaves out a button whose value would not fit rather than cut an identifier', () => {
    const long = report();
    long.function.arn = `arn:aws:lambda:eu-central-1:123456789012:function:${'f'.repeat(2001)}`;
    const reply = renderTriageReply(alarm(), long, logs(), NOW);
    expect(buttons(reply.blocks)).toEqual([]);
    expect(all(reply)).not.toContain('f'.repeat(2001));
  });

  it('answers an ARN mention without an alarm name or state', () => {
    const reply = renderTriageReply(
      alarm({ source: 'arn-mention', alarmName: null, state: null, reason: null, time: null }),
      report(),
      logs(),
      NOW,
    );
    const first = reply.blocks[0];
    expect(first?.type === 'section' && first.text.text).toBe(
      ':mag: `checkout-api` · eu-central-1 · 123456789012',
    );
    expect(fits(reply)).toEqual([]);
  });
});

describe('changeLine', () => {
  it.each([
    [
      '2024-06-03T13:50:00.000+0000',
      ':warning: *Code or configuration changed 12 minutes before the alarm* (13:50 UTC).',
    ],
    [
      '2024-06-03T14:01:30.000Z',
      ':warning: *Code or configuration changed less than a minute before the alarm* (14:01 UTC).',
    ],
    [
      '2024-06-03T11:57:00.000Z',
      ':warning: *Code or configuration changed 2 hours 5 minutes before the alarm* (11:57 UTC).',
    ],
    [
      '2024-05-31T14:02:00.000Z',
      'No code or configuration change in the day before the alarm: last changed 3 days before the alarm (2024-05-31 14:02 UTC).',
    ],
    [
      '2024-06-03T14:05:00.000Z',
      ':information_source: Code or configuration changed 3 minutes *after* the alarm (14:05 UTC).',
    ],
    [null, ':grey_question: _When the code or configuration last changed is unknown._'],
    ['not a date', ':grey_question: _When the code or configuration last changed is unknown._'],
  ])('LastModified %s', (lastModified, line) => {
    expect(changeLine(lastModified, alarm(), NOW)).toBe(line);
  });

  it('measures from now when the alarm has no time', () => {
    expect(changeLine('2024-06-03T13:03:00.000Z', alarm({ time: null }), NOW)).toBe(
      ':warning: *Code or configuration changed 1 hour ago* (13:03 UTC).',
    );
  });

  it('is part of the reply', () => {
    const reply = renderTriageReply(alarm(), report(), logs(), NOW, {
      lastModified: '2024-06-03T13:50:00.000+0000',
    });
    expect(all(reply)).toContain('changed 12 minutes before the alarm');
  });
});

describe('renderTriageFailure', () => {
  it('says in one escaped line that the function could not be read', () => {
    const failure = renderTriageFailure(
      alarm({ alarmName: 'errors <!channel>', functionName: 'gone-fn' }),
      'ResourceNotFoundException: Function not found\n<@U1>',
    );
    expect(failure.blocks).toHaveLength(1);
    const text = failure.blocks[0]?.type === 'section' ? failure.blocks[0].text.text : '';
    expect(text).not.toContain('\n');
    expect(text).toBe(
      ':warning: `errors &lt;!channel&gt;`: could not triage `gone-fn` in eu-central-1: ResourceNotFoundException: Function not found &lt;@U1&gt;',
    );
    expect(fits(failure)).toEqual([]);
  });
});
