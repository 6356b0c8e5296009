/**
 * The digest as data: what changed since the last one, what is open, and what could not be
 * seen. Built from the store alone, so the CLI's dry run and the scheduled job agree; what it
 * counts of every open finding is read a page at a time (findingPages, openCountsByFunction),
 * so only what it lists (new, fixed, account findings, the riskiest) is held.
 * Account and region findings (stored under a pseudo-function named for the account and region)
 * are kept apart from function findings: the digest shows each once, in its header.
 */
import { parseFunctionArn } from '../arn.js';
import { accountResource } from '../checks/account-check.js';
import { checks } from '../checks/index.js';
import { compareRisk, countBySeverity, type Severity, severityRank } from '../model.js';
import type { FindingFunction, FindingRecord, ScanGap, ScanRecord, Store } from '../store/store.js';

export interface DigestFinding {
  fingerprint: string;
  check: string;
  severity: Severity;
  title: string;
  detail: string;
  functionName: string;
  functionArn: string;
  accountId: string;
  region: string;
  /** How many functions report it (a shared role's finding may have several). */
  functions: number;
  /** Every function that reports it, the first one first. */
  on: Pick<FindingFunction, 'functionName' | 'functionArn'>[];
  /** The finding names a way in from the internet (its check's `internet-exposed` category). */
  openPath: boolean;
}

/** An account and region finding (GuardDuty off, ...): about no function, shown once. */
export interface DigestAccountFinding extends DigestFinding {
  /** Opened since the previous digest (everything open is new in the first one). */
  isNew: boolean;
}

/**
 * Why the digest's open total differs from the scan's (which counts a finding once per function
 * it is on): the parts add up, `scanCounted = open + shared + decided - carried`.
 */
export interface CountReconciliation {
  /** Every finding of every function the scan audited (the scan's own total). */
  scanCounted: number;
  /** Open function findings, each once. */
  open: number;
  /** Extra counts of findings shared by several functions (a role's), counted once here. */
  shared: number;
  /** Snoozed or accepted findings (once per function, as the scan counts them): not open. */
  decided: number;
  /** Counted here, not by the scan: open findings on functions or parts it could not read again. */
  carried: number;
}

export interface DigestFunction {
  functionName: string;
  functionArn: string;
  accountId: string;
  region: string;
  counts: Record<Severity, number>;
}

export interface Digest {
  generatedAt: string;
  /** The scan the figures come from; null when nothing was ever scanned. */
  scan: ScanRecord | null;
  /** Set when this slot's scan failed outright: the figures are then from an older scan. */
  scanError: string | null;
  /** The scan the previous digest described; null for the first digest. */
  sinceScanId: number | null;
  /** Open function findings by severity, each once (snoozed, accepted and account ones not counted). */
  totals: Record<Severity, number>;
  /** How `totals` relates to the scan's count; null without a scan. */
  counted: CountReconciliation | null;
  /** New function findings, most severe first. */
  newFindings: DigestFinding[];
  fixedFindings: DigestFinding[];
  /** Open findings that name a way in from the internet, new or not. */
  openPaths: number;
  /** Open account and region findings, each once; and those fixed since the last digest. */
  accountFindings: DigestAccountFinding[];
  fixedAccountFindings: DigestFinding[];
  riskiest: DigestFunction[];
  snoozed: number;
  accepted: number;
  /** Functions (or whole regions, `*`) the scan could not read at all. */
  failed: ScanGap[];
  /** Parts of functions the scan could not read: their findings may be missing. */
  unverified: ScanGap[];
}

export interface BuildOptions {
  now?: Date;
  scanError?: string | null;
  /** How many functions "riskiest" lists. */
  riskiest?: number;
}

function zero(): Record<Severity, number> {
  return countBySeverity([]);
}

/** Most severe first; then by function, then by check, so the order is stable between runs. */
function bySeverity(a: DigestFinding, b: DigestFinding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.functionName.localeCompare(b.functionName) ||
    a.check.localeCompare(b.check) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

const OPEN_PATH_CHECKS = new Set(
  checks.filter((c) => c.categories.includes('internet-exposed')).map((c) => c.id),
);

/** True for the pseudo-function under which the store keeps an account and region's findings. */
export function isAccountEntry(entry: {
  functionArn: string;
  accountId: string | null;
  region: string;
}): boolean {
  return entry.functionArn === accountResource({ accountId: entry.accountId ?? '', region: entry.region });
}

function toDigestFinding(f: FindingRecord): DigestFinding {
  const on = f.functions.length
    ? f.functions.map(({ functionName, functionArn }) => ({ functionName, functionArn }))
    : [{ functionName: parseFunctionArn(f.functionArn)?.name ?? f.functionArn, functionArn: f.functionArn }];
  const first = on[0] as DigestFinding['on'][number];
  return {
    fingerprint: f.fingerprint,
    check: f.check,
    severity: f.severity,
    title: f.title,
    detail: f.detail,
    functionName: first.functionName,
    functionArn: first.functionArn,
    accountId: f.accountId,
    region: f.region,
    functions: on.length,
    on,
    openPath: OPEN_PATH_CHECKS.has(f.check),
  };
}

/** Riskiest first (the model's compareRisk), by the open findings of each function, read a page at a time. */
async function riskiest(store: Store, limit: number): Promise<DigestFunction[]> {
  const row = (fn: DigestFunction) => ({ name: fn.functionName, counts: fn.counts, key: fn.functionArn });
  const kept: DigestFunction[] = [];
  for await (const page of store.openCountsByFunction()) {
    kept.push(...page);
    kept.sort((a, b) => compareRisk(row(a), row(b)));
    kept.splice(limit);
  }
  return kept;
}

/**
 * What the digest counts of the findings open, snoozed or accepted, gathered a page at a time:
 * function findings' totals and reconciliation parts, and the account and region findings open
 * (few: one per check, account and region), kept whole.
 */
interface OpenTally {
  totals: Record<Severity, number>;
  open: number;
  /** Open findings' functions beyond the first (see CountReconciliation.shared). */
  shared: number;
  /** Snoozed or accepted findings the latest scan saw, once per function. */
  decided: number;
  openPaths: number;
  snoozed: number;
  accepted: number;
  accountFindings: FindingRecord[];
}

async function tallyOpen(store: Store, scan: ScanRecord | null): Promise<OpenTally> {
  const tally: OpenTally = {
    totals: zero(),
    open: 0,
    shared: 0,
    decided: 0,
    openPaths: 0,
    snoozed: 0,
    accepted: 0,
    accountFindings: [],
  };
  for await (const page of store.findingPages({ states: ['open', 'snoozed', 'accepted'] })) {
    for (const f of page) {
      if (isAccountEntry(f)) {
        if (f.state === 'open') tally.accountFindings.push(f);
        continue;
      }
      if (f.state === 'open') {
        tally.totals[f.severity] += 1;
        tally.open += 1;
        tally.shared += Math.max(0, f.functions.length - 1);
        if (OPEN_PATH_CHECKS.has(f.check)) tally.openPaths += 1;
        continue;
      }
      if (f.state === 'snoozed') tally.snoozed += 1;
      else tally.accepted += 1;
      if (f.lastScanId === scan?.id) tally.decided += f.functions.length;
    }
  }
  return tally;
}

/**
 * The scan a new digest compares with: the one the previous digest described or, before any
 * digest, the latest scan stored (by `lambda-audit scan`). Ask before recording the new scan.
 * Null when the store is empty: the first digest then lists everything open.
 */
export async function digestBaseline(store: Store, slotKey: string): Promise<number | null> {
  return (await store.previousDigestScanId(slotKey)) ?? (await store.latestScan())?.id ?? null;
}

/**
 * Builds the digest from the store: open totals, what opened and closed after scan
 * `sinceScanId` (everything open, for the first digest), the riskiest functions, how many are
 * snoozed or accepted, and what the latest scan could not see.
 */
export async function buildDigest(
  store: Store,
  sinceScanId: number | null,
  options: BuildOptions = {},
): Promise<Digest> {
  const scan = await store.latestScan();
  const [tally, opened, fixed, top] = await Promise.all([
    tallyOpen(store, scan),
    store.findings({ states: ['open'], openedAfterScan: sinceScanId }),
    sinceScanId === null
      ? Promise.resolve([])
      : store.findings({ states: ['fixed'], fixedAfterScan: sinceScanId }),
    riskiest(store, options.riskiest ?? 5),
  ]);
  const gaps = scan ? await store.scanGaps(scan.id) : [];
  const newOnes = new Set(opened.map((f) => f.fingerprint));
  const accountFindings = tally.accountFindings
    .map((f) => ({ ...toDigestFinding(f), isNew: newOnes.has(f.fingerprint) }))
    .sort(bySeverity);
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    scan,
    scanError: options.scanError ?? null,
    sinceScanId,
    totals: tally.totals,
    counted: scan ? reconcile(scan, tally) : null,
    newFindings: opened
      .filter((f) => !isAccountEntry(f))
      .map(toDigestFinding)
      .sort(bySeverity),
    fixedFindings: fixed
      .filter((f) => !isAccountEntry(f))
      .map(toDigestFinding)
      .sort(bySeverity),
    openPaths: tally.openPaths,
    accountFindings,
    fixedAccountFindings: fixed.filter(isAccountEntry).map(toDigestFinding).sort(bySeverity),
    riskiest: top,
    snoozed: tally.snoozed,
    accepted: tally.accepted,
    failed: gaps.filter((g) => g.kind === 'failed'),
    unverified: gaps.filter((g) => g.kind === 'unverified'),
  };
}

/**
 * The scan counts every finding once per function it is on; the digest counts what the store
 * tracks, once. The difference, in parts: findings shared by several functions, snoozed and
 * accepted ones, and open ones the scan could not see again (`carried`, the remainder).
 */
function reconcile(scan: ScanRecord, tally: OpenTally): CountReconciliation {
  const scanCounted = Object.values(scan.bySeverity).reduce((a, b) => a + b, 0);
  const { open, shared, decided } = tally;
  return { scanCounted, open, shared, decided, carried: open + shared + decided - scanCounted };
}

/** True when the digest cannot vouch for everything: it must say so before anything else. */
export function hasBlindSpots(digest: Digest): boolean {
  return (
    digest.scanError !== null ||
    digest.scan === null ||
    digest.failed.length > 0 ||
    digest.unverified.length > 0
  );
}

/** One failed read: where, which API, why, and what it left unread. */
export interface GapGroup {
  kind: ScanGap['kind'];
  accountId: string | null;
  region: string;
  api: string | null;
  area: string | null;
  /** The first gap's reason (the others differ at most by the function's ARN). */
  reason: string;
  /** Function names it left unread; `*` when a whole region's listing failed. */
  functions: string[];
  /** The account and region's own read (GuardDuty, ...) failed, beside or instead of functions'. */
  account: boolean;
}

/**
 * Gaps grouped by the read that failed: account, region, API and reason (with the function's
 * own ARN taken out of it). A read done once per account and region (alarms, trails, event
 * source mappings) fails the same way for every function there: one group, listed once.
 */
export function gapsByRead(gaps: readonly ScanGap[]): GapGroup[] {
  const groups = new Map<string, GapGroup>();
  for (const gap of gaps) {
    const reason = gap.functionArn === '*' ? gap.reason : gap.reason.split(gap.functionArn).join('…');
    const key = [gap.kind, gap.accountId, gap.region, gap.api, gap.area, reason].join('\u0000');
    const group = groups.get(key) ?? {
      kind: gap.kind,
      accountId: gap.accountId,
      region: gap.region,
      api: gap.api,
      area: gap.area,
      reason: gap.reason,
      functions: [],
      account: false,
    };
    if (isAccountEntry(gap)) group.account = true;
    else group.functions.push(gap.functionName);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) =>
      Number(b.account) - Number(a.account) ||
      b.functions.length - a.functions.length ||
      a.region.localeCompare(b.region) ||
      (a.api ?? '').localeCompare(b.api ?? ''),
  );
}
