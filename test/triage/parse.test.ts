import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { regionFromName, toIso } from '../../src/triage/aws-names.js';
import { parseAlarm, shouldTriage } from '../../src/triage/parse.js';
import type { AlarmRef, SlackMessageLike } from '../../src/triage/types.js';

interface Fixture {
  description: string;
  message: SlackMessageLike;
  expected: Partial<AlarmRef> | null;
  /** Whether the alarm gets a triage reply; absent for messages that are not alarms. */
  reply?: boolean;
}

function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture) }));

describe('parseAlarm', () => {
  it('has fixtures for every format and for messages that are not alarms', () => {
    const sources = new Set(fixtures.map((f) => f.expected?.source ?? 'none'));
    expect([...sources].sort()).toEqual(['arn-mention', 'chatbot', 'chatbot-custom', 'none', 'sns-json']);
    expect(fixtures.filter((f) => f.expected === null).length).toBeGreaterThanOrEqual(5);
  });

  it.each(fixtures.filter((f) => f.expected))('$file: $description', ({ message, expected, reply }) => {
    const alarm = parseAlarm(message);
    expect(alarm).toMatchObject(expected ?? {});
    expect(alarm && shouldTriage(alarm)).toBe(reply);
  });

  it.each(fixtures.filter((f) => !f.expected))('$file: $description -> null', ({ message }) => {
    expect(parseAlarm(message)).toBeNull();
  });

  it('strips control and bidi characters from what it returns, and escapes nothing', () => {
    const alarm = parseAlarm({
      subtype: 'bot_message',
      // As Slack delivers text: a literal < arrives as &lt;, so only real markup is decoded.
      text: slackEscape(
        JSON.stringify({
          AlarmName: 'errors\u001b[31m\u202e <!channel>',
          NewStateValue: 'ALARM',
          NewStateReason: 'line one\r\nline\u0007 two <@U123> & more',
          Trigger: { Dimensions: [{ name: 'FunctionName', value: 'fn' }] },
        }),
      ),
    });
    expect(alarm?.alarmName).toBe('errors[31m <!channel>');
    expect(alarm?.reason).toBe('line one line two <@U123> & more');
  });

  it('decodes Slack markup so the reason reads as the alarm wrote it', () => {
    const alarm = parseAlarm({
      subtype: 'bot_message',
      attachments: [
        {
          title: 'CloudWatch Alarm | a | us-east-1 | Account: 123456789012',
          text: 'Threshold Crossed: 2 &gt; 1 &amp; see <https://example.com/x|the runbook>',
          fields: [{ title: 'FunctionName', value: 'fn-1' }],
        },
      ],
    });
    expect(alarm?.reason).toBe('Threshold Crossed: 2 > 1 & see the runbook');
    expect(alarm?.functionName).toBe('fn-1');
  });

  it('takes the function from the alarm description when the metric has none', () => {
    const alarm = parseAlarm({
      text: JSON.stringify({
        AlarmName: 'log-errors',
        NewStateValue: 'ALARM',
        AlarmDescription: 'Metric filter on arn:aws:lambda:eu-west-1:123456789012:function:ingest',
        Trigger: { Namespace: 'Custom', MetricName: 'LogErrors', Dimensions: [] },
      }),
    });
    expect(alarm).toMatchObject({ functionName: 'ingest', region: 'eu-west-1', source: 'sns-json' });
  });

  it('keeps only a region and an account id that look like one', () => {
    const alarm = parseAlarm({
      text: JSON.stringify({
        AlarmName: 'x',
        NewStateValue: 'ALARM',
        AWSAccountId: '<!channel>',
        Region: 'Atlantis\u0007',
        Trigger: { Dimensions: [{ name: 'FunctionName', value: 'fn' }] },
      }),
    });
    expect(alarm).toMatchObject({ accountId: null, region: null, functionName: 'fn' });
  });

  it('returns null for shapes that are not messages', () => {
    expect(parseAlarm({})).toBeNull();
    expect(
      parseAlarm({ text: '{"AlarmName": 1}', attachments: 'nope' } as unknown as SlackMessageLike),
    ).toBeNull();
    expect(parseAlarm(null as unknown as SlackMessageLike)).toBeNull();
  });
});

describe('regionFromName', () => {
  it.each([
    ['EU (Frankfurt)', 'eu-central-1'],
    ['Europe (Frankfurt)', 'eu-central-1'],
    ['EU - Ireland', 'eu-west-1'],
    ['US East (N. Virginia)', 'us-east-1'],
    ['US - N. Virginia', 'us-east-1'],
    ['Asia Pacific (Tokyo)', 'ap-northeast-1'],
    ['South America (São Paulo)', 'sa-east-1'],
    ['AWS GovCloud (US-West)', 'us-gov-west-1'],
    ['ap-southeast-2', 'ap-southeast-2'],
    ['Atlantis (Deep)', null],
    ['', null],
  ])('%s -> %s', (name, code) => {
    expect(regionFromName(name)).toBe(code);
  });
});

describe('toIso', () => {
  it.each([
    ['2024-06-03T14:02:07.123+0000', '2024-06-03T14:02:07.123Z'],
    ['2024-06-03T16:02:07.123+0200', '2024-06-03T14:02:07.123Z'],
    ['2024-06-03T14:02:07Z', '2024-06-03T14:02:07.000Z'],
    ['1717423327.000100', '2024-06-03T14:02:07.000Z'],
    [1717423327, '2024-06-03T14:02:07.000Z'],
    ['yesterday', null],
    [undefined, null],
  ])('%s -> %s', (value, iso) => {
    expect(toIso(value)).toBe(iso);
  });
});
