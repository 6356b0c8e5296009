import { describe, expect, it } from 'vitest';
import { renderJson, renderScanJson } from '../../src/render/json.js';
import { cleanReport, HOSTILE_ARN, HOSTILE_NAME, hostileReport, scanReport } from './fixtures.js';

type Json = Record<string, unknown>;

function parse(text: string): Json {
  return JSON.parse(text) as Json;
}

function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) current = (current as Record<string | number, unknown>)[key];
  return current;
}

describe('renderJson', () => {
  const json = parse(renderJson(hostileReport()));

  it('writes the schema fields in the schema order, then the extras', () => {
    expect(Object.keys(json)).toEqual([
      'function',
      'findings',
      'unverified',
      'triggers',
      'paths',
      'exposure',
      'role',
      'logs',
      'generatedAt',
    ]);
    expect(json.exposure).toBe('internet-open');
    expect(Object.keys(json.function as Json)).toEqual(['name', 'arn', 'region', 'accountId', 'runtime']);
    expect(Object.keys(json.role as Json)).toEqual(['arn', 'sharedWith']);
  });

  it.each([
    [
      'findings',
      [
        'check',
        'severity',
        'title',
        'detail',
        'resource',
        'evidence',
        'remediation',
        'fingerprint',
        'categories',
      ],
    ],
    ['unverified', ['area', 'api', 'reason']],
    ['triggers', ['kind', 'source', 'conditions', 'async', 'qualifier']],
    [
      'paths',
      [
        'kind',
        'source',
        'qualifier',
        'reach',
        'auth',
        'validation',
        'waf',
        'encryption',
        'tls',
        'unverified',
        'why',
      ],
    ],
  ])('gives every entry of %s exactly the keys %j', (field, keys) => {
    const entries = json[field] as Json[];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(Object.keys(entry)).toEqual(keys);
  });

  it('sorts findings most severe first, then by check id', () => {
    const findings = json.findings as Json[];
    expect(findings.map((f) => `${f.severity} ${f.check}`)).toEqual([
      'critical policy-public-invoke',
      'critical role-admin',
      'critical url-public',
      'high url-cors-wildcard',
      'medium logs-recent-errors',
      'low code-signing-off',
      'info vpc-not-attached',
    ]);
  });

  it('round-trips every finding unchanged apart from order', () => {
    const report = hostileReport();
    const byFingerprint = (a: Json, b: Json) => String(a.fingerprint).localeCompare(String(b.fingerprint));
    expect([...(json.findings as Json[])].sort(byFingerprint)).toEqual(
      [...(report.findings as unknown as Json[])].sort(byFingerprint),
    );
    expect(json.unverified).toEqual(report.unverified);
    expect(json.role).toEqual(report.role);
    expect(json.function).toEqual(report.function);
    expect(json.paths).toEqual(report.paths);
  });

  it('writes a missing trigger qualifier as null so every trigger has the same keys', () => {
    expect(at(json, 'triggers', 2, 'qualifier')).toBeNull();
  });

  it('sorts keys inside evidence and conditions at every depth', () => {
    expect(Object.keys(at(json, 'findings', 6, 'evidence') as Json)).toEqual(['a', 'z']);
    expect(Object.keys(at(json, 'findings', 6, 'evidence', 'a') as Json)).toEqual(['b', 'y']);
    expect(at(json, 'findings', 6, 'evidence', 'a', 'b')).toEqual([2, 1]);
  });

  it('prints the same bytes whatever order the findings arrived in', () => {
    const shuffled = hostileReport();
    shuffled.findings.reverse();
    expect(renderJson(shuffled)).toBe(renderJson(hostileReport()));
  });

  it('keeps AWS strings as they are, escaped by JSON, with no raw control byte in the output', () => {
    const text = renderJson(hostileReport());
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control bytes
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(at(json, 'function', 'name')).toBe(HOSTILE_NAME);
    expect(at(json, 'function', 'arn')).toBe(HOSTILE_ARN);
  });

  it('is pretty-printed and ends with a newline', () => {
    const text = renderJson(cleanReport());
    expect(text.startsWith('{\n  "function": {\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes a clean report with empty lists, not missing ones', () => {
    const clean = parse(renderJson(cleanReport()));
    expect(clean.findings).toEqual([]);
    expect(clean.unverified).toEqual([]);
    expect(clean.triggers).toEqual([]);
  });
});

describe('renderScanJson', () => {
  const json = parse(renderScanJson(scanReport()));

  it('prints { functions, accounts, summary } with the summary in a fixed shape', () => {
    expect(Object.keys(json)).toEqual(['functions', 'accounts', 'summary']);
    expect(json.accounts).toEqual([]);
    expect(Object.keys(json.summary as Json)).toEqual([
      'functions',
      'incomplete',
      'bySeverity',
      'regions',
      'failed',
    ]);
    expect(Object.keys(at(json, 'summary', 'bySeverity') as Json)).toEqual([
      'critical',
      'high',
      'medium',
      'low',
      'info',
    ]);
    expect(Object.keys(at(json, 'summary', 'failed', 0) as Json)).toEqual(['function', 'region', 'reason']);
  });

  it('lists functions in a stable order (account, region, name) with the per-function schema', () => {
    const functions = json.functions as Json[];
    expect(functions.map((f) => at(f, 'function', 'region'))).toEqual([
      'eu-central-1',
      'eu-central-1',
      'us-east-1',
    ]);
    expect(functions.map((f) => at(f, 'function', 'name'))).toEqual([HOSTILE_NAME, 'orders-api', 'billing']);
    for (const f of functions) expect(Object.keys(f)).toEqual(Object.keys(parse(renderJson(cleanReport()))));
  });

  // Written a function at a time, the text is still exactly JSON.stringify(value, null, 2)'s.
  it.each([
    ['three functions', scanReport()],
    ['no functions', { ...scanReport(), functions: [] }],
    [
      'an account section',
      {
        ...scanReport(),
        accounts: [
          {
            accountId: '123456789012',
            region: 'eu-central-1',
            findings: hostileReport().findings,
            unverified: [{ area: 'guardduty', api: 'guardduty:ListDetectors', reason: 'AccessDenied' }],
          },
        ],
      },
    ],
  ])('lays out %s as JSON.stringify with two spaces does', (_, scan) => {
    const text = renderScanJson(scan);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });
});
