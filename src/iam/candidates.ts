/**
 * The actions some Allow could name, before resources and Deny: what the role checks judge. A
 * list that names actions across the catalog (`*`, `NotAction`) is answered service by service
 * and level by level from the catalog's names, so a question about Permissions management
 * actions on AdministratorAccess builds ~400 catalog entries, not ~22,000. Every answer keeps one
 * order: statement by statement, each statement's actions in catalog order.
 */
import {
  type ActionFilter,
  actionListMatches,
  allActions,
  expandActionList,
  expandActionListWhere,
  isBroadList,
  servicesNamed,
} from './actions.js';
import { actionCount, type CatalogAction, findServiceAction, serviceKeys } from './catalog.js';
import type { NormalStatement } from './normalise.js';

/** The union of action lists, first occurrence first; a bitmap over ordinals, not a big Set. */
function union(lists: readonly (readonly CatalogAction[])[]): readonly CatalogAction[] {
  if (lists.length === 1) return lists[0]!;
  const seen = new Uint8Array(actionCount());
  const out: CatalogAction[] = [];
  for (const list of lists) {
    for (const a of list) {
      if (seen[a.ordinal] === 1) continue;
      seen[a.ordinal] = 1;
      out.push(a);
    }
  }
  return out;
}

export class Candidates {
  /** Some Allow names `*` (or `*:*`): every catalog action is a candidate, and only those. */
  private readonly star: boolean;
  private everything: readonly CatalogAction[] | undefined;
  private services: readonly string[] | undefined;
  private narrowByService: Map<string, CatalogAction[]> | undefined;

  constructor(private readonly allows: readonly NormalStatement[]) {
    this.star = allows.some((s) => !s.notAction && s.actions.some((a) => a === '*' || a === '*:*'));
  }

  /** Every candidate. Builds every entry a broad list names: prefer `where` and `some`. */
  all(): readonly CatalogAction[] {
    this.everything ??= this.star
      ? allActions()
      : union(this.allows.map((s) => expandActionList(s.actions, s.notAction)));
    return this.everything;
  }

  /** The candidates that pass `filter`, in the order of `all()`. */
  where(filter: ActionFilter): readonly CatalogAction[] {
    if (this.star) return expandActionListWhere(['*'], false, filter);
    return union(this.allows.map((s) => expandActionListWhere(s.actions, s.notAction, filter)));
  }

  /** The services of the candidates, in the order of `all()`. */
  serviceList(): readonly string[] {
    if (!this.services) {
      const lists = this.star
        ? [serviceKeys().filter((s) => findServiceAction(s, () => true))]
        : this.allows.map((s) =>
            isBroadList(s.actions, s.notAction)
              ? servicesNamed(s.actions, s.notAction).filter((service) =>
                  findServiceAction(service, (a) => actionListMatches(s.actions, s.notAction, a)),
                )
              : expandActionList(s.actions, s.notAction).map((a) => a.service),
          );
      this.services = [...new Set(lists.flat())];
    }
    return this.services;
  }

  /** Does some candidate of the service pass `test`? Entries are built one by one until one does. */
  some(service: string, test: (action: CatalogAction) => boolean): boolean {
    if (this.star) return findServiceAction(service, test) !== undefined;
    if (this.narrow().get(service)?.some(test)) return true;
    return this.allows.some(
      (s) =>
        isBroadList(s.actions, s.notAction) &&
        findServiceAction(service, (a) => actionListMatches(s.actions, s.notAction, a) && test(a)) !==
          undefined,
    );
  }

  /** The candidates of the lists that are not broad, by service, each once. */
  private narrow(): Map<string, CatalogAction[]> {
    if (!this.narrowByService) {
      this.narrowByService = new Map();
      const lists = this.allows
        .filter((s) => !isBroadList(s.actions, s.notAction))
        .map((s) => expandActionList(s.actions, s.notAction));
      for (const a of union(lists)) {
        const list = this.narrowByService.get(a.service);
        if (list) list.push(a);
        else this.narrowByService.set(a.service, [a]);
      }
    }
    return this.narrowByService;
  }
}
