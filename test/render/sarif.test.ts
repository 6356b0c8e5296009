import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AccountSection,
  type AuditReport,
  compareReports,
  type ScanResult,
  summarise,
} from '../../src/model.js';
import { renderSarif, sarifChunks } from '../../src/render/sarif.js';
import { CHECKS, cleanReport, HOSTILE_ARN, hostileReport, scanReport } from './fixtures.js';

/**
 * The official SARIF 2.1.0 schema (draft-07, $id .../oasis-tcs/sarif-spec/master/Schemata/
 * sarif-schema-2.1.0.json), vendored from the npm package @datadog/datadog-ci-plugin-sarif
 * 5.25.0 (Apache-2.0), which embeds it to validate uploads. Tests never touch the network.
 */
const schema = JSON.parse(
  readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
) as object;

type Json = Record<string, unknown>;
type Run = {
  tool: { driver: { name: string; informationUri: string; rules: Json[] } };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: Json[] }[];
  artifacts: Json[];
  results: Json[];
};

let validate: ValidateFunction;

beforeAll(() => {
  const ajv = new Ajv({ allErrors: true });
  // ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, whose
  // `default` is the plugin (it sets both), so `.default` works under Node and under Vite.
  addFormatsModule.default(ajv);
  validate = ajv.compile(schema);
});

async function render(...args: Parameters<typeof renderSarif>): Promise<{ log: Json; run: Run }> {
  const log = JSON.parse(await renderSarif(...args)) as Json;
  const run = (log.runs as Run[])[0]!;
  return { log, run };
}

function expectValid(log: Json): void {
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

describe('renderSarif', () => {
  it.each([
    ['a report with findings and gaps', [hostileReport()]],
    ['a report with no findings', [cleanReport()]],
    ['a multi-function scan', scanReport().functions],
    ['no reports at all', []],
  ])('validates against the SARIF 2.1.0 schema: %s', async (_what, reports) => {
    expectValid((await render(reports, CHECKS, { version: '0.1.0' })).log);
  });

  it('is checked by a validator that does reject invalid SARIF', async () => {
    const { log, run } = await render([hostileReport()], CHECKS, { version: '0.1.0' });
    (run.results[0] as Json).level = 'critical';
    expect(validate(log)).toBe(false);
  });

  it('validates with failed functions recorded', async () => {
    const scan = scanReport();
    const { log, run } = await render(
      scan.functions,
      CHECKS,
      { version: '0.1.0' },
      { failed: scan.summary.failed },
    );
    expectValid(log);
    expect(run.invocations[0]?.executionSuccessful).toBe(false);
    expect(run.invocations[0]?.toolExecutionNotifications.at(-1)).toMatchObject({ level: 'error' });
  });

  it('is a SARIF 2.1.0 log with one run by lambda-audit', async () => {
    const { log, run } = await render([hostileReport()], CHECKS, { version: '1.2.3' });
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'lambda-audit',
      version: '1.2.3',
      semanticVersion: '1.2.3',
    });
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
  });

  it('marks a run with nothing unverified as successful', async () => {
    const { run } = await render([cleanReport()], CHECKS, { version: '1.2.3' });
    expect(run.invocations[0]?.executionSuccessful).toBe(true);
    expect(run.invocations[0]?.toolExecutionNotifications).toEqual([]);
  });

  it('marks a run with a gap as unsuccessful, with one error per API that could not be called', async () => {
    const { log, run } = await render(scanReport().functions, CHECKS, { version: '0.1.0' });
    expectValid(log);
    expect(run.invocations[0]?.executionSuccessful).toBe(false);
    const errors = run.invocations[0]!.toolExecutionNotifications.filter((n) => n.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        descriptor: { id: 'missing-api' },
        properties: { api: 'iam:GetRolePolicy', functions: 1 },
      }),
      expect.objectContaining({
        descriptor: { id: 'missing-api' },
        properties: { api: 'lambda:ListEventSourceMappings', functions: 1 },
      }),
    ]);
  });

  it('declares one rule per check with descriptions, level, security-severity and tags', async () => {
    const { run } = await render([], CHECKS, { version: '0.1.0' });
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(CHECKS.map((c) => c.id));
    expect(run.tool.driver.rules[0]).toEqual({
      id: 'policy-public-invoke',
      name: 'PolicyPublicInvoke',
      shortDescription: { text: 'Resource policy lets anyone invoke the function' },
      fullDescription: { text: 'Risk of policy-public-invoke.' },
      help: { text: 'Fix policy-public-invoke.' },
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '9.5', tags: ['security'] },
    });
  });

  it.each([
    ['critical', 'error', '9.5'],
    ['high', 'error', '8.0'],
    ['medium', 'warning', '5.5'],
    ['low', 'note', '3.0'],
    ['info', 'note', '1.0'],
  ] as const)('maps %s to level %s and security-severity %s', async (severity, level, score) => {
    const check = { id: 'x-check', severity, title: 'T', risk: 'R', remediation: 'F' };
    const report = cleanReport();
    report.findings = [
      {
        check: 'x-check',
        categories: [],
        severity,
        title: 'T',
        detail: 'D',
        resource: 'arn:x',
        evidence: {},
        remediation: 'F',
        fingerprint: 'f',
      },
    ];
    const { run } = await render([report], [check], { version: '0.1.0' });
    expect(run.tool.driver.rules[0]).toMatchObject({
      defaultConfiguration: { level },
      properties: { 'security-severity': score },
    });
    expect(run.results[0]).toMatchObject({ level });
  });

  it('writes one result per finding, most severe first, pointing at its rule', async () => {
    const { run } = await render([hostileReport()], CHECKS, { version: '0.1.0' });
    expect(run.results.map((r) => r.ruleId)).toEqual([
      'policy-public-invoke',
      'role-admin',
      'url-public',
      'url-cors-wildcard',
      'logs-recent-errors',
      'code-signing-off',
      'vpc-not-attached',
    ]);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex as number]?.id).toBe(result.ruleId);
    }
  });

  it('gives each result its message, locations, fingerprint and properties', async () => {
    const { run } = await render([hostileReport()], CHECKS, { version: '0.1.0' });
    const roleAdmin = run.results[1]!;
    expect(roleAdmin).toMatchObject({
      level: 'error',
      message: { text: 'Execution role has administrator access: Detail for role-admin.' },
      partialFingerprints: { 'lambdaAudit/v1': 'fp-role-admin' },
      properties: { severity: 'critical', evidence: { a: { b: [2, 1], y: true }, z: 1 } },
    });
    const [location] = roleAdmin.locations as Json[];
    expect(location).toMatchObject({
      logicalLocations: [
        { fullyQualifiedName: 'arn:aws:iam::123456789012:role/evil-role', kind: 'resource' },
      ],
    });
    // The hostile name is percent-encoded into a relative URI: no scheme for GitHub to reject.
    const uri = (location!.physicalLocation as { artifactLocation: { uri: string } }).artifactLocation.uri;
    expect(uri.startsWith('lambda/eu-central-1/123456789012/evil%1B%5B2J')).toBe(true);
    expect(uri).not.toMatch(/[\s<>]/);
    expect((run.results[0]!.locations as Json[])[0]).toMatchObject({
      logicalLocations: [{ fullyQualifiedName: HOSTILE_ARN }],
    });
  });

  it('carries each function’s exposure and invocation paths as properties of its artifact', async () => {
    const { run } = await render([hostileReport(), cleanReport()], CHECKS, { version: '0.1.0' });
    const { artifacts } = run;
    expect(artifacts.map((a) => (a.properties as Json).exposure)).toEqual(['internet-open', 'none']);
    const [hostile] = artifacts;
    expect((hostile!.properties as { paths: Json[] }).paths[0]).toMatchObject({
      kind: 'url',
      reach: 'public',
      auth: 'none',
    });
    // Every result points at its function's artifact and repeats the exposure.
    for (const result of run.results) {
      const location = (result.locations as Json[])[0]!.physicalLocation as {
        artifactLocation: { uri: string; index: number };
      };
      expect((artifacts[location.artifactLocation.index]!.location as { uri: string }).uri).toBe(
        location.artifactLocation.uri,
      );
      expect((result.properties as Json).exposure).toBe('internet-open');
    }
  });

  it('keeps control characters out of message text', async () => {
    const { run } = await render([hostileReport()], CHECKS, { version: '0.1.0' });
    const url = run.results.find((r) => r.ruleId === 'url-public')!;
    expect((url.message as { text: string }).text).not.toContain('\u001b');
  });

  it('reports every unverified gap as a warning notification naming the api and reason', async () => {
    const { run } = await render(scanReport().functions, CHECKS, { version: '0.1.0' });
    const notes = run.invocations[0]!.toolExecutionNotifications.filter((n) => n.level === 'warning');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatchObject({
      level: 'warning',
      descriptor: { id: 'unverified' },
      properties: {
        api: 'lambda:ListEventSourceMappings',
        reason: 'AccessDenied: not authorized',
        area: 'triggers',
      },
    });
    expect((notes[0]!.message as { text: string }).text).toContain(
      'could not verify triggers: lambda:ListEventSourceMappings: AccessDenied: not authorized',
    );
  });

  it('adds a rule for a finding whose check was not listed, so ruleIndex always resolves', async () => {
    const report = cleanReport();
    report.findings = [
      {
        check: 'new-check',
        categories: [],
        severity: 'low',
        title: 'New',
        detail: 'D',
        resource: 'arn:x',
        evidence: {},
        remediation: 'F',
        fingerprint: 'f',
      },
    ];
    const { log, run } = await render([report], CHECKS, { version: '0.1.0' });
    expectValid(log);
    expect(run.tool.driver.rules.at(-1)).toMatchObject({
      id: 'new-check',
      shortDescription: { text: 'New' },
    });
    expect(run.results[0]?.ruleIndex).toBe(CHECKS.length);
  });
});

describe('sarifChunks', () => {
  it('writes the same SARIF from a scan read page by page as from the reports held in memory', async () => {
    // Four copies of each function (more than one page), in reverse, one with a check no rule lists.
    const base = scanReport();
    const functions: AuditReport[] = [1, 2, 3, 4].flatMap((n) =>
      base.functions.map((r) => ({
        ...r,
        function: { ...r.function, name: `${r.function.name}-${n}`, arn: `${r.function.arn}-${n}` },
      })),
    );
    functions.reverse();
    const unlisted = functions.at(-1)!;
    unlisted.findings = [
      ...unlisted.findings,
      { ...hostileReport().findings[0]!, check: 'unlisted-check', title: 'Unlisted', fingerprint: 'u' },
    ];
    const hostile = hostileReport();
    const accounts: AccountSection[] = [
      {
        accountId: hostile.function.accountId,
        region: hostile.function.region,
        findings: hostile.findings,
        unverified: [],
      },
    ];
    const summary = summarise(functions, base.summary);
    const options = { failed: summary.failed, accounts };
    const held = await renderSarif(functions, CHECKS, { version: '0.1.0' }, options);
    // As the store reads it: in compareReports order, five at a time, only those with gaps if asked.
    const ordered = [...functions].sort(compareReports);
    const paged: ScanResult = {
      summary,
      accounts,
      async *functions(read) {
        const some = read?.withGaps ? ordered.filter((r) => r.unverified.length > 0) : ordered;
        for (let i = 0; i < some.length; i += 5) yield some.slice(i, i + 5);
      },
    };
    let text = '';
    for await (const chunk of sarifChunks(paged, CHECKS, { version: '0.1.0' })) text += chunk;
    expect(text).toBe(held);
    // Laid out exactly as JSON.stringify lays out the whole log, and a valid, incomplete run.
    const log = JSON.parse(text) as Json;
    expect(text).toBe(`${JSON.stringify(log, null, 2)}\n`);
    expectValid(log);
    const run = (log.runs as Run[])[0]!;
    expect(run.artifacts).toHaveLength(functions.length + accounts.length);
    expect(run.invocations[0]?.executionSuccessful).toBe(false);
    expect(run.tool.driver.rules.at(-1)).toMatchObject({ id: 'unlisted-check' });
    expect(run.results.at(-1)).toMatchObject({
      locations: [{ physicalLocation: { artifactLocation: { index: functions.length } } }],
    });
  });

  it('never reads a scan as successful when its totals or a function say a read failed', async () => {
    const report = cleanReport();
    const whole = summarise([report], { regions: [], failed: [] });
    const scanOf = (incomplete: number, gaps: AuditReport['unverified']): ScanResult => ({
      summary: { ...whole, incomplete },
      accounts: [],
      async *functions() {
        yield [{ ...report, unverified: gaps }];
      },
    });
    const gap = { area: 'triggers', api: 'lambda:ListEventSourceMappings', reason: 'AccessDenied' } as const;
    const successOf = async (scan: ScanResult) => {
      let text = '';
      for await (const chunk of sarifChunks(scan, CHECKS, { version: '0.1.0' })) text += chunk;
      return ((JSON.parse(text) as Json).runs as Run[])[0]!.invocations[0]!.executionSuccessful;
    };
    expect(await successOf(scanOf(0, []))).toBe(true);
    expect(await successOf(scanOf(1, []))).toBe(false);
    expect(await successOf(scanOf(0, [gap]))).toBe(false);
  });
});
