import { afterEach, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model.js';
import { HOSTILE, HOSTILE_TEXT, makeReport } from './fixtures.js';
import { engineDouble, type Harness, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Every string in a posted body, so each can be checked on its own. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

function expectInert(body: Record<string, unknown>): void {
  for (const text of strings(body)) {
    expect(text).not.toMatch(/<[!@#]|<https?:|<mailto:/);
    expect(text).not.toMatch(/@(channel|here|everyone)\b/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  }
}

function hostileReport(name: string): AuditReport {
  const report = makeReport({
    name,
    findings: 12,
    finding: () => ({
      title: HOSTILE_TEXT,
      detail: HOSTILE_TEXT.repeat(100),
      remediation: HOSTILE.link,
      evidence: { x: HOSTILE_TEXT },
    }),
  });
  report.function.runtime = HOSTILE.channel;
  report.triggers.push({
    kind: 'public',
    source: HOSTILE.here,
    async: false,
    conditions: { [HOSTILE.user]: HOSTILE.link },
  });
  report.unverified.push({ area: HOSTILE.user, api: HOSTILE.channel, reason: HOSTILE_TEXT });
  report.role.arn = HOSTILE.link;
  report.logs.group = HOSTILE.control;
  report.logs.searched?.samples.push({
    timestamp: 0,
    message: `${HOSTILE_TEXT}\n\`\`\`\n${HOSTILE.channel}`,
  });
  return report;
}

describe('hostile input never crashes and never comes back unescaped', () => {
  it.each([
    ['mentions and a forged link', `${HOSTILE.channel} ${HOSTILE.here} ${HOSTILE.user} ${HOSTILE.link}`],
    ['a function name with &<>', HOSTILE.ampersand],
    ['control characters', HOSTILE.control],
    ['unicode', '関数-🧨-é'],
    ['very long text', `${'a'.repeat(40_000)} ${HOSTILE.channel}`],
    ['a bare broadcast', '@channel'],
    ['a flag value that pings', `orders-api --region ${HOSTILE.channel}`],
  ])('%s in the command text', async (_what, text) => {
    harness = await startHarness(engineDouble());
    const sent = await harness.command(text, 'h');
    expect(sent.status).toBe(200);
    const reply = await harness.fake.waitFor(() => harness?.fake.responsesTo('h')[0]);
    expect(reply?.body.blocks).toBeDefined();
    expectInert(reply?.body ?? {});
  });

  it('the escaped function name still reads as written', async () => {
    harness = await startHarness(engineDouble());
    await harness.command(HOSTILE.ampersand, 'amp');
    const reply = await harness.fake.waitFor(() => harness?.fake.responsesTo('amp')[0]);
    expect(JSON.stringify(reply?.body.blocks)).toContain('fn&amp;&lt;&gt;');
  });

  it('AWS-sourced strings in the report (names, tags, log lines, policy text) are escaped', async () => {
    const engine = engineDouble({ report: () => hostileReport('orders-api') });
    harness = await startHarness(engine);
    await harness.command('orders-api', 'aws');
    const reply = await harness.fake.waitFor(() => harness?.fake.responsesTo('aws')[0]);
    expectInert(reply?.body ?? {});
    expect(JSON.stringify(reply?.body)).toContain('&lt;!channel&gt;');
  });
});
