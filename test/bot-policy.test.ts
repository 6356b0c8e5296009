import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { botPolicyJson } from '../src/bot-policy.js';
import { checks } from '../src/checks/index.js';
import { COLLECTOR_ACTIONS } from '../src/collect/permissions.js';
import { packagePath } from '../src/paths.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('iam/bot-policy.json', () => {
  it('is the union of the declared actions (regenerate with `npm run bot-policy`)', () => {
    expect(readFileSync(packagePath('iam', 'bot-policy.json'), 'utf8')).toBe(botPolicyJson(checks));
  });

  it('declares every AWS action the collectors name', () => {
    const named = new Set<string>();
    for (const file of [...sources(packagePath('src', 'collect')), packagePath('src', 'scan.ts')]) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /'((?:lambda|logs|iam|sts):[A-Z][A-Za-z]+)'/g,
      )) {
        named.add(match[1] as string);
      }
    }
    expect([...named].filter((a) => !COLLECTOR_ACTIONS.includes(a))).toEqual([]);
  });

  it('grants reads only', () => {
    const policy = JSON.parse(botPolicyJson(checks)) as { Statement: { Action: string[] }[] };
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(
      actions.filter(
        (a) => !/:(Get|List|Describe|Filter|StartQuery|GenerateServiceLastAccessedDetails)/.test(a),
      ),
    ).toEqual([]);
  });
});
