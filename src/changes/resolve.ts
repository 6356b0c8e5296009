/**
 * From change targets to the functions to re-audit, over what is known of the account: the
 * function listing (roles, layers), which roles attach a managed policy, and each function's
 * trigger sources from its last audit. Pure; the loop gathers the inventory (only the parts the
 * targets need) and passes it in.
 */
import { parseArn } from '../arn.js';
import type { TriggerKind } from '../model.js';
import type { ChangeTarget } from './targets.js';

export interface InventoryFunction {
  arn: string;
  /** The execution role's ARN. */
  role: string;
  /** Layer version ARNs. */
  layers: readonly string[];
}

export interface Inventory {
  /** Functions listed in the affected accounts and regions. */
  functions: readonly InventoryFunction[];
  /** Role names attaching each managed policy asked about (ListEntitiesForPolicy). */
  policyRoles: ReadonlyMap<string, readonly string[]>;
  /** Each function's trigger sources, from its last audit. */
  sources: ReadonlyMap<string, readonly { kind: TriggerKind; source: string }[]>;
}

export const EMPTY_INVENTORY: Inventory = { functions: [], policyRoles: new Map(), sources: new Map() };

/** What the targets need read: listings per account, the policies to resolve, trigger sources. */
export interface InventoryNeeds {
  /** Accounts whose functions must be listed (roles, policies, layers). */
  listings: Set<string>;
  policies: Set<string>;
  /** Whether trigger sources are needed. */
  sources: boolean;
}

export function inventoryNeeds(targets: readonly ChangeTarget[]): InventoryNeeds {
  const needs: InventoryNeeds = { listings: new Set(), policies: new Set(), sources: false };
  for (const target of targets) {
    if (target.kind === 'role' || target.kind === 'layer') needs.listings.add(target.account);
    if (target.kind === 'policy') {
      needs.listings.add(target.account);
      needs.policies.add(target.policyArn);
    }
    if (target.kind === 'source') needs.sources = true;
  }
  return needs;
}

const roleNameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
const accountOf = (arn: string): string => parseArn(arn)?.account ?? '';
const regionOf = (arn: string): string => parseArn(arn)?.region ?? '';

function usesRole(fn: InventoryFunction, account: string, roleNames: readonly string[]): boolean {
  return accountOf(fn.role) === account && roleNames.includes(roleNameOf(fn.role));
}

function fedBy(target: Extract<ChangeTarget, { kind: 'source' }>, inventory: Inventory): string[] {
  const fed: string[] = [];
  for (const [arn, sources] of inventory.sources) {
    if (accountOf(arn) !== target.account || regionOf(arn) !== target.region) continue;
    const hit = sources.some(
      (s) =>
        target.triggers.includes(s.kind) &&
        (target.source === undefined || s.source === target.source) &&
        (target.prefix === undefined || s.source.startsWith(target.prefix)),
    );
    if (hit) fed.push(arn);
  }
  return fed;
}

/** The unqualified ARNs of the functions the targets can affect, each once, sorted. */
export function functionsFor(targets: readonly ChangeTarget[], inventory: Inventory): string[] {
  const found = new Set<string>();
  for (const target of targets) {
    switch (target.kind) {
      case 'function':
        found.add(target.arn);
        break;
      case 'role':
        for (const fn of inventory.functions)
          if (usesRole(fn, target.account, [target.roleName])) found.add(fn.arn);
        break;
      case 'policy': {
        const roles = inventory.policyRoles.get(target.policyArn) ?? [];
        for (const fn of inventory.functions) if (usesRole(fn, target.account, roles)) found.add(fn.arn);
        break;
      }
      case 'layer':
        for (const fn of inventory.functions)
          if (fn.layers.some((layer) => layer.startsWith(`${target.layerArn}:`))) found.add(fn.arn);
        break;
      case 'source':
        for (const arn of fedBy(target, inventory)) found.add(arn);
        break;
    }
  }
  return [...found].sort();
}
