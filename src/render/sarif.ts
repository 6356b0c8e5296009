import type { Check } from '../checks/check.js';
import type {
  AccountSection,
  AuditReport,
  Finding,
  FunctionIdentity,
  ScanSummary,
  Severity,
} from '../model.js';
import { pathJson, sortFindings, sortKeysDeep, sortReports } from './json.js';
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
 * All reports as one SARIF 2.1.0 run: one rule per check (plus any check id that appears only
 * in a finding, so every `ruleIndex` resolves), one result per finding, and each unverified gap
 * as a tool execution notification so a consumer sees what was not checked.
 */
export function renderSarif(
  reports: readonly AuditReport[],
  checks: readonly RuleMeta[],
  tool: SarifTool,
  options: SarifOptions = {},
): string {
  const ordered = sortReports(reports);
  const rules = rulesFor(checks, ordered);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const failed = options.failed ?? [];
  const accounts = options.accounts ?? [];

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lambda-audit',
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri ?? DEFAULT_INFORMATION_URI,
            rules: rules.map(ruleJson),
          },
        },
        // One artifact per function (its invocation paths and exposure travel as properties),
        // then one per account and region.
        artifacts: [
          ...ordered.map((r) => ({
            location: { uri: artifactUri(r.function) },
            properties: { function: r.function.arn, exposure: r.exposure, paths: r.paths.map(pathJson) },
          })),
          ...accounts.map((a) => ({
            location: { uri: accountUri(a) },
            properties: { account: a.accountId, region: a.region },
          })),
        ],
        invocations: [
          {
            // A run with a gap did not look at everything: GitHub then shows it as incomplete.
            executionSuccessful:
              failed.length === 0 &&
              ordered.every((r) => r.unverified.length === 0) &&
              accounts.every((a) => a.unverified.length === 0),
            toolExecutionNotifications: [
              ...ordered.flatMap((r) => r.unverified.map((u) => gapNotification(r.function, u))),
              ...missingApiNotifications(ordered),
              ...failed.map(failureNotification),
            ],
          },
        ],
        results: [
          ...ordered.flatMap((r, artifactIndex) =>
            sortFindings(r.findings).map((f) => resultJson(r, f, ruleIndex.get(f.check) ?? 0, artifactIndex)),
          ),
          ...accounts.flatMap((a, i) =>
            sortFindings(a.findings).map((f) =>
              accountResultJson(a, f, ruleIndex.get(f.check) ?? 0, ordered.length + i),
            ),
          ),
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function rulesFor(checks: readonly RuleMeta[], reports: readonly AuditReport[]): RuleMeta[] {
  const rules = new Map<string, RuleMeta>();
  for (const check of checks) if (!rules.has(check.id)) rules.set(check.id, check);
  // A finding from a check the caller did not list (a renamed or plugin check) still needs a
  // rule; its own title and remediation are the best description we have.
  for (const report of reports) {
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
  return [...rules.values()];
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
function missingApiNotifications(reports: readonly AuditReport[]): Record<string, unknown>[] {
  const functionsByApi = new Map<string, Set<string>>();
  for (const report of reports) {
    for (const gap of report.unverified) {
      const functions = functionsByApi.get(gap.api) ?? new Set<string>();
      functions.add(report.function.arn);
      functionsByApi.set(gap.api, functions);
    }
  }
  return [...functionsByApi]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([api, functions]) => ({
      level: 'error',
      message: {
        text: stripControl(
          `${api} could not be called for ${functions.size} function(s): what it reads was not checked`,
        ),
      },
      descriptor: { id: 'missing-api' },
      properties: { api, functions: functions.size },
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
