/**
 * Effective permissions of a set of identity policies, judged on their union (an escalation split
 * across two policies is one escalation). Per action: the Allow statements that match it, their
 * resources narrowed per resource type to those the action can apply to, minus what unconditional
 * Deny statements cover of each type. A conditional Deny is not definitive: it is remembered,
 * never subtracted.
 */
import { type ActionFilter, actionListMatches, expandActionList, isBroadList } from './actions.js';
import { typeHere } from './arn-pattern.js';
import { Candidates } from './candidates.js';
import { type CatalogAction, lookupAction } from './catalog.js';
import type { NormalCondition, NormalStatement, StatementRef } from './normalise.js';
import { type PassTarget, passTarget } from './pass-role.js';
import {
  allowTargets,
  denyCovers,
  type EngineContext,
  type ResourceScope,
  scopeApplies,
  scopeMatchesArn,
  type Target,
  targetCoversAll,
  targetMatches,
} from './resources.js';
import { neverHoldsForLambda } from './session-conditions.js';

/** One way the policies allow one action. */
export interface Grant {
  action: CatalogAction;
  /** The Allow's resources that still name something after Deny (its NotResource list as written). */
  scope: ResourceScope;
  /** The parts of the action's resource types the grant reaches; never empty. */
  targets: readonly Target[];
  /** The Allow carries a Condition block: it grants only in some requests. */
  conditional: boolean;
  conditions: readonly NormalCondition[];
  ref: StatementRef;
  /** The Allow statement it comes from. */
  statement: NormalStatement;
  /** For `iam:PassRole`: the services it may pass to (`any` for every other action). */
  passTo: PassTarget;
}

const ANY: PassTarget = { kind: 'any' };

/**
 * Actions that authorise several resources in one request and count only where every one is
 * allowed (checks.md: `ec2:RunInstances` needs its instance, image, network interface, security
 * group, subnet and volume).
 */
export const ALL_TYPES_REQUIRED: ReadonlyMap<string, readonly string[]> = new Map([
  ['ec2:runinstances', ['instance', 'image', 'network-interface', 'security-group', 'subnet', 'volume']],
]);

function scopeOf(statement: NormalStatement): ResourceScope {
  return { not: statement.notResource, patterns: statement.resources };
}

interface Scoped {
  statement: NormalStatement;
  scope: ResourceScope;
}

function scoped(statements: readonly NormalStatement[]): Scoped[] {
  return statements.map((statement) => ({ statement, scope: scopeOf(statement) }));
}

/** Do the targets (of one or several grants) reach every type in `types`? */
function reachesAll(targets: readonly Target[], types: readonly string[]): boolean {
  return types.every((t) => targets.some((x) => x.type === t));
}

/**
 * The statements that name each action, indexed once per permission set from the (process-wide
 * cached) expansions of their Action lists: asking "which statements apply to X" for thousands
 * of actions then costs a lookup, not a match against every statement.
 */
class ByAction {
  private index: Map<CatalogAction, Scoped[]> | undefined;
  /** Statements naming across the catalog (`*`, NotAction) or many actions: matched per query, not indexed. */
  private broad: Scoped[] = [];
  private readonly position = new Map<Scoped, number>();

  constructor(readonly all: readonly Scoped[]) {
    for (const [i, x] of all.entries()) this.position.set(x, i);
  }

  private matching(list: readonly Scoped[], action: CatalogAction): Scoped[] {
    return list.filter((x) => actionListMatches(x.statement.actions, x.statement.notAction, action));
  }

  of(action: CatalogAction): readonly Scoped[] {
    // Actions the catalog lacks appear in no expansion of a wildcard: match them one by one.
    if (!action.known) return this.matching(this.all, action);
    if (!this.index) {
      this.index = new Map();
      for (const x of this.all) {
        if (isBroadList(x.statement.actions, x.statement.notAction)) {
          this.broad.push(x);
          continue;
        }
        const actions = expandActionList(x.statement.actions, x.statement.notAction);
        if (actions.length > BROAD) {
          this.broad.push(x);
          continue;
        }
        for (const a of actions) {
          const list = this.index.get(a);
          if (list) list.push(x);
          else this.index.set(a, [x]);
        }
      }
    }
    const indexed = this.index.get(action) ?? [];
    if (this.broad.length === 0) return indexed;
    const broad = this.matching(this.broad, action);
    if (broad.length === 0) return indexed;
    // Statement order is evidence order: merge the two back into it.
    return [...indexed, ...broad].sort((x, y) => this.position.get(x)! - this.position.get(y)!);
  }
}

/** Above this many actions a statement is cheaper to match than to index. */
const BROAD = 2_000;

export class Permissions {
  private readonly allows: ByAction;
  private readonly hardDenies: ByAction;
  private readonly softDenies: readonly NormalStatement[];
  private readonly memo = new Map<CatalogAction, readonly Grant[]>();
  private granted: readonly CatalogAction[] | undefined;
  private readonly candidates: Candidates;
  private readonly derived = new Map<string, unknown>();

  constructor(
    readonly statements: readonly NormalStatement[],
    readonly ctx: EngineContext,
  ) {
    // An Allow under a condition a Lambda session never meets (MFA) grants nothing.
    this.allows = new ByAction(
      scoped(statements.filter((s) => s.effect === 'Allow' && !neverHoldsForLambda(s.conditions))),
    );
    this.hardDenies = new ByAction(
      scoped(statements.filter((s) => s.effect === 'Deny' && s.conditions.length === 0)),
    );
    this.softDenies = statements.filter((s) => s.effect === 'Deny' && s.conditions.length > 0);
    this.candidates = new Candidates(this.allows.all.map((a) => a.statement));
  }

  private denyScopes(action: CatalogAction): ResourceScope[] {
    return this.hardDenies.of(action).map((d) => d.scope);
  }

  /** The effective Allow grants of one action (`service:Action` or a catalog entry). */
  grants(actionOrId: CatalogAction | string): readonly Grant[] {
    const action = typeof actionOrId === 'string' ? lookupAction(actionOrId) : actionOrId;
    const cached = this.memo.get(action);
    if (cached) return cached;
    const denies = this.denyScopes(action);
    let out: Grant[] = [];
    for (const { statement: s, scope } of this.allows.of(action)) {
      const targets = allowTargets(scope, action, this.ctx.partition).filter(
        (t) => !denies.some((d) => denyCovers(d, t)),
      );
      if (targets.length === 0) continue;
      out.push({
        action,
        scope: scope.not ? scope : { not: false, patterns: [...new Set(targets.map((t) => t.source))] },
        targets,
        conditional: s.conditions.length > 0,
        conditions: s.conditions,
        ref: s.ref,
        statement: s,
        passTo: action.id === 'iam:PassRole' ? passTarget(s.conditions) : ANY,
      });
    }
    const types = ALL_TYPES_REQUIRED.get(action.key);
    if (
      types &&
      !reachesAll(
        out.flatMap((g) => g.targets),
        types,
      )
    )
      out = [];
    this.memo.set(action, out);
    return out;
  }

  /**
   * Is the action allowed anywhere at all? Bulk callers (every action of `*`) come here: without
   * a Deny on the action it answers without building grants, which keeps a scan's memory flat.
   */
  isAllowed(actionOrId: CatalogAction | string): boolean {
    const action = typeof actionOrId === 'string' ? lookupAction(actionOrId) : actionOrId;
    if (
      this.memo.has(action) ||
      ALL_TYPES_REQUIRED.has(action.key) ||
      this.hardDenies.of(action).length > 0
    ) {
      return this.grants(action).length > 0;
    }
    return this.allows.of(action).some(({ scope }) => scopeApplies(scope, action, this.ctx.partition));
  }

  /** The grants of the action that cover every resource of its type ("on *"). */
  grantsOnAll(actionOrId: CatalogAction | string): readonly Grant[] {
    const grants = this.grants(actionOrId);
    const onAll = grants.filter((g) => g.targets.some((t) => this.coversAll(g.action, t)));
    const types = grants[0] && ALL_TYPES_REQUIRED.get(grants[0].action.key);
    if (!types) return onAll;
    const covering = grants.flatMap((g) => g.targets.filter((t) => this.coversAll(g.action, t)));
    return reachesAll(covering, types) ? onAll : [];
  }

  /**
   * Does the target reach every resource of its type in the role's account ("on *")? A Deny of
   * the whole type there (`arn:aws:iam::<account>:role/*`) leaves only other accounts' resources.
   */
  coversAll(action: CatalogAction, target: Target): boolean {
    if (!targetCoversAll(target, this.ctx)) return false;
    if (target.type === null) return true;
    return !this.deniesTarget(action, { ...target, pattern: typeHere(target.whole, this.ctx) });
  }

  /** The grants that allow the action on this concrete ARN (none when a Deny names it). */
  grantsOn(actionOrId: CatalogAction | string, arn: string): readonly Grant[] {
    const action = typeof actionOrId === 'string' ? lookupAction(actionOrId) : actionOrId;
    if (this.denies(action, arn)) return [];
    return this.grants(action).filter((g) => g.targets.some((t) => targetMatches(t, arn)));
  }

  /** Does an unconditional Deny cover every resource of the target for the action? */
  deniesTarget(action: CatalogAction, target: Target): boolean {
    return this.denyScopes(action).some((d) => denyCovers(d, target));
  }

  /** Does an unconditional Deny name this concrete ARN for the action? */
  denies(actionOrId: CatalogAction | string, arn: string): boolean {
    const action = typeof actionOrId === 'string' ? lookupAction(actionOrId) : actionOrId;
    return this.hardDenies.of(action).some((d) => scopeMatchesArn(d.scope, arn, true));
  }

  /**
   * Caches a result derived from these permissions alone (a check's evidence, a proposal's
   * role-level part): every function sharing the role reuses it instead of recomputing.
   */
  derive<T>(key: string, compute: () => T): T {
    if (!this.derived.has(key)) this.derived.set(key, compute());
    return this.derived.get(key) as T;
  }

  /** Conditional Deny statements that may block the action (reported, never subtracted). */
  conditionalDenies(action: CatalogAction | string): StatementRef[] {
    const a = typeof action === 'string' ? lookupAction(action) : action;
    return this.softDenies.filter((d) => actionListMatches(d.actions, d.notAction, a)).map((d) => d.ref);
  }

  /**
   * Actions some Allow could name, before resources and Deny: the candidates to judge. With a
   * filter, only the entries it selects are built (see candidates.ts).
   */
  candidateActions(filter?: ActionFilter): readonly CatalogAction[] {
    return filter ? this.candidates.where(filter) : this.candidates.all();
  }

  /** The services of the candidates, in the order `candidateActions()` meets them. */
  candidateServices(): readonly string[] {
    return this.candidates.serviceList();
  }

  /** Does some candidate action of the service pass `test`? Stops at the first that does. */
  someCandidate(service: string, test: (action: CatalogAction) => boolean): boolean {
    return this.candidates.some(service, test);
  }

  /** Every action with at least one effective grant. */
  grantedActions(): readonly CatalogAction[] {
    this.granted ??= this.candidateActions().filter((a) => this.isAllowed(a));
    return this.granted;
  }

  /**
   * Request-level evaluation for one concrete resource: `denied` by an unconditional Deny,
   * `allowed` by some Allow (a conditional one counts: it may apply), else `implicit`.
   */
  evaluate(actionId: string, resource: string): 'allowed' | 'denied' | 'implicit' {
    const action = lookupAction(actionId);
    if (this.denies(action, resource)) return 'denied';
    const allowed = this.allows
      .of(action)
      .some(({ scope }) =>
        allowTargets(scope, action, this.ctx.partition).some((t) => targetMatches(t, resource)),
      );
    return allowed ? 'allowed' : 'implicit';
  }
}
