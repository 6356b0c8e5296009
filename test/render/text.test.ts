import { describe, expect, it } from 'vitest';
import {
  type AuditReport,
  compareReports,
  type ScanReport,
  type ScanResult,
  summarise,
} from '../../src/model.js';
import { renderScanResultText, renderScanText } from '../../src/render/scan-text.js';
import { stripControl } from '../../src/render/terminal.js';
import { renderText } from '../../src/render/text.js';
import { cleanReport, hostileReport, scanReport } from './fixtures.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for escape bytes
const ESCAPE_OR_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for escape bytes
const SGR = /\u001b\[[0-9;]*m/g;

describe('stripControl', () => {
  it.each([
    ['clears the screen', 'a\u001b[2Jb', 'ab'],
    ['colours', '\u001b[1;31mred\u001b[0m', 'red'],
    ['retitles the window (OSC ... BEL)', 'x\u001b]0;pwned\u0007y', 'xy'],
    ['retitles the window (OSC ... ST)', 'x\u001b]2;pwned\u001b\\y', 'xy'],
    ['moves the cursor up with a C1 CSI', 'x\u009b1Ay', 'xy'],
    ['returns the carriage', 'ERROR boom\rall good', 'ERROR boom all good'],
    ['breaks lines and tabs', 'one\n\ttwo', 'one two'],
    ['rings the bell and backspaces', 'a\u0007\u0008b', 'ab'],
    ['reverses text with a bidi override', 'abc\u202edef\u2066', 'abcdef'],
  ])('removes what %s', (_what, input, expected) => {
    expect(stripControl(input)).toBe(expected);
  });

  it('keeps unicode and Slack-looking text (Slack escaping is the blocks renderer’s job)', () => {
    expect(stripControl('✓ 日本語 émoji 🚀 <!channel>')).toBe('✓ 日本語 émoji 🚀 <!channel>');
  });
});

describe('renderText', () => {
  const plain = renderText(hostileReport(), { color: false });
  const coloured = renderText(hostileReport(), { color: true });

  it('prints no escape code or control character at all when colour is off', () => {
    expect(plain).not.toMatch(ESCAPE_OR_CONTROL);
  });

  it('colours severities with ANSI when colour is on, and nothing else gets through', () => {
    expect(coloured).toMatch(SGR);
    expect(coloured).toContain('\u001b[1;97;41mCRITICAL\u001b[0m');
    expect(coloured.replace(SGR, '')).not.toMatch(ESCAPE_OR_CONTROL);
    expect(coloured.replace(SGR, '')).toBe(plain);
  });

  it('strips control characters from the function name, details, reasons and log lines', () => {
    expect(plain).toContain('evil-fn <!channel>');
    expect(plain).toContain('ERROR boom all good ✓ 日本');
    expect(plain).toContain('answers anyone. hidden');
    expect(plain).toContain('Throttling after 5 retries');
  });

  it('starts with a header naming function, account, region and runtime', () => {
    const [header] = plain.split('\n');
    expect(header).toBe('evil-fn <!channel>  account 123456789012  region eu-central-1  runtime nodejs16.x');
  });

  it('counts findings by severity', () => {
    expect(plain).toContain('Findings: 3 critical, 1 high, 1 medium, 1 low, 1 info');
  });

  it('lists findings most severe first with their detail and fix', () => {
    const order = [
      'policy-public-invoke',
      'role-admin',
      'url-public',
      'url-cors-wildcard',
      'logs-recent-errors',
      'code-signing-off',
      'vpc-not-attached',
    ];
    const positions = order.map((id) => plain.indexOf(` ${id}  `));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(plain).toContain('CRITICAL policy-public-invoke  Resource policy lets anyone invoke the function');
    expect(plain).toContain('    Detail for policy-public-invoke.');
    expect(plain).toContain('    Fix: Fix policy-public-invoke.');
  });

  it('names the resource when a finding is about something other than the function', () => {
    expect(plain).toContain('    resource: arn:aws:iam::123456789012:role/evil-role');
  });

  it('gives the exposure verdict and the open paths right after the header, before the findings', () => {
    const lines = renderText(hostileReport(), { color: false, width: 200 }).split('\n');
    expect(lines[2]).toBe('Exposure: internet-open');
    expect(lines[3]).toBe(
      '  open: url https://abc.lambda-url.eu-central-1.on.aws/: granted to everyone, with no restrictive condition',
    );
    expect(lines[4]).toBe('  open: policy *: granted to everyone<!channel>');
    expect(lines[5]).toMatch(/^Findings:/);
  });

  it('lists every invocation path with its reach, guards and gaps', () => {
    const wide = renderText(hostileReport(), { color: false, width: 200 });
    expect(wide).toContain('Invocation paths');
    expect(wide).toMatch(/ {2}s3 +unknown +arn:aws:s3:::uploads-bucket\n +auth -, qualifier live; /);
    expect(wide).toContain(
      'the event source mappings could not be read (unverified: lambda:ListEventSourceMappings)',
    );
    expect(renderText(cleanReport(), { color: false })).toContain('none: nothing can invoke the function');
  });

  it('shows who can invoke it, with async, qualifier and conditions', () => {
    expect(plain).toContain('Who can invoke it');
    expect(plain).toMatch(/ {2}s3 +arn:aws:s3:::uploads-bucket {2}\(async, qualifier live\)/);
    expect(plain).toContain('when {"StringEquals":{"aws:SourceAccount":"123456789012"}}');
    expect(plain).toMatch(/ {2}url +https:\/\/abc\.lambda-url\.eu-central-1\.on\.aws\/ {2}\(sync\)/);
  });

  it('shows log health: group, existence, and errors in the window as lower bounds when truncated', () => {
    expect(plain).toContain('group /aws/lambda/evil-fn: exists');
    expect(plain).toContain('last 24 h: at least 3 errors, 1 timeout');
  });

  it('shows the role and how widely it is shared', () => {
    expect(plain).toContain(
      'Role  arn:aws:iam::123456789012:role/evil-role  (shared with 3 other functions)',
    );
  });

  it('shows every unverified gap with its api and reason, marked as not a pass', () => {
    expect(plain).toContain('Unverified: 2 gap(s), not checked and NOT a pass');
    expect(plain).toContain('  triggers: lambda:ListEventSourceMappings: AccessDenied: not authorized');
    expect(plain).toContain('  role: iam:GetRolePolicy: Throttling after 5 retries');
  });

  it('says plainly when there are no findings and nothing was missed', () => {
    const clean = renderText(cleanReport(), { color: false });
    expect(clean).toContain('No findings.');
    expect(clean).toContain('Unverified: nothing, every read succeeded');
    expect(clean).toContain('errors: not searched');
  });

  it('does not call a report with gaps and no findings clean', () => {
    const report = cleanReport();
    report.unverified = [{ area: 'triggers', api: 'lambda:GetPolicy', reason: 'AccessDenied' }];
    const text = renderText(report, { color: false });
    expect(text).not.toContain('No findings.');
    expect(text).toContain('No findings in what could be read; 1 gap(s) listed under Unverified.');
    expect(text).toContain('none found, but the inventory is incomplete (see Unverified)');
  });

  it('wraps long text at the requested width', () => {
    const report = hostileReport();
    report.findings = [{ ...report.findings[0]!, detail: 'word '.repeat(60).trim() }];
    const text = renderText(report, { color: false, width: 60 });
    const detailLines = text.split('\n').filter((l) => l.startsWith('    word'));
    expect(detailLines.length).toBeGreaterThan(1);
    for (const line of detailLines) expect(line.length).toBeLessThanOrEqual(60);
  });
});

describe('renderScanText', () => {
  const plain = renderScanText(scanReport(), { color: false });

  it('prints the same text from a scan read page by page as from the scan held in memory', async () => {
    // Three copies of each function (more riskiest functions than are spelled out), riskiest last.
    const base = scanReport();
    const functions: AuditReport[] = [1, 2, 3].flatMap((n) =>
      base.functions.map((r) => ({
        ...r,
        function: { ...r.function, name: `${r.function.name}-${n}`, arn: `${r.function.arn}-${n}` },
      })),
    );
    functions.reverse();
    const summary = summarise(functions, base.summary);
    const held: ScanReport = { ...base, functions, summary };
    // As the store reads it: in compareReports order, a few at a time.
    const ordered = [...functions].sort(compareReports);
    const paged: ScanResult = {
      summary,
      accounts: base.accounts ?? [],
      async *functions() {
        for (let i = 0; i < ordered.length; i += 5) yield ordered.slice(i, i + 5);
      },
    };
    for (const color of [false, true]) {
      const text = renderScanText(held, { color });
      expect(await renderScanResultText(paged, { color })).toBe(text);
    }
    expect(renderScanText(held, { color: false })).toContain('more function(s) with findings');
  });

  it('prints no escape code or control character when colour is off', () => {
    expect(plain).not.toMatch(ESCAPE_OR_CONTROL);
    expect(renderScanText(scanReport(), { color: true })).toMatch(SGR);
  });

  it('sums up the scan, then a table with one row per function, riskiest first', () => {
    expect(plain.split('\n')[0]).toBe('Scan of 4 function(s) in eu-central-1, us-east-1');
    expect(plain).toContain('Findings: 3 critical, 1 high, 2 medium, 1 low, 1 info');
    expect(plain).toMatch(/FUNCTION +REGION +CRIT +HIGH +MED +LOW +INFO +GAPS/);
    const rows = plain.split('\n').filter((l) => /^(evil|orders|billing)/.test(l));
    expect(rows.map((r) => r.split('  ')[0])).toEqual(['evil-fn <!channel>', 'billing', 'orders-api']);
    expect(rows[0]).toMatch(/eu-central-1 +3 +1 +1 +1 +1 +2$/);
  });

  it('spells out the riskiest functions with their worst findings', () => {
    const section = plain.slice(plain.indexOf('Riskiest functions'));
    expect(section).toContain('  evil-fn <!channel> (eu-central-1, 123456789012)');
    expect(section).toContain(
      '    CRITICAL policy-public-invoke  Resource policy lets anyone invoke the function',
    );
    expect(section).toContain('    … and 4 more');
    expect(section).toContain('  billing (us-east-1, 123456789012)');
    expect(section).not.toContain('  orders-api (');
  });

  it('calls out incomplete and failed functions loudly', () => {
    expect(plain).toContain('1 incomplete, 1 failed: see below');
    expect(plain).toContain('INCOMPLETE: 1 function(s) not fully checked (a gap is not a pass)');
    expect(plain).toContain('    triggers: lambda:ListEventSourceMappings: AccessDenied: not authorized');
    expect(plain).toContain('FAILED: 1 function(s) could not be audited at all');
    expect(plain).toContain('  ghost (us-east-1): ResourceNotFoundException');
  });

  it('tells a region or account that could not be read from a function, and counts it apart', () => {
    const report = scanReport();
    report.summary.failed.push(
      { function: '*', region: '*', reason: '333333333333: sts:AssumeRole: AccessDenied' },
      { function: '*', region: 'ap-east-1', reason: '222222222222: lambda:ListFunctions: Throttling' },
    );
    const text = renderScanText(report, { color: false });
    expect(text).toContain('1 incomplete, 3 failed: see below');
    expect(text).toContain(
      'FAILED: 2 region(s) or account(s) could not be read: none of their functions was audited',
    );
    expect(text).toContain('  every region: 333333333333: sts:AssumeRole: AccessDenied');
    expect(text).toContain('  region ap-east-1: 222222222222: lambda:ListFunctions: Throttling');
    expect(text).toContain('FAILED: 1 function(s) could not be audited at all');
    expect(text).not.toContain('* (*)');
  });
});
