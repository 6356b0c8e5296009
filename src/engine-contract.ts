/**
 * What the verbs, Slack and the schedule ask of the engine, and what a verb answers: the contract
 * between the callers and `engine.ts`, kept apart so that callers depend on it, not on the AWS side.
 */
import type { AccountSection, AuditReport, LogSearch, ScanReport, ScanResult } from './model.js';
import type { UnreachableAccount } from './scan-accounts.js';
import type { UnitLedger, UnitProgress } from './scan-units.js';
import type { FindingRecord } from './store/store.js';

/** A function as a user names it: a name, a partial or full ARN, in a region. */
export interface FunctionRef {
  /** Name or ARN exactly as given (validated). */
  function: string;
  region: string;
}

/** What an alarm's thread reply needs about the function the alarm names. */
export interface TriageResult {
  report: AuditReport;
  /** Failures logged from shortly before to shortly after the alarm; null when they could not be read. */
  logs: LogSearch | null;
  /** configuration.LastModified (any code or configuration update sets it); null when unknown. */
  lastModified: string | null;
}

export interface AuditOptions {
  /** Search the logs this far back instead of LOG_WINDOW_HOURS. */
  logsSinceMs?: number;
  /** Also propose a least-privilege policy for the role (`report.role.proposal`). */
  roleProposal?: boolean;
  /** Re-read what cached reads (roles, policies) saw before this moment: a change event said it changed. */
  freshAfter?: Date;
}

/**
 * An audit answered before IAM's last-accessed job ends: `report` has everything else, its
 * `pending` naming what waits; `update` is the whole report once the job is done (or has failed:
 * then its gap is in `unverified`). `update` is null when nothing was left to wait for.
 */
export interface EarlyAudit {
  report: AuditReport;
  update: Promise<AuditReport> | null;
}

/** What the verbs need from the engine; the CLI and Slack wire the same real engine. */
export interface Engine {
  /** Regions the operator configured (AUDIT_REGIONS); the first is the default. */
  readonly regions: readonly string[];
  audit(ref: FunctionRef, options?: AuditOptions): Promise<AuditReport>;
  /** The checks about one account and region (GuardDuty), read afresh: what re-audits an account finding. */
  auditAccountRegion?(accountId: string, region: string): Promise<AccountSection>;
  /** The audit at the speed of its critical path (see EarlyAudit); without it, callers use audit(). */
  auditEarly?(ref: FunctionRef, options?: AuditOptions): Promise<EarlyAudit>;
  /**
   * Every function in `regions` (the configured ones: with AUDIT_REGIONS=all, each account's
   * enabled regions) of every audited account: the organization's when AUDIT_ORG_ROLE_NAME is set.
   */
  scan(
    regions: readonly string[],
    onProgress?: (done: number, total: number) => void,
    options?: ScanRequest,
  ): Promise<ScanReport>;
  /** scan() with its functions read page by page when asked (from the store, for a scan kept there). */
  scanResult?(
    regions: readonly string[],
    onProgress?: (done: number, total: number) => void,
    options?: ScanRequest,
  ): Promise<ScanResult>;
  /**
   * The audit plus a log search around `alarmTime` (15 minutes before to 5 after): the answer in
   * an alarm's thread. Throws like audit() when the function cannot be found or read.
   */
  triage(ref: FunctionRef, alarmTime: Date): Promise<TriageResult>;
}

export interface ScanRequest {
  /**
   * `scan --org`: the organization's accounts, and a UsageError when AUDIT_ORG_ROLE_NAME is not
   * set (a scan covers the organization whenever it is set).
   */
  org?: boolean;
  /** Where the scan's units are claimed and kept (the store's, to share and resume); in memory by default. */
  ledger?: UnitLedger;
  /** This replica's name on the units it claims. */
  owner?: string;
  /**
   * The run's name (UnitLedger.begin): the scheduled scan names its slot, so every replica joins
   * that slot's run, finished or not; a scan without one joins only an unfinished unnamed run.
   */
  runKey?: string;
  /**
   * Only help with the run's units: scan those free now, then return (the result is partial);
   * the caller that does not set this waits for the rest, finishes the run and records it.
   */
  helpOnly?: boolean;
  /** Accounts and account-regions done, and the slowest unit, as units start and finish. */
  onUnits?: (progress: ScanProgress) => void;
  /** A unit's lease (default two minutes) and the wait between looks at units others hold (tests shorten them). */
  unitLeaseMs?: number;
  pollMs?: number;
}

/**
 * A scan's progress: its units', and the accounts it could not enter: known before any unit runs
 * with AUDIT_REGIONS=all; with listed regions, as this replica claims their units and is refused.
 */
export interface ScanProgress extends UnitProgress {
  unreachable: readonly UnreachableAccount[];
}

/** A verb's result, rendered by the caller: text/JSON/SARIF on the CLI, Block Kit in Slack. */
export type CommandOutput =
  | { kind: 'audit'; report: AuditReport; update?: Promise<AuditReport> }
  | { kind: 'triggers'; report: AuditReport }
  | { kind: 'logs'; report: AuditReport }
  | { kind: 'role'; report: AuditReport }
  | { kind: 'scan'; report: ScanReport }
  | { kind: 'help'; text: string; verbs?: HelpVerb[] }
  | { kind: 'snoozed'; items: FindingRecord[] };

/**
 * A verb's output for a caller that asked for a scan's pages (the CLI): a scan then comes as a
 * ScanResult, read page by page (from the store, for a scan kept there), never one array.
 */
export type PagedOutput = CommandOutput | { kind: 'scan-result'; result: ScanResult };

/** A verb as help lists it (Slack shows each with its example). */
export interface HelpVerb {
  name: string;
  summary: string;
  usage: string;
  example: string;
}
