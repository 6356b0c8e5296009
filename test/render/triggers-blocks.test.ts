import { describe, expect, it } from 'vitest';
import { renderTriggersBlocks } from '../../src/render/triggers-blocks.js';
import { makePath } from '../fixtures/path.js';
import { makeReport } from '../slack/fixtures.js';

const all = (report: Parameters<typeof renderTriggersBlocks>[0]) =>
  JSON.stringify(renderTriggersBlocks(report));

describe('the triggers view', () => {
  const foreign = makePath('accounts', 'iam', { source: '999999999999', why: 'a grant to another account' });
  const open = makePath('public', 'none', {
    kind: 'apigateway-rest',
    source: 'arn:aws:execute-api:eu-central-1:123456789012:abc/*/GET/export',
    validation: 'none',
    waf: false,
  });

  it('lists every way in once, widest first, with its flags and no JSON', () => {
    const report = makeReport(
      {},
      { paths: [foreign, open, { ...foreign }], exposure: 'internet-open', unverified: [] },
    );
    const message = renderTriggersBlocks(report);
    const lines = message.blocks.flatMap((b) =>
      b.type === 'section' ? (b.text?.text.split('\n') ?? []) : [],
    );
    const ways = lines.filter((l) => l.startsWith('• '));
    expect(ways).toHaveLength(2);
    expect(ways[0]).toContain('*REST API*');
    expect(ways[0]).toContain(':globe_with_meridians: public · :warning: *no auth* · no validation · no WAF');
    expect(ways[1]).toContain(':busts_in_silhouette: foreign account · auth iam');
    expect(lines[0]).toBe(
      '*Exposure*: :rotating_light: anyone on the internet, without authentication · 3 paths, *1 open to the internet*',
    );
  });

  it('without paths, says a trigger’s conditions in words', () => {
    const report = makeReport({ triggers: 2 });
    const text = all(report);
    expect(text).toContain('if `aws:SourceAccount` is `123456789012`');
    expect(text).not.toMatch(/\{\\"/);
  });

  it('names the exposure findings, most severe first', () => {
    const report = makeReport({
      findings: 3,
      finding: (i) => ({ categories: i === 1 ? [] : ['exposure'], title: `Exposure ${i}` }),
    });
    const text = all(report);
    expect(text).toContain(
      '*Exposure findings*\\n:red_circle: *CRITICAL* Exposure 0 `check-0`\\n:large_yellow_circle: *MEDIUM* Exposure 2',
    );
    expect(text).not.toContain('Exposure 1');
  });
});
