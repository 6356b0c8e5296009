/**
 * Effective permissions of a set of identity policies, judged on their union (an escalation split
 * across two policies is one escalation). Per action: the Allow statements that match it, their
 * resources narrowed to those the action can apply to, minus what unconditional Deny statements
 * cover. A conditional Deny is not definitive: it is remembered, never subtracted.
 */
import { actionListMatches, allActions, expandActionList } from './actions.js';
import { actionCount, type CatalogAction, lookupAction } from './catalog.js';
import { globIntersects, globMatch, globSubset } from './glob.js';
import type { NormalCondition, NormalStatement, StatementRef } from './normalise.js';
import { type PassTarget, passTarget } from './pass-role.js';
import { type EngineContext, patternApplies, type ResourceScope, scopeCoversAll } from './resources.js';

/** One way the policies allow one action. */
export interface Grant {
  action: CatalogAction;
  /** Resources after applicability and Deny subtraction; never empty. */
  scope: ResourceScope;
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

function isStar(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

/** Does an unconditional Deny's scope cover every resource the Allow pattern names? */
function denyCovers(deny: ResourceScope, pattern: string): boolean {
  if (deny.not) return !deny.patterns.some((n) => globIntersects(pattern, n));
  return deny.patterns.some((d) => globSubset(pattern, d));
}

/** The Allow scope minus what the Denies cover, or null when nothing is left. */
function subtract(scope: ResourceScope, denies: readonly ResourceScope[]): ResourceScope | null {
  if (denies.length === 0) return scope;
  if (scope.not) {
    // Every resource but a few, minus a Deny on everything, is nothing; narrower Denies leave it broad.
    return denies.some((d) => !d.not && d.patterns.some(isStar)) ? null : scope;
  }
  const patterns = scope.patterns.filter((p) => !denies.some((d) => denyCovers(d, p)));
  return patterns.length > 0 ? { not: false, patterns } : null;
}

function scopeOf(statement: NormalStatement): ResourceScope {
  return { not: statement.notResource, patterns: statement.resources };
}

function matchesResource(statement: NormalStatement, resource: string): boolean {
  const hit = statement.resources.some((p) => globMatch(p, resource));
  return statement.notResource ? !hit : hit;
}

export class Permissions {
  private readonly allows: readonly NormalStatement[];
  private readonly hardDenies: readonly NormalStatement[];
  private readonly softDenies: readonly NormalStatement[];
  private readonly memo = new Map<CatalogAction, readonly Grant[]>();
  private granted: readonly CatalogAction[] | undefined;
  private candidates: readonly CatalogAction[] | undefined;
  private readonly derived = new Map<string, unknown>();

  constructor(
    readonly statements: readonly NormalStatement[],
    readonly ctx: EngineContext,
  ) {
    this.allows = statements.filter((s) => s.effect === 'Allow');
    this.hardDenies = statements.filter((s) => s.effect === 'Deny' && s.conditions.length === 0);
    this.softDenies = statements.filter((s) => s.effect === 'Deny' && s.conditions.length > 0);
  }

  /** The effective Allow grants of one action (`service:Action` or a catalog entry). */
  grants(actionOrId: CatalogAction | string): readonly Grant[] {
    const action = typeof actionOrId === 'string' ? lookupAction(actionOrId) : actionOrId;
    const cached = this.memo.get(action);
    if (cached) return cached;
    const denies = this.hardDenies
      .filter((d) => actionListMatches(d.actions, d.notAction, action))
      .map(scopeOf);
    const out: Grant[] = [];
    for (const s of this.allows) {
      if (!actionListMatches(s.actions, s.notAction, action)) continue;
      let scope: ResourceScope | null = s.notResource
        ? s.resources.some(isStar)
          ? null
          : scopeOf(s)
        : { not: false, patterns: s.resources.filter((p) => patternApplies(p, action)) };
      if (scope && !scope.not && scope.patterns.length === 0) scope = null;
      if (scope) scope = subtract(scope, denies);
      if (!scope) continue;
      out.push({
        action,
        scope,
        conditional: s.conditions.length > 0,
        conditions: s.conditions,
        ref: s.ref,
        statement: s,
        passTo: action.id === 'iam:PassRole' ? passTarget(s.conditions) : ANY,
      });
    }
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
      this.hardDenies.some((d) => actionListMatches(d.actions, d.notAction, action))
    ) {
      return this.grants(action).length > 0;
    }
    return this.allows.some(
      (s) =>
        actionListMatches(s.actions, s.notAction, action) &&
        (s.notResource ? !s.resources.some(isStar) : s.resources.some((p) => patternApplies(p, action))),
    );
  }

  /** The grants of the action that cover every resource of its type ("on *"). */
  grantsOnAll(action: CatalogAction | string): readonly Grant[] {
    return this.grants(action).filter((g) => scopeCoversAll(g.scope, g.action, this.ctx));
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

  /** Actions some Allow could name, before resources and Deny: the candidates to judge. */
  candidateActions(): readonly CatalogAction[] {
    if (!this.candidates) {
      if (this.allows.some((s) => !s.notAction && s.actions.some((a) => a === '*' || a === '*:*'))) {
        this.candidates = allActions();
      } else if (this.allows.length === 1) {
        this.candidates = expandActionList(this.allows[0]!.actions, this.allows[0]!.notAction);
      } else {
        const lists = this.allows.map((s) => expandActionList(s.actions, s.notAction));
        // A bitmap over action ordinals: unions of near-complete lists (NotAction) without a big Set.
        const seen = new Uint8Array(actionCount());
        const out: CatalogAction[] = [];
        for (const list of lists) {
          for (const a of list) {
            if (seen[a.ordinal] === 1) continue;
            seen[a.ordinal] = 1;
            out.push(a);
          }
        }
        this.candidates = out;
      }
    }
    return this.candidates;
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
    const applies = (s: NormalStatement) =>
      actionListMatches(s.actions, s.notAction, action) && matchesResource(s, resource);
    if (this.hardDenies.some(applies)) return 'denied';
    const allowed = this.allows.some(
      (s) => applies(s) && (s.notResource || s.resources.some((p) => patternApplies(p, action))),
    );
    return allowed ? 'allowed' : 'implicit';
  }
}
