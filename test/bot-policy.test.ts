import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSUME_ROLE_ACTIONS } from '../src/aws/assume-role.js';
import { botPolicyJson } from '../src/bot-policy.js';
import { checks } from '../src/checks/index.js';
import {
  CHANGE_EVENT_READS,
  CHANGE_QUEUE_ACTIONS,
  CHANGE_QUEUE_ARN,
  COLLECTOR_ACTIONS,
  ORGANIZATION_READS,
} from '../src/collect/permissions.js';
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

  it('declares every AWS action the collectors and the AWS layer name', () => {
    const named = new Set<string>();
    const files = [
      ...sources(packagePath('src', 'collect')),
      ...sources(packagePath('src', 'aws')),
      packagePath('src', 'scan.ts'),
      packagePath('src', 'engine.ts'),
    ];
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /'((?:lambda|logs|iam|sts|sqs|cloudwatch|cloudtrail|guardduty|ec2|organizations|account):[A-Z][A-Za-z]+)'/g,
      )) {
        named.add(match[1] as string);
      }
    }
    const declared = [
      ...COLLECTOR_ACTIONS,
      ...ASSUME_ROLE_ACTIONS,
      ...CHANGE_QUEUE_ACTIONS,
      ...CHANGE_EVENT_READS,
      ...ORGANIZATION_READS,
    ];
    expect([...named].filter((a) => !declared.includes(a))).toEqual([]);
  });

  it('grants reads only, sts:AssumeRole on roles only, and the queue actions on the change-events queue only', () => {
    const policy = JSON.parse(botPolicyJson(checks)) as {
      Statement: { Sid: string; Action: string[]; Resource: string }[];
    };
    const [reads, assume, queue, changeReads, organization, ...more] = policy.Statement;
    expect(more).toEqual([]);
    expect(organization?.Action).toEqual([...ORGANIZATION_READS]);
    expect(queue).toMatchObject({ Action: [...CHANGE_QUEUE_ACTIONS], Resource: CHANGE_QUEUE_ARN });
    expect(changeReads?.Action.filter((a) => !/:(Get|List)/.test(a))).toEqual([]);
    expect(
      reads?.Action.filter(
        (a) => !/:(Get|GET$|List|Describe|Filter|StartQuery|GenerateServiceLastAccessedDetails)/.test(a),
      ),
    ).toEqual([]);
    expect(assume).toMatchObject({ Action: ['sts:AssumeRole'], Resource: 'arn:*:iam::*:role/*' });
  });
});
