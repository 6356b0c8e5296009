import { describe, expect, it } from 'vitest';
import type { CommandOutput } from '../../src/engine-contract.js';
import type { AuditReport } from '../../src/model.js';
import { renderAllPages, renderAuditBlocks, renderBlocks, renderNotice } from '../../src/render/blocks.js';
import { limitViolations, type SlackMessage } from '../../src/render/limits.js';
import { renderScanProgress } from '../../src/render/scan-progress-blocks.js';
import { renderDigestBlocks } from '../../src/schedule/render.js';
import { makePath } from '../fixtures/path.js';
import { hostileDigest } from '../schedule/digest-fixtures.js';
import { HOSTILE, HOSTILE_TEXT, makeReport, makeScan } from '../slack/fixtures.js';
import { progressPayloads } from './progress-fixtures.js';

const KEY = 'k3Yk3Yk3Yk3Yk3Yk';

function texts(message: SlackMessage): string[] {
  const out: string[] = [message.text];
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(message.blocks);
  return out;
}

function hostileReport(findings: number): AuditReport {
  const long = `${HOSTILE_TEXT} `.repeat(200);
  return makeReport(
    {
      name: `${'n'.repeat(200)}${HOSTILE.ampersand}`,
      findings,
      triggers: 40,
      finding: (i) => ({
        title: `${HOSTILE.channel} ${long}`,
        detail: long,
        remediation: long,
        check: `${HOSTILE.user}-${i}`.repeat(20),
        resource: long,
        evidence: { huge: 'x'.repeat(100_000), nested: { deep: [long, long] } },
      }),
    },
    {
      unverified: Array.from({ length: 30 }, () => ({ area: long, api: HOSTILE.link, reason: long })),
      role: { arn: long, sharedWith: null },
      paths: Array.from({ length: 40 }, (_, i) =>
        makePath('public', 'none', {
          kind: 'apigateway-rest',
          source: `${HOSTILE.channel}${'`'.repeat(3)}${long}`,
          qualifier: HOSTILE.user,
          why: long,
          waf: i % 2 === 0,
          validation: 'none',
        }),
      ),
      exposure: 'internet-open',
    },
  );
}

/** Everything blocks.ts can produce for the report sizes the issue names, first pages and "show all" pages. */
function everyPayload(): [string, SlackMessage][] {
  const out: [string, SlackMessage][] = [];
  for (const n of [0, 1, 60, 500]) {
    for (const report of [makeReport({ findings: n }), hostileReport(n)]) {
      const outputs: CommandOutput[] = [
        { kind: 'audit', report },
        { kind: 'triggers', report },
        { kind: 'logs', report },
        { kind: 'role', report },
      ];
      for (const output of outputs) {
        out.push([`${output.kind} ${n}`, renderBlocks(output, { moreKey: KEY })]);
        out.push([`${output.kind} ${n} no key`, renderBlocks(output)]);
        for (const [i, page] of renderAllPages(output, 5).entries())
          out.push([`${output.kind} ${n} page ${i}`, page]);
      }
      // The audit answer's own pages, with a check opened and every finding's menu.
      for (const view of [
        { page: 1, open: 0 },
        { page: 99, open: 1 },
      ]) {
        const options = { moreKey: KEY, actions: { ticket: true, key: KEY }, view };
        out.push([`audit ${n} view ${view.page}`, renderBlocks({ kind: 'audit', report }, options)]);
      }
    }
    const scan = makeScan(n, 3);
    scan.functions.push(hostileReport(2));
    scan.summary.failed = Array.from({ length: 20 }, () => ({
      function: HOSTILE_TEXT.repeat(50),
      region: HOSTILE.user,
      reason: HOSTILE_TEXT.repeat(50),
    }));
    out.push([`scan ${n}`, renderBlocks({ kind: 'scan', report: scan }, { moreKey: KEY })]);
    for (const [i, page] of renderAllPages({ kind: 'scan', report: scan }, 5).entries())
      out.push([`scan ${n} page ${i}`, page]);
  }
  out.push(['help', renderBlocks({ kind: 'help', text: `${HOSTILE_TEXT}\n`.repeat(500) })]);
  const verb = {
    name: HOSTILE_TEXT,
    summary: HOSTILE_TEXT.repeat(50),
    usage: HOSTILE_TEXT,
    example: HOSTILE_TEXT,
  };
  out.push([
    'help verbs',
    renderBlocks({ kind: 'help', text: '', verbs: Array.from({ length: 60 }, () => verb) }),
  ]);
  out.push(['notice', renderNotice('x'.repeat(10_000))]);
  for (const [name, view] of progressPayloads())
    out.push([`scan progress ${name}`, renderScanProgress(view)]);
  // The digest: its channel message and every thread reply, from the largest, most hostile digest.
  for (const minSeverity of ['info', 'critical'] as const) {
    const { main, thread } = renderDigestBlocks(
      hostileDigest(HOSTILE_TEXT),
      { ticket: true, key: KEY },
      minSeverity,
    );
    out.push([`digest ${minSeverity}`, main]);
    for (const [i, reply] of thread.entries()) out.push([`digest ${minSeverity} reply ${i + 1}`, reply]);
  }
  return out;
}

describe('Slack limits', () => {
  it.each(everyPayload())('%s fits every Block Kit limit', (_name, message) => {
    expect(limitViolations(message)).toEqual([]);
  });

  it('detects what breaks a limit, so the meta-test above can fail', () => {
    const tooMany: SlackMessage = {
      text: 't',
      blocks: Array.from({ length: 51 }, () => ({ type: 'divider' as const })),
    };
    expect(limitViolations(tooMany)).toEqual(['51 blocks > 50']);
    const long: SlackMessage = {
      text: 't',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
    };
    expect(limitViolations(long)).toHaveLength(1);
  });
});

describe('audit blocks', () => {
  const message = renderAuditBlocks(makeReport({ findings: 3 }), { moreKey: KEY });

  it('starts with a header naming the function; account, region and runtime follow the verdict', () => {
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Lambda audit: orders-api' },
    });
    const context = JSON.stringify(message.blocks[3]);
    for (const part of ['123456789012', 'eu-central-1', 'nodejs22.x']) expect(context).toContain(part);
  });

  it('counts findings by severity and shows the most severe first with id, explanation and fix', () => {
    const all = texts(message).join('\n');
    expect(all).toContain('1 critical, 1 high, 1 medium');
    const order = ['check-0', 'check-1', 'check-2'].map((id) => all.indexOf(id));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(all).toContain('*Fix:* Add an aws:SourceArn condition');
  });

  it('lists who can invoke it, the role, log health and the unverified gaps', () => {
    const all = texts(message).join('\n');
    expect(all).toContain('*Who can invoke it*');
    expect(all).toContain('*public* `*`');
    expect(all).toContain('shared with 2 other functions');
    expect(all).toContain('3 errors, 1 timeout in the last 24 hours');
    expect(all).toContain(':warning: *Not verified*');
    expect(all).toContain('lambda:GetFunctionUrlConfig');
  });

  it('has a fallback text for notifications', () => {
    expect(message.text).toBe(
      'lambda-audit orders-api (eu-central-1): 1 critical, 1 high, 1 medium; 1 unverified',
    );
  });

  it('says "Nothing open" but keeps the unverified warning visible', () => {
    const all = texts(renderAuditBlocks(makeReport({ findings: 0 }))).join('\n');
    expect(all).toContain('*Nothing open*');
    expect(all).toContain('1 not verified');
  });
});

describe('show all pages', () => {
  it('lists every finding across pages', () => {
    const pages = renderAllPages({ kind: 'audit', report: makeReport({ findings: 60 }) }, 5);
    const all = pages.flatMap(texts).join('\n');
    for (let i = 0; i < 60; i++) expect(all).toContain(`\`check-${i}\``);
  });

  it('of a scan that holds its riskiest functions only, counts them all and points to the CLI', () => {
    const scan = makeScan(30);
    const riskiest = { ...scan, functions: scan.functions.slice(0, 12) };
    const first = renderBlocks({ kind: 'scan', report: riskiest }, { moreKey: 'k', firstPage: 5 });
    expect(JSON.stringify(first)).toContain('Showing 5 of 30 functions');
    expect(JSON.stringify(first)).toContain('Show all functions (30)');
    const pages = renderAllPages({ kind: 'scan', report: riskiest }, 5);
    const all = pages.flatMap(texts).join('\n');
    expect(all).toContain('All functions (30, the 12 riskiest)');
    expect(all).toContain('`lambda-audit scan --format json` lists everything');
    const whole = renderAllPages({ kind: 'scan', report: scan }, 5).flatMap(texts).join('\n');
    expect(whole).toContain('All functions (30)');
    expect(whole).not.toContain('lists everything');
  });

  it('ends with a pointer to the CLI when even the pages cannot hold everything', () => {
    const pages = renderAllPages({ kind: 'audit', report: hostileReport(500) }, 2);
    expect(pages).toHaveLength(2);
    expect(texts(pages[1] as SlackMessage).join('\n')).toContain('lists everything');
  });
});

describe('hostile strings', () => {
  it.each(everyPayload())('%s never carries a raw mention, link or control character', (_name, message) => {
    for (const text of texts(message)) {
      if (text === 'plain_text' || text === 'mrkdwn') continue;
      // `<!date^…>` is the renderer's own (slackDate): dates in the reader's time zone.
      expect(text).not.toMatch(/<[@#]|<!(?!date\^\d+\^)|<https?:/);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
  });
});

describe('other verbs', () => {
  it('renders scan summaries riskiest first', () => {
    const message = renderBlocks({ kind: 'scan', report: makeScan(3) });
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Lambda scan: 3 functions' } });
  });

  it('renders help with its <placeholders> escaped', () => {
    const message = renderBlocks({ kind: 'help', text: '/lambda-audit audit <function>' });
    expect(texts(message).join('\n')).toContain('&lt;function&gt;');
  });

  it('renders log health with counts and escaped samples', () => {
    const report = makeReport();
    report.logs.searched?.samples.push({ timestamp: 0, message: `${HOSTILE.channel} \`\`\` break out` });
    const all = texts(renderBlocks({ kind: 'logs', report })).join('\n');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('*errors*\n3');
  });
});
