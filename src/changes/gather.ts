/**
 * Gathers the inventory a batch of targets needs, and only that: function listings of the
 * accounts whose roles, policies or layers changed, the roles attaching changed policies, and
 * trigger sources (from the last audits: a scan the first time a source changes, then kept fresh
 * by every re-audit and renewed after a while).
 */
import { accountIdOf } from '../arn.js';
import type { Engine } from '../engine-contract.js';
import type { AuditReport, PathKind, TriggerKind } from '../model.js';
import { type Inventory, type InventoryFunction, inventoryNeeds } from './resolve.js';
import type { ChangeTarget } from './targets.js';

/** The AWS reads behind the inventory; the engine provides them for every audited account. */
export interface ChangeLookup {
  /** The functions of `account` (12 digits) in the configured regions. Throws when unreadable. */
  functions(account: string): Promise<InventoryFunction[]>;
  /** Names of the roles in `account` that attach `policyArn`. Throws when unreadable. */
  rolesAttaching(account: string, policyArn: string): Promise<string[]>;
}

type Sources = Map<string, { kind: TriggerKind; source: string }[]>;

/** How long trigger sources read by a scan are trusted before the next source change rescans. */
const SOURCES_TTL_MS = 30 * 60_000;

export class InventoryGatherer {
  private sources: { at: number; map: Sources } | null = null;

  constructor(
    private readonly lookup: ChangeLookup,
    private readonly engine: Pick<Engine, 'scan' | 'regions'>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Reads what `targets` need; throws (an AwsError) when a read fails. */
  async gather(targets: readonly ChangeTarget[]): Promise<Inventory> {
    const needs = inventoryNeeds(targets);
    const accounts = [...needs.listings];
    const [listings, policyRoles, sources] = await Promise.all([
      Promise.all(accounts.map((account) => this.lookup.functions(account))),
      Promise.all(
        [...needs.policies].map(async (policyArn) => {
          // An AWS-managed policy (account `aws`) is attached in the event's account.
          const owner = accountIdOf(policyArn) ?? accounts[0] ?? '';
          return [policyArn, await this.lookup.rolesAttaching(owner, policyArn)] as const;
        }),
      ),
      needs.sources ? this.triggerSources() : Promise.resolve(new Map() as Sources),
    ]);
    return { functions: listings.flat(), policyRoles: new Map(policyRoles), sources };
  }

  private async triggerSources(): Promise<Sources> {
    if (this.sources && this.clock() - this.sources.at < SOURCES_TTL_MS) return this.sources.map;
    const scan = await this.engine.scan(this.engine.regions);
    const map: Sources = new Map();
    for (const report of scan.functions) map.set(report.function.arn, sourcesOf(report));
    this.sources = { at: this.clock(), map };
    return map;
  }

  /** Keeps the trigger sources current with a fresh audit. */
  remember(report: AuditReport): void {
    this.sources?.map.set(report.function.arn, sourcesOf(report));
  }
}

/** The trigger kind a change target names for each path kind (null: no change event names it). */
const PATH_TRIGGERS: Record<PathKind, TriggerKind | null> = {
  url: 'url',
  policy: null,
  'apigateway-rest': 'apigateway',
  'apigateway-http': 'apigateway',
  'apigateway-websocket': 'apigateway',
  alb: 'alb',
  s3: 's3',
  sns: 'sns',
  sqs: 'sqs',
  eventbridge: 'events',
  schedule: 'events',
  kinesis: 'kinesis',
  dynamodb: 'dynamodb',
  kafka: 'kafka',
  other: null,
};

/** Every source that feeds the function: its triggers and its invocation paths. */
function sourcesOf(report: AuditReport): { kind: TriggerKind; source: string }[] {
  const fromPaths = report.paths.flatMap((p) => {
    const kind = PATH_TRIGGERS[p.kind];
    return kind ? [{ kind, source: p.source }] : [];
  });
  return [...report.triggers.map((t) => ({ kind: t.kind, source: t.source })), ...fromPaths];
}
