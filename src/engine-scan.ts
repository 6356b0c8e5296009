/**
 * The engine's scan: which accounts and regions (scan-accounts.ts), cut into account-region
 * units that run concurrently, each paced by its account's own quotas (scan-units.ts), each
 * unit audited by scan.ts. Kept apart from engine.ts, which wires the accounts' clients.
 */
import { auditAccount } from './account-audit.js';
import { auditSnapshot } from './audit.js';
import type { FunctionIndex } from './collect/function-index.js';
import type { RoleReader } from './collect/role.js';
import { Budget } from './concurrency.js';
import type { Config } from './config.js';
import type { ScanRequest } from './engine-contract.js';
import { UsageError } from './errors.js';
import type { ScanReport, ScanResult } from './model.js';
import { scan } from './scan.js';
import {
  type AccountPlan,
  accountEntry,
  organizationAccounts,
  planAccounts,
  type ScanAccount,
  unreachableReport,
  unreachableUnitReport,
} from './scan-accounts.js';
import { HeldWhileUnitsLeft } from './scan-held.js';
import { memoryLedger, runUnits, type ScanUnit, type UnitProgress, type UnitResults } from './scan-units.js';

/**
 * Functions audited at once in all units together, up to 16 in each unit: memory grows with what
 * is in flight (~75 KB a function against the fake), and two functions at a time already keep an
 * account-region at its Lambda quota; the quotas, not this, set the pace.
 */
const FUNCTIONS_IN_FLIGHT = 256;
const FUNCTIONS_IN_FLIGHT_PER_UNIT = 16;
/** How long a unit's claim holds without renewal (renewed every third of it while it runs). */
const UNIT_LEASE_MS = 120_000;

export interface ScanDeps {
  config: Config;
  clock: () => Date;
  /** The bot's own account and AUDIT_ACCOUNT_ROLES's. */
  accounts: readonly ScanAccount[];
  /** An organization member by id (assumes AUDIT_ORG_ROLE_NAME there). */
  member: (id: string) => ScanAccount;
  /** Who shares a role, asked of `regions` in the account; held (with its roles) until the account's last unit is done. */
  functionsOf: (account: ScanAccount, regions: readonly string[]) => FunctionIndex;
  /** The audit settings for these accounts (each other's trusted accounts). */
  settingsFor: (accounts: readonly ScanAccount[]) => Config;
  /** A fresh role reader: a scan reads each role once (per account: RoleReader.forAccount) for all its functions. */
  roles: () => RoleReader;
}

export async function scanAccounts(
  deps: ScanDeps,
  regions: readonly string[],
  onProgress?: (done: number, total: number) => void,
  request: ScanRequest = {},
): Promise<ScanResult> {
  const { config } = deps;
  const now = deps.clock();
  const homeRegion = config.regions[0] ?? 'us-east-1';
  const org = request.org ?? config.organization.roleName !== null;
  if (org && config.organization.roleName === null)
    throw new UsageError(
      'scan --org needs AUDIT_ORG_ROLE_NAME: the role to assume in each account of the organization (see README.md, "Several accounts")',
    );
  const home = deps.accounts[0] as ScanAccount;
  const scanned = org ? await organizationAccounts(home, config, deps.member) : deps.accounts;
  // With AUDIT_REGIONS=all, asking for the configured regions means each account's enabled ones.
  const allRegions = config.allRegions && regions.every((r) => config.regions.includes(r));
  const plan = await planAccounts(scanned, regions, { allRegions, homeRegion });
  // With listed regions, an account is entered when this replica claims one of its units.
  const enter = accountEntry(plan.unreachable);
  const settings = deps.settingsFor(scanned);
  // AWS-managed policy documents are read once for the scan; each account's roles by its own reader.
  const scanRoles = deps.roles();
  const byId = new Map(plan.covered.map((c) => [c.account.id, c]));
  const held = new HeldWhileUnitsLeft<string, { functions: FunctionIndex; roles: RoleReader }>(
    (id) => (byId.get(id) as AccountPlan['covered'][number]).regions.length,
    (id) => {
      const covered = byId.get(id) as AccountPlan['covered'][number];
      const functions = deps.functionsOf(covered.account, [
        ...new Set([...(allRegions ? [] : config.regions), ...covered.regions]),
      ]);
      return { functions, roles: scanRoles.forAccount() };
    },
    // An organization member's clients too (a service's client per region: ~0.25 MB an
    // account-region against the fake), made anew if the account is scanned again; the bot's own
    // accounts keep theirs, which its audits share.
    (id) => {
      const { account } = byId.get(id) as AccountPlan['covered'][number];
      if (!deps.accounts.some((own) => own.pool === account.pool)) account.pool.destroy();
    },
  );
  const functionsInFlight = new Budget(FUNCTIONS_IN_FLIGHT);
  // What a unit holds while it runs grows with its functions (listing, the region's reads, its
  // roles' analyses, its sources): units in flight at once are bounded by their functions too.
  const functionsHeld = new Budget(config.scanHeldFunctions);
  const counted = new Map<string, { done: number; total: number }>();
  const functionsProgress = () => {
    let done = 0;
    let total = 0;
    for (const c of counted.values()) {
      done += c.done;
      total += c.total;
    }
    onProgress?.(done, total);
  };

  const scanUnit = async (unit: ScanUnit, results: UnitResults): Promise<ScanReport> => {
    const covered = byId.get(unit.account);
    if (!covered) {
      const unreachable = plan.unreachable.find((u) => u.accountId === unit.account);
      return unreachableReport(unreachable as AccountPlan['unreachable'][number], []);
    }
    const account = covered.account;
    const refused = allRegions ? null : await enter(account);
    if (refused) return unreachableUnitReport(refused, unit.region, covered.regions);
    const { functions, roles } = held.get(account.id);
    const report = await scan({
      scopes: [
        { account: account.id, region: unit.region, clients: account.pool.get(unit.region), functions },
      ],
      now,
      logWindowMs: config.logWindowHours * 3_600_000,
      roles,
      audit: (snapshot) => auditSnapshot(snapshot, settings, now),
      auditAccount: (snapshot) => auditAccount(snapshot, settings, now),
      functionDeadlineMs: config.time.scanFunctionDeadlineMs,
      concurrency: FUNCTIONS_IN_FLIGHT_PER_UNIT,
      inFlight: functionsInFlight,
      held: functionsHeld,
      skip: results.done,
      onFunction: results.keep,
      onProgress: (done, total) => {
        counted.set(`${unit.account}/${unit.region}`, { done, total });
        functionsProgress();
      },
    });
    held.unitDone(account.id);
    return report;
  };

  const onUnits = request.onUnits;
  const units: ScanUnit[] = [
    ...plan.covered.flatMap((c) => c.regions.map((region) => ({ account: c.account.id, region }))),
    // An account that could not be entered is one unit too: its failure is kept with the rest.
    ...plan.unreachable.map((u) => ({ account: u.accountId, region: '*' })),
  ];
  const { result } = await runUnits(units, {
    ledger: request.ledger ?? memoryLedger(),
    owner: request.owner ?? 'this-process',
    concurrency: config.scanUnits,
    leaseMs: request.unitLeaseMs ?? UNIT_LEASE_MS,
    ...(request.pollMs !== undefined ? { pollMs: request.pollMs } : {}),
    ...(request.runKey !== undefined ? { key: request.runKey } : {}),
    ...(request.helpOnly ? { help: true } : {}),
    now: () => performance.now(),
    scanUnit,
    // The accounts that could not be entered ride along, so progress shows its gaps from the start.
    ...(onUnits
      ? { onProgress: (units: UnitProgress) => onUnits({ ...units, unreachable: plan.unreachable }) }
      : {}),
  });
  return result;
}
