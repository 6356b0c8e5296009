/**
 * SARIF 2.1.0 for a scan or one function: the rules, artifacts, notifications and results of one
 * run, written page by page. Over ~300 lines because they are one format's shape, read together.
 */
import type { Check } from '../checks/check.js';
import type {
  AccountSection,
  AuditReport,
  Finding,
  FunctionIdentity,
  ScanResult,
  ScanSummary,
  Severity,
} from '../model.js';
import { summarise } from '../model.js';
import { resultOf } from '../scan-result.js';
import { jsonArrayChunks, nested, pathJson, sortFindings, sortKeysDeep } from './json.js';
import { stripControl } from './terminal.js';

/** What SARIF needs to know about a check: its metadata, not its code. */
export type RuleMeta = Pick<Check, 'id' | 'severity' | 'title' | 'risk' | 'remediation'>;

export interface SarifTool {
  version: string;
  /** Where the tool is documented; defaults to the package's page. */
  informationUri?: string;
}

export interface SarifOptions {
  /** Functions a scan could not audit at all: the run is then marked unsuccessful. */
  failed?: ScanSummary['failed'];
  /** Findings about accounts and regions: one result each, not one per function. */
  accounts?: readonly AccountSection[];
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const DEFAULT_INFORMATION_URI = 'https://www.npmjs.com/package/lambda-audit';
/** Key of our fingerprint in `partialFingerprints`; bump the version if its recipe changes. */
export const FINGERPRINT_KEY = 'lambdaAudit/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning reads `security-severity` (a number as a string) to rank alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/**
 * Where a result "is" for tools that insist on a file. GitHub code scanning rejects a result
 * with only a logical location, and rejects absolute URIs whose scheme differs from the
 * checkout's (`file`): upload-sarif fails with "SARIF URI scheme ... did not match the checkout
 * URI scheme". A relative URI is accepted everywhere, so the function is addressed as the
 * relative path `lambda/<region>/<account>/<function>`; the ARN is in the logical location.
 */
export function artifactUri(fn: FunctionIdentity): string {
  return ['lambda', fn.region, fn.accountId, fn.name].map(encodeURIComponent).join('/');
}

/**
 * All reports as one SARIF 2.1.0 run (see sarifChunks): the reports held in memory are read as a
 * scan (resultOf), so SARIF has one way to be written.
 */
export async function renderSarif(
  reports: readonly AuditReport[],
  checks: readonly RuleMeta[],
  tool: SarifTool,
  options: SarifOptions = {},
): Promise<string> {
  const failed = options.failed ?? [];
  const scan = resultOf({
    functions: [...reports],
    accounts: [...(options.accounts ?? [])],
    summary: summarise(reports, { regions: [], failed }),
  });
  let text = '';
  for await (const chunk of sarifChunks(scan, checks, tool)) text += chunk;
  return text;
}

/**
 * A scan as one SARIF 2.1.0 run: one rule per check (plus any check id that appears only in a
 * finding, so every `ruleIndex` resolves), one result per finding, and each unverified gap as a
 * tool execution notification so a consumer sees what was not checked. Written a piece at a time
 * exactly as `JSON.stringify(log, null, 2)` lays it out, the functions read page by page (from the
 * store, for a scan kept there), so a large scan's SARIF is never one string nor its reports one
 * array. SARIF puts the rules and the run's success before the results, so the functions are read
 * more than once: for the rules and gaps, the artifacts, the gaps' notifications (only functions
 * with gaps) and the results.
 */
export async function* sarifChunks(
  scan: ScanResult,
  checks: readonly RuleMeta[],
  tool: SarifTool,
): AsyncGenerator<string> {
  const { rules, gaps } = await rulesAndGaps(scan, checks);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const { accounts } = scan;
  const { failed } = scan.summary;
  const driver = {
    name: 'lambda-audit',
    version: tool.version,
    semanticVersion: tool.version,
    informationUri: tool.informationUri ?? DEFAULT_INFORMATION_URI,
    rules: rules.map(ruleJson),
  };
  // A run with a gap did not look at everything: GitHub then shows it as incomplete.
  const successful =
    failed.length === 0 &&
    !gaps &&
    scan.summary.incomplete === 0 &&
    accounts.every((a) => a.unverified.length === 0);
  yield `{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA_URI)},\n  "version": "2.1.0",\n  "runs": [\n    {`;
  yield `\n      "tool": ${nested({ driver }, 3)},\n      "artifacts": `;
  // One artifact per function (its invocation paths and exposure travel as properties), then one
  // per account and region.
  yield* jsonArrayChunks(artifacts(scan), 3);
  yield `,\n      "invocations": [\n        {\n          "executionSuccessful": ${successful},`;
  yield '\n          "toolExecutionNotifications": ';
  yield* jsonArrayChunks(notifications(scan), 5);
  yield '\n        }\n      ],\n      "results": ';
  yield* jsonArrayChunks(results(scan, ruleIndex), 3);
  yield '\n    }\n  ]\n}\n';
}

/** The scan's rules (the checks, then check ids seen only in findings) and whether any function has a gap. */
async function rulesAndGaps(
  scan: ScanResult,
  checks: readonly RuleMeta[],
): Promise<{ rules: RuleMeta[]; gaps: boolean }> {
  const rules = new Map<string, RuleMeta>();
  for (const check of checks) if (!rules.has(check.id)) rules.set(check.id, check);
  let gaps = false;
  for await (const page of scan.functions()) {
    for (const report of page) {
      gaps ||= report.unverified.length > 0;
      // A finding from a check the caller did not list (a renamed or plugin check) still needs a
      // rule; its own title and remediation are the best description we have.
      for (const f of report.findings) {
        if (!rules.has(f.check)) {
          rules.set(f.check, {
            id: f.check,
            severity: f.severity,
            title: f.title,
            risk: f.title,
            remediation: f.remediation,
          });
        }
      }
    }
  }
  return { rules: [...rules.values()], gaps };
}

async function* artifacts(scan: ScanResult): AsyncGenerator<Record<string, unknown>> {
  for await (const page of scan.functions()) {
    for (const r of page) {
      yield {
        location: { uri: artifactUri(r.function) },
        properties: { function: r.function.arn, exposure: r.exposure, paths: r.paths.map(pathJson) },
      };
    }
  }
  for (const a of scan.accounts) {
    yield { location: { uri: accountUri(a) }, properties: { account: a.accountId, region: a.region } };
  }
}

/** Each gap of each function, one error per API that could not be called, then each failed function. */
async function* notifications(scan: ScanResult): AsyncGenerator<Record<string, unknown>> {
  const functionsByApi = new Map<string, number>();
  for await (const page of scan.functions({ withGaps: true })) {
    for (const r of page) {
      for (const gap of r.unverified) yield gapNotification(r.function, gap);
      for (const api of new Set(r.unverified.map((gap) => gap.api)))
        functionsByApi.set(api, (functionsByApi.get(api) ?? 0) + 1);
    }
  }
  yield* missingApiNotifications(functionsByApi);
  yield* scan.summary.failed.map(failureNotification);
}

/** One result per finding, most severe first, each at its function's (or account's) artifact. */
async function* results(
  scan: ScanResult,
  ruleIndex: ReadonlyMap<string, number>,
): AsyncGenerator<Record<string, unknown>> {
  let artifactIndex = 0;
  for await (const page of scan.functions()) {
    for (const r of page) {
      for (const f of sortFindings(r.findings))
        yield resultJson(r, f, ruleIndex.get(f.check) ?? 0, artifactIndex);
      artifactIndex++;
    }
  }
  for (const a of scan.accounts) {
    for (const f of sortFindings(a.findings))
      yield accountResultJson(a, f, ruleIndex.get(f.check) ?? 0, artifactIndex);
    artifactIndex++;
  }
}

/** `policy-public-invoke` -> `PolicyPublicInvoke`: SARIF's `name` is an identifier-like label. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

function ruleJson(rule: RuleMeta): Record<string, unknown> {
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.risk },
    help: { text: rule.remediation },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[rule.severity], tags: ['security'] },
  };
}

function resultJson(
  report: AuditReport,
  f: Finding,
  ruleIndex: number,
  artifactIndex: number,
): Record<string, unknown> {
  return findingResult(artifactUri(report.function), f, ruleIndex, artifactIndex, {
    exposure: report.exposure,
  });
}

/** One result: a finding at its artifact (a function or an account and region). */
function findingResult(
  uri: string,
  f: Finding,
  ruleIndex: number,
  artifactIndex: number,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ruleId: f.check,
    ruleIndex,
    level: LEVEL[f.severity],
    // Viewers render message text as-is; control characters from AWS strings stay out of it.
    message: { text: stripControl(`${f.title}: ${f.detail}`) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri, index: artifactIndex },
          region: { startLine: 1 },
        },
        logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: { severity: f.severity, ...properties, evidence: sortKeysDeep(f.evidence) },
  };
}

function gapNotification(
  fn: FunctionIdentity,
  gap: AuditReport['unverified'][number],
): Record<string, unknown> {
  return {
    level: 'warning',
    message: {
      text: stripControl(
        `${fn.name} (${fn.region}): could not verify ${gap.area}: ${gap.api}: ${gap.reason}`,
      ),
    },
    descriptor: { id: 'unverified' },
    properties: { function: fn.arn, area: gap.area, api: gap.api, reason: gap.reason },
  };
}

/** One error per API that could not be called, naming how many functions it left unverified. */
function missingApiNotifications(functionsByApi: ReadonlyMap<string, number>): Record<string, unknown>[] {
  return [...functionsByApi]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([api, functions]) => ({
      level: 'error',
      message: {
        text: stripControl(
          `${api} could not be called for ${functions} function(s): what it reads was not checked`,
        ),
      },
      descriptor: { id: 'missing-api' },
      properties: { api, functions },
    }));
}

function failureNotification(failure: ScanSummary['failed'][number]): Record<string, unknown> {
  return {
    level: 'error',
    message: {
      text: stripControl(`${failure.function} (${failure.region}) was not audited: ${failure.reason}`),
    },
    descriptor: { id: 'audit-failed' },
    properties: { function: failure.function, region: failure.region, reason: failure.reason },
  };
}

/** Where an account and region's findings "are": `account/<region>/<account>`, beside the functions. */
export function accountUri(section: Pick<AccountSection, 'accountId' | 'region'>): string {
  return ['account', section.region, section.accountId].map(encodeURIComponent).join('/');
}

function accountResultJson(
  section: AccountSection,
  f: Finding,
  ruleIndex: number,
  artifactIndex: number,
): Record<string, unknown> {
  return findingResult(accountUri(section), f, ruleIndex, artifactIndex, {});
}
