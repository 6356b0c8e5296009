/** Rows as both engines return them (BIGINT read as a number), and their mapping to plain records. */
import type { Severity } from '../model.js';
import type {
  DigestEntry,
  DigestStatus,
  FindingFunction,
  FindingRecord,
  FindingState,
  ScanGap,
  ScanRecord,
  TicketRecord,
} from './store.js';

export interface ScanRow {
  id: number;
  started_at: number;
  finished_at: number;
  regions: string;
  functions: number;
  incomplete: number;
  failed: number;
  by_severity: string;
}

export interface GapRow {
  kind: ScanGap['kind'];
  function_arn: string;
  function_name: string;
  account_id: string | null;
  region: string;
  area: string | null;
  api: string | null;
  reason: string;
}

export interface FindingRow {
  fingerprint: string;
  check_id: string;
  function_arn: string;
  resource: string;
  account_id: string;
  region: string;
  severity: Severity;
  title: string;
  detail: string;
  remediation: string;
  first_seen: number;
  last_seen: number;
  last_scan_id: number;
  opened_at: number;
  opened_scan_id: number;
  state: FindingState;
  fixed_at: number | null;
  fixed_scan_id: number | null;
  snoozed_until: number | null;
  accepted_reason: string | null;
  state_by: string | null;
  state_at: number | null;
}

export interface FindingFunctionRow {
  fingerprint: string;
  function_arn: string;
  function_name: string;
  account_id: string;
  region: string;
}

export interface DigestRow {
  slot_key: string;
  channel: string;
  status: DigestStatus;
  owner: string;
  lease_until: number;
  scan_id: number | null;
  payload: string | null;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  parts_posted: number;
  posted_ts: string | null;
  created_at: number;
  posted_at: number | null;
  post_owner: string | null;
  post_lease_until: number | null;
  posting_part: number | null;
}

export interface TicketRow {
  fingerprint: string;
  state: TicketRecord['state'];
  sink: string | null;
  url: string | null;
  key: string | null;
  created_by: string;
  created_at: number;
  opened_at: number | null;
  lease_until: number | null;
  uncertain: number;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export function toScan(row: ScanRow): ScanRecord {
  return {
    id: row.id,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    regions: JSON.parse(row.regions) as string[],
    functions: row.functions,
    incomplete: row.incomplete,
    failed: row.failed,
    bySeverity: JSON.parse(row.by_severity) as Record<Severity, number>,
  };
}

export function toGap(row: GapRow): ScanGap {
  return {
    kind: row.kind,
    functionArn: row.function_arn,
    functionName: row.function_name,
    accountId: row.account_id,
    region: row.region,
    area: row.area,
    api: row.api,
    reason: row.reason,
  };
}

export function toFunction(row: Omit<FindingFunctionRow, 'fingerprint'>): FindingFunction {
  return {
    functionArn: row.function_arn,
    functionName: row.function_name,
    accountId: row.account_id,
    region: row.region,
  };
}

/** `now` decides whether a snooze still holds: one that ran out reads as open. */
export function toFinding(row: FindingRow, functions: FindingFunction[], now: number): FindingRecord {
  const expired = row.state === 'snoozed' && (row.snoozed_until ?? 0) <= now;
  return {
    fingerprint: row.fingerprint,
    check: row.check_id,
    severity: row.severity,
    title: row.title,
    detail: row.detail,
    resource: row.resource,
    remediation: row.remediation,
    functionArn: row.function_arn,
    accountId: row.account_id,
    region: row.region,
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
    lastScanId: row.last_scan_id,
    openedAt: iso(row.opened_at),
    openedScanId: row.opened_scan_id,
    state: expired ? 'open' : row.state,
    fixedAt: isoOrNull(row.fixed_at),
    fixedScanId: row.fixed_scan_id,
    snoozedUntil: expired ? null : isoOrNull(row.snoozed_until),
    acceptedReason: row.accepted_reason,
    stateBy: expired ? null : row.state_by,
    stateAt: expired ? null : isoOrNull(row.state_at),
    functions,
  };
}

export function toDigest(row: DigestRow): DigestEntry {
  return {
    slotKey: row.slot_key,
    channel: row.channel,
    status: row.status,
    owner: row.owner,
    leaseUntil: iso(row.lease_until),
    scanId: row.scan_id,
    payload: row.payload,
    attempts: row.attempts,
    nextAttemptAt: isoOrNull(row.next_attempt_at),
    lastError: row.last_error,
    partsPosted: row.parts_posted,
    postedTs: row.posted_ts,
    createdAt: iso(row.created_at),
    postedAt: isoOrNull(row.posted_at),
    postOwner: row.post_owner,
    postLeaseUntil: isoOrNull(row.post_lease_until),
    postingPart: row.posting_part,
  };
}

export function toTicket(row: TicketRow): TicketRecord {
  return {
    fingerprint: row.fingerprint,
    state: row.state,
    sink: row.sink,
    url: row.url,
    key: row.key,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    openedAt: isoOrNull(row.opened_at),
    uncertain: row.uncertain === 1,
  };
}
