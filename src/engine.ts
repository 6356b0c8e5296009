import { auditAccount } from './account-audit.js';
import { parseArn, parseFunctionArn } from './arn.js';
import { auditSnapshot } from './audit.js';
import { RoleAssumer } from './aws/assume-role.js';
import { type AwsTarget, ClientPool } from './aws/clients.js';
import { withinDeadline } from './aws/deadline.js';
import { RateLimiter } from './aws/rate-limiter.js';
import type { ChangeLookup } from './changes/gather.js';
import { functionsIn, rolesAttaching } from './collect/change-inventory.js';
import { collectFunction } from './collect/function.js';
import { FunctionIndex } from './collect/function-index.js';
import { callerAccount } from './collect/identity.js';
import { searchRecentErrors } from './collect/logs.js';
import { collectAccount, MonitoringCache, readGuardDuty } from './collect/monitoring.js';
import { RoleReader, type RoleReaderOptions, type RoleSource } from './collect/role.js';
import { type LastAccessedRead, withLastAccessed } from './collect/role-last-accessed.js';
import type { Config } from './config.js';
import type { AuditOptions, EarlyAudit, Engine, FunctionRef, TriageResult } from './engine-contract.js';
import { scanAccounts } from './engine-scan.js';
import { UsageError } from './errors.js';
import type { AccountSection, AuditReport, FunctionSnapshot, ScanResult, Unverified } from './model.js';
import { orgRoleArn, type ScanAccount } from './scan-accounts.js';
import { reportOf } from './scan-result.js';
import { triageWindow } from './triage/window.js';

/** Roles and policies change rarely; reading them once per few minutes is fresh enough for chat. */
const ROLE_CACHE_MS = 300_000;

export interface EngineOptions {
  clock?: () => Date;
  /** Request-rate quotas to pace under; AWS's by default (tests of logic, not pacing, lift them). */
  quotas?: Readonly<Record<string, number>>;
  /** How the last-accessed job is polled (tests shorten the waits). */
  roles?: RoleReaderOptions;
}

export interface RunningEngine extends Engine {
  auditEarly(ref: FunctionRef, options?: AuditOptions): Promise<EarlyAudit>;
  auditAccountRegion(accountId: string, region: string): Promise<AccountSection>;
  /** What the change-events loop reads to know which functions a change affects. */
  readonly changes: ChangeLookup;
  /** Releases the SDK clients' sockets. */
  close(): void;
}

/** An audited account; its id is 'default' for the caller's own account. */
type Account = ScanAccount;

/**
 * The real engine: collect through the AWS SDK, then audit. The CLI and Slack both use it.
 * Every account has its own clients and its own pacing under AWS's per-account quotas.
 */
export function createEngine(
  config: Config,
  aws: Omit<AwsTarget, 'region' | 'limiter'> = {},
  options: EngineOptions = {},
): RunningEngine {
  const clock = options.clock ?? (() => new Date());
  const limiter = () => new RateLimiter(options.quotas);
  const target = {
    ...aws,
    timeouts: { connectionMs: config.time.connectionTimeoutMs, requestMs: config.time.requestTimeoutMs },
  };
  const homeRegion = config.regions[0] ?? 'us-east-1';
  const home: Account = {
    id: 'default',
    pool: new ClientPool({ ...target, limiter: limiter() }),
    roleArn: null,
    probe: async () => undefined,
  };
  const assumer = new RoleAssumer(home.pool.get(homeRegion).sts, config.externalId, () => clock().getTime());
  /** An account reached through a role: its own clients, credentials and pacing. */
  const assumed = (roleArn: string, id: string): Account => {
    const credentials = assumer.credentialsFor(roleArn);
    return {
      id,
      roleArn,
      pool: new ClientPool({ ...target, credentials, limiter: limiter() }),
      probe: credentials,
    };
  };
  const others: Account[] = config.accountRoles.map((roleArn) =>
    assumed(roleArn, parseArn(roleArn)?.account ?? ''),
  );
  // The organization's accounts, made on first discovery and kept for the next scans.
  const members = new Map<string, Account>();
  const member = (id: string): Account => {
    const known = members.get(id) ?? assumed(orgRoleArn(id, config.organization.roleName ?? ''), id);
    members.set(id, known);
    return known;
  };
  /** One audit's reads end within AUDIT_DEADLINE; what did not answer by then is a gap. */
  const inAuditDeadline = <T>(work: () => Promise<T>) =>
    withinDeadline(config.time.auditDeadlineMs, 'AUDIT_DEADLINE', work);
  // The audited accounts are not "foreign" to each other (DESIGN: trusted defaults to them).
  const settings: Config = {
    ...config,
    trustedAccountIds: [...config.trustedAccountIds, ...others.map((a) => a.id)],
  };
  const accounts = [home, ...others];
  // An organization's accounts are not foreign to each other either.
  const orgSettings = (scanned: readonly Account[]): Config =>
    scanned === accounts
      ? settings
      : {
          ...settings,
          trustedAccountIds: [...settings.trustedAccountIds, ...scanned.map((a) => a.id)],
        };
  // The home account's id, asked once and only when an ARN names an account that is not one of
  // the assumed ones; null when STS cannot say (then GetFunction's own error speaks).
  let homeId: Promise<string | null> | null = null;
  /** The audited account `id` (undefined: the caller's own); refuses an account that is not audited. */
  const accountById = async (id: string | undefined, region: string): Promise<Account> => {
    const assumed = others.find((a) => a.id === id);
    if (!id || assumed) return assumed ?? home;
    homeId ??= callerAccount(home.pool.get(region)).catch(() => null);
    const own = await homeId;
    if (own === null || own === id) return home;
    const audited = [own, ...others.map((a) => a.id)].join(', ');
    throw new UsageError(
      `account ${id} is not audited (audited: ${audited}); to audit it, add a role in it to AUDIT_ACCOUNT_ROLES`,
    );
  };
  // A full ARN, or the partial `123456789012:function:name` Lambda also accepts.
  const accountFor = (ref: FunctionRef): Promise<Account> =>
    accountById(
      parseFunctionArn(ref.function)?.account ?? /^(\d{12}):function:/.exec(ref.function)?.[1],
      ref.region,
    );
  // For the change-events loop: an account id that is not an assumed role's is the caller's own.
  const byId = (id: string): Account => others.find((a) => a.id === id) ?? home;

  let roles = new RoleReader(options.roles);
  let rolesReadAt = clock().getTime();
  const freshRoles = (now: Date, freshAfter?: Date) => {
    if (now.getTime() - rolesReadAt > ROLE_CACHE_MS || rolesReadAt < (freshAfter?.getTime() ?? 0)) {
      roles = new RoleReader(options.roles);
      rolesReadAt = now.getTime();
    }
    return roles;
  };
  const functionsOf = (account: Account, regions: readonly string[] = config.regions, ttlMs?: number) =>
    new FunctionIndex(
      () => regions,
      (region) => account.pool.get(region),
      ttlMs,
    );
  const indexes = new Map(accounts.map((a) => [a, functionsOf(a)]));
  const monitoring = new MonitoringCache(ROLE_CACHE_MS);

  const collect = async (
    ref: FunctionRef,
    now: Date,
    logWindowMs: number,
    roles: RoleSource,
  ): Promise<FunctionSnapshot> => {
    const account = await accountFor(ref);
    const clients = account.pool.get(ref.region);
    return inAuditDeadline(() =>
      collectFunction(clients, ref.function, {
        now,
        logWindowMs,
        roles,
        functions: indexes.get(account) ?? functionsOf(account),
        monitoring: monitoring.get(`${account.id}|${ref.region}`, clients, now),
      }),
    );
  };

  const logWindowOf = (options: AuditOptions) => options.logsSinceMs ?? config.logWindowHours * 3_600_000;
  /** The function's account and region, once: read with the same cached reads its collection used. */
  const accountOf = async (ref: FunctionRef, snapshot: FunctionSnapshot, now: Date) => {
    const account = await accountFor(ref);
    const reads = monitoring.get(`${account.id}|${ref.region}`, account.pool.get(ref.region), now);
    return auditAccount(await collectAccount(reads, snapshot.accountId, ref.region, now), settings, now);
  };
  /** The report of a snapshot, its account and region's findings under `account`, their gaps in its own. */
  const assemble = (
    snapshot: FunctionSnapshot,
    account: AccountSection,
    now: Date,
    options: AuditOptions,
  ): AuditReport => {
    const report = auditSnapshot(snapshot, settings, now, undefined, {
      proposal: options.roleProposal ?? false,
    });
    const gaps = account.unverified.filter((gap) => !report.unverified.some((g) => g.api === gap.api));
    return { ...report, account, unverified: [...report.unverified, ...gaps] };
  };
  const scanResult: Engine['scan'] extends (...args: infer A) => unknown
    ? (...args: A) => Promise<ScanResult>
    : never = (regions, onProgress, request) =>
    scanAccounts(
      {
        config,
        clock,
        accounts,
        member,
        functionsOf: (account, regions) => functionsOf(account, regions, Number.POSITIVE_INFINITY),
        settingsFor: orgSettings,
        roles: () => new RoleReader(options.roles),
      },
      regions,
      onProgress,
      request,
    );

  return {
    regions: config.regions,
    async audit(ref: FunctionRef, options: AuditOptions = {}) {
      const now = clock();
      const snapshot = await collect(ref, now, logWindowOf(options), freshRoles(now, options.freshAfter));
      return assemble(snapshot, await accountOf(ref, snapshot, now), now, options);
    },
    async auditEarly(ref: FunctionRef, options: AuditOptions = {}): Promise<EarlyAudit> {
      const now = clock();
      const roles = freshRoles(now, options.freshAfter).early();
      const snapshot = await collect(ref, now, logWindowOf(options), roles);
      const account = await accountOf(ref, snapshot, now);
      const report = assemble(snapshot, account, now, options);
      const arn = snapshot.configuration.Role;
      const job = roles.job(arn);
      if (!report.pending || !job) return { report, update: null };
      const complete = (read: LastAccessedRead) =>
        assemble(withLastAccessed(snapshot, read, arn), account, now, options);
      // A job another audit started may be done already: then there is nothing to wait for.
      if (job.settled) return { report: complete(job.settled), update: null };
      return { report, update: job.outcome.then(complete) };
    },
    async auditAccountRegion(accountId: string, region: string): Promise<AccountSection> {
      const now = clock();
      const account = await accountById(accountId, region);
      const snapshot = await inAuditDeadline(() =>
        collectAccount({ guardDuty: readGuardDuty(account.pool.get(region)) }, accountId, region, now),
      );
      return auditAccount(snapshot, settings, now);
    },
    async triage(ref: FunctionRef, alarmTime: Date): Promise<TriageResult> {
      const now = clock();
      const snapshot = await collect(ref, now, config.logWindowHours * 3_600_000, freshRoles(now));
      const report = auditSnapshot(snapshot, settings, now);
      // The log group is known only once GetFunction has answered (LoggingConfig may rename it),
      // so the window search follows the collection. A group that does not exist has no window
      // to search: null lets the reply say so instead of showing "0 errors".
      const gaps: Unverified[] = [];
      const window = triageWindow(alarmTime);
      const logs =
        report.logs.exists === false
          ? null
          : await inAuditDeadline(async () =>
              searchRecentErrors(
                (await accountFor(ref)).pool.get(ref.region),
                report.logs.group,
                window.startTime,
                window.endTime,
                gaps,
              ),
            );
      for (const gap of gaps) {
        if (!report.unverified.some((g) => g.api === gap.api)) report.unverified.push(gap);
      }
      return { report, logs, lastModified: snapshot.configuration.LastModified ?? null };
    },
    scan: async (regions, onProgress, request) => reportOf(await scanResult(regions, onProgress, request)),
    scanResult,
    changes: {
      functions: (account) => {
        const pool = byId(account).pool;
        return functionsIn(config.regions.map((region) => pool.get(region)));
      },
      rolesAttaching: (account, policyArn) =>
        rolesAttaching(byId(account).pool.get(config.regions[0] ?? 'us-east-1').iam, policyArn),
    },
    close: () => {
      for (const account of [...accounts, ...members.values()]) account.pool.destroy();
    },
  };
}
