import { checks } from './checks/index.js';
import { ConfigError } from './errors.js';
import { SEVERITIES, type Severity } from './model.js';

/** Everything lambda-audit reads from the environment, validated once, with defaults written down. */
export interface Config {
  /** Regions to audit and scan; the first is the default for one-function audits. */
  regions: string[];
  /** AUDIT_REGIONS=all: a scan covers every region each account has enabled (`regions` is then the home region). */
  allRegions: boolean;
  /**
   * AUDIT_ORG_ROLE_NAME: `scan --org` lists the organization's accounts (with these credentials,
   * the management or a delegated administrator account's) and assumes this role in each.
   * AUDIT_ORG_OUS limits it to OUs (their child OUs included), AUDIT_ORG_EXCLUDE leaves accounts out.
   */
  organization: { roleName: string | null; units: string[]; exclude: string[] };
  /** AUDIT_SCAN_UNITS: account-regions a scan runs at once (each paced by its own quotas). */
  scanUnits: number;
  /**
   * AUDIT_SCAN_HELD_FUNCTIONS: functions the units in flight may hold together (a unit that would
   * pass it waits once listed); what a replica holds grows with them, not with the scan's size.
   */
  scanHeldFunctions: number;
  accountRoles: string[];
  /** Passed as ExternalId when assuming the AUDIT_ACCOUNT_ROLES (roles whose trust policy requires one). */
  externalId: string | null;
  trustedAccountIds: string[];
  trustedOrgIds: string[];
  requiredTagKeys: string[];
  runtimeSoonDays: number;
  logWindowHours: number;
  /** Days without use after which `role-unused-services` calls a service unused. */
  roleUnusedDays: number;
  /** Check ids switched off by the operator. */
  disabledChecks: string[];
  /** Severity overrides, e.g. `vpc-not-attached=low`. */
  severityOverrides: Record<string, Severity>;
  slack: {
    botToken: string | null;
    signingSecret: string | null;
    appToken: string | null;
    apiUrl: string | null;
  };
  port: number;
  /** DIGEST_MIN_SEVERITY: findings below it stay out of the digest's thread (default low: no info). */
  digest: { channel: string | null; cron: string; timezone: string; minSeverity: Severity };
  databaseUrl: string;
  triageChannels: string[];
  approverUserIds: string[];
  /**
   * REPLICA_ID: this replica's name on the claims it holds in the store. A replica restarted
   * under the same name takes its own claims back at once instead of waiting for their leases;
   * null: a random name per process.
   */
  replicaId: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Exposure-change alerts from CloudTrail change events (off without a queue). */
  changeEvents: {
    /** CHANGE_EVENTS_QUEUE_URL: the SQS queue the EventBridge rules feed. */
    queueUrl: string | null;
    /** ALERT_CHANNEL, default DIGEST_CHANNEL. */
    alertChannel: string | null;
    /** ALERT_MIN_SEVERITY, default high. */
    minSeverity: Severity;
  };
  /** Time bounds of AWS reads (milliseconds): each attempt, one audit, one function of a scan. */
  time: {
    connectionTimeoutMs: number;
    requestTimeoutMs: number;
    auditDeadlineMs: number;
    scanFunctionDeadlineMs: number;
  };
}

type Env = Record<string, string | undefined>;

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const ACCOUNT = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const ORG = /^o-[a-z0-9]{10,32}$/;
/** An OU id (`ou-` root part `-` suffix) or the root's (`r-`). */
const ORG_UNIT = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
/** An IAM role name, optionally with its path (`audit/lambda-audit`). */
const ROLE_NAME = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** `https://sqs.<region>.amazonaws.com/<account>/<name>` (or an endpoint override's host). */
const QUEUE_URL = /^https?:\/\/[^/\s]+\/\d{12}\/[\w-]{1,80}(\.fifo)?$/;

function list(env: Env, name: string, pattern?: RegExp, expected?: string): string[] {
  const items = (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (pattern) {
    const bad = items.find((item) => !pattern.test(item));
    if (bad !== undefined) throw new ConfigError(`${name}: '${bad}' is not ${expected}`);
  }
  return items;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}: expected a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

function digestMinSeverity(env: Env): Severity {
  const value = (optional(env, 'DIGEST_MIN_SEVERITY') ?? 'low').toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(value))
    throw new ConfigError(`DIGEST_MIN_SEVERITY: expected one of ${SEVERITIES.join(', ')}, got '${value}'`);
  return value as Severity;
}

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/** Edits (insert, delete, replace one character) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
}

/** A check id from the registry, or a ConfigError naming the variable and the nearest id. */
function checkId(name: string, id: string, known: readonly string[]): string {
  if (known.includes(id)) return id;
  const nearest = [...known].sort((a, b) => editDistance(id, a) - editDistance(id, b))[0];
  const hint = nearest && editDistance(id, nearest) <= 3 ? `; did you mean '${nearest}'?` : '';
  throw new ConfigError(`${name}: unknown check '${id}'${hint}`);
}

function severity(env: Env, name: string, fallback: Severity): Severity {
  const value = optional(env, name)?.toLowerCase() ?? fallback;
  if (!(SEVERITIES as readonly string[]).includes(value))
    throw new ConfigError(`${name}: expected one of ${SEVERITIES.join(', ')}, got '${value}'`);
  return value as Severity;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000 };

/** A duration such as `30`, `30s`, `1500ms` or `2m` (bare numbers are seconds), in milliseconds. */
function durationMs(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw);
  const ms = match ? Number(match[1]) * (DURATION_UNITS[match[2] ?? 's'] ?? 1_000) : Number.NaN;
  if (!(ms >= 100 && ms <= max)) {
    throw new ConfigError(
      `${name}: expected a duration from 100ms to ${max / 1000}s, such as 30s, got '${raw}'`,
    );
  }
  return Math.round(ms);
}

function severityOverrides(env: Env, known: readonly string[]): Record<string, Severity> {
  const overrides: Record<string, Severity> = {};
  for (const item of list(env, 'CHECK_SEVERITY')) {
    const [id, severity] = item.split('=').map((s) => s.trim());
    if (!id || !severity || !(SEVERITIES as readonly string[]).includes(severity)) {
      throw new ConfigError(`CHECK_SEVERITY: expected check-id=${SEVERITIES.join('|')}, got '${item}'`);
    }
    overrides[checkId('CHECK_SEVERITY', id, known)] = severity as Severity;
  }
  return overrides;
}

function organization(env: Env): Config['organization'] {
  const roleName = optional(env, 'AUDIT_ORG_ROLE_NAME');
  if (roleName !== null && !ROLE_NAME.test(roleName))
    throw new ConfigError(
      `AUDIT_ORG_ROLE_NAME: '${roleName}' is not a role name (the name of the role in each account, such as lambda-audit, not its ARN)`,
    );
  const units = list(
    env,
    'AUDIT_ORG_OUS',
    ORG_UNIT,
    'an OU id such as ou-ab12-cd34ef56 or a root id such as r-ab12',
  );
  const exclude = list(env, 'AUDIT_ORG_EXCLUDE', ACCOUNT, 'a 12-digit account id');
  if (roleName === null && (units.length > 0 || exclude.length > 0))
    throw new ConfigError(
      `${units.length > 0 ? 'AUDIT_ORG_OUS' : 'AUDIT_ORG_EXCLUDE'} needs AUDIT_ORG_ROLE_NAME (the role to assume in each account of the organization)`,
    );
  return { roleName, units, exclude };
}

/** AUDIT_REGIONS: a list of regions, or `all` (each account's enabled regions) alone. */
function regionsOf(env: Env): { regions: string[]; allRegions: boolean } {
  const items = list(env, 'AUDIT_REGIONS');
  if (!items.some((r) => r.toLowerCase() === 'all'))
    return {
      regions: list(env, 'AUDIT_REGIONS', REGION, 'an AWS region such as eu-central-1 (or all)'),
      allRegions: false,
    };
  if (items.length > 1)
    throw new ConfigError("AUDIT_REGIONS: 'all' stands alone (every region each account has enabled)");
  return { regions: [], allRegions: true };
}

function replicaId(env: Env): string | null {
  const value = optional(env, 'REPLICA_ID');
  if (value !== null && !/^[\w.-]{1,64}$/.test(value)) {
    throw new ConfigError('REPLICA_ID: expected 1 to 64 letters, digits, dots, dashes or underscores');
  }
  return value;
}

/** STS takes 2 to 1224 characters of letters, digits and `+=,.@:/-` as an ExternalId. */
function externalId(env: Env): string | null {
  const value = optional(env, 'AUDIT_EXTERNAL_ID');
  if (value !== null && !/^[\w+=,.@:/-]{2,1224}$/.test(value)) {
    throw new ConfigError('AUDIT_EXTERNAL_ID: expected 2 to 1224 letters, digits or +=,.@:/- characters');
  }
  return value;
}

/**
 * Reads and validates the environment. Throws ConfigError naming the first bad variable and
 * what it expects (check ids must be in the registry, `knownChecks`); `serve` checks the Slack credentials separately (the CLI needs none).
 */
export function loadConfig(
  env: Env = process.env,
  knownChecks: readonly string[] = checks.map((c) => c.id),
): Config {
  const defaultRegion = optional(env, 'AWS_REGION') ?? optional(env, 'AWS_DEFAULT_REGION');
  let { regions, allRegions } = regionsOf(env);
  if (regions.length === 0 && defaultRegion) {
    if (!REGION.test(defaultRegion)) throw new ConfigError(`AWS_REGION: '${defaultRegion}' is not a region`);
    regions = [defaultRegion];
  }
  const logLevel = (optional(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }
  const queueUrl = optional(env, 'CHANGE_EVENTS_QUEUE_URL');
  if (queueUrl && !QUEUE_URL.test(queueUrl))
    throw new ConfigError(
      'CHANGE_EVENTS_QUEUE_URL: expected an SQS queue URL such as https://sqs.eu-central-1.amazonaws.com/123456789012/lambda-audit-change-events',
    );
  const apiUrl = optional(env, 'SLACK_API_URL');
  if (apiUrl && !/^https?:\/\//.test(apiUrl)) throw new ConfigError('SLACK_API_URL: expected an http(s) URL');
  // With `all`, one-function audits still need a default region: AWS_REGION's, else us-east-1.
  if (allRegions && regions.length === 0) regions = ['us-east-1'];
  return {
    regions,
    allRegions,
    organization: organization(env),
    scanUnits: integer(env, 'AUDIT_SCAN_UNITS', 64, 1, 1000),
    scanHeldFunctions: integer(env, 'AUDIT_SCAN_HELD_FUNCTIONS', 5_000, 100, 10_000_000),
    accountRoles: list(env, 'AUDIT_ACCOUNT_ROLES', ROLE_ARN, 'an IAM role ARN'),
    externalId: externalId(env),
    trustedAccountIds: list(env, 'TRUSTED_ACCOUNT_IDS', ACCOUNT, 'a 12-digit account id'),
    trustedOrgIds: list(env, 'TRUSTED_ORG_IDS', ORG, 'an organization id such as o-a1b2c3d4e5'),
    requiredTagKeys: list(env, 'REQUIRED_TAG_KEYS'),
    runtimeSoonDays: integer(env, 'RUNTIME_SOON_DAYS', 180, 1, 3650),
    logWindowHours: integer(env, 'LOG_WINDOW_HOURS', 24, 1, 24 * 30),
    roleUnusedDays: integer(env, 'ROLE_UNUSED_DAYS', 90, 1, 400),
    disabledChecks: list(env, 'DISABLED_CHECKS').map((id) => checkId('DISABLED_CHECKS', id, knownChecks)),
    severityOverrides: severityOverrides(env, knownChecks),
    slack: {
      botToken: optional(env, 'SLACK_BOT_TOKEN'),
      signingSecret: optional(env, 'SLACK_SIGNING_SECRET'),
      appToken: optional(env, 'SLACK_APP_TOKEN'),
      apiUrl,
    },
    port: integer(env, 'PORT', 3000, 0, 65535),
    digest: {
      channel: optional(env, 'DIGEST_CHANNEL'),
      cron: optional(env, 'DIGEST_CRON') ?? '0 9 * * *',
      timezone: optional(env, 'DIGEST_TZ') ?? 'UTC',
      minSeverity: digestMinSeverity(env),
    },
    databaseUrl: optional(env, 'DATABASE_URL') ?? 'file:./data/lambda-audit.db',
    triageChannels: list(env, 'TRIAGE_CHANNELS'),
    approverUserIds: list(env, 'APPROVER_USER_IDS'),
    replicaId: replicaId(env),
    logLevel: logLevel as Config['logLevel'],
    changeEvents: {
      queueUrl,
      alertChannel: optional(env, 'ALERT_CHANNEL') ?? optional(env, 'DIGEST_CHANNEL'),
      minSeverity: severity(env, 'ALERT_MIN_SEVERITY', 'high'),
    },
    time: {
      connectionTimeoutMs: durationMs(env, 'AUDIT_CONNECTION_TIMEOUT', 5_000, 300_000),
      requestTimeoutMs: durationMs(env, 'AUDIT_REQUEST_TIMEOUT', 15_000, 900_000),
      auditDeadlineMs: durationMs(env, 'AUDIT_DEADLINE', 30_000, 3_600_000),
      scanFunctionDeadlineMs: durationMs(env, 'SCAN_FUNCTION_DEADLINE', 60_000, 3_600_000),
    },
  };
}
