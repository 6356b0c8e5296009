/**
 * deploy/change-events.yaml: it loads, its rules match exactly the calls the watch loop acts on
 * (by eventName prefix, failed calls excluded), and its queue, dead-letter queue and queue policy
 * fit together. EventBridge's matching is reimplemented minimally (exact values, `prefix`,
 * `exists`) to run the fixtures through the rules.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseChangeEvent } from '../../src/changes/event.js';
import { targetsOf, WATCHED_CALLS } from '../../src/changes/targets.js';
import { CHANGE_QUEUE_ARN } from '../../src/collect/permissions.js';
import { packagePath } from '../../src/paths.js';
import { CHANGE_EVENT_FIXTURES, changeEventFixture } from '../fixtures/change-events/index.js';
import { parseYaml, type Yaml } from './yaml.js';

type Obj = { [key: string]: Yaml };
const template = parseYaml(readFileSync(packagePath('deploy', 'change-events.yaml'), 'utf8')) as Obj;
const resources = template.Resources as Obj;
const resource = (name: string) => resources[name] as Obj & { Properties: Obj };
const rules = Object.entries(resources).filter(
  ([, r]) =>
    (r as Obj).Type === 'AWS::Events::Rule' && ((r as Obj).Properties as Obj).EventBusName === 'default',
) as [string, Obj & { Properties: Obj }][];

/** EventBridge's matching, for the operators the template uses. */
function matches(pattern: Yaml, event: Yaml): boolean {
  if (Array.isArray(pattern))
    return pattern.some((p) => {
      if (p !== null && typeof p === 'object' && !Array.isArray(p)) {
        if ('prefix' in p) return typeof event === 'string' && event.startsWith(String(p.prefix));
        if ('exists' in p) return (event !== undefined) === p.exists;
      }
      return p === event;
    });
  const fields = pattern as Obj;
  const given = (event ?? {}) as Obj;
  return Object.entries(fields).every(([key, p]) => matches(p, given[key] as Yaml));
}

const matchingRules = (event: Yaml) =>
  rules.filter(([, r]) => matches(r.Properties.EventPattern as Yaml, event));

describe('deploy/change-events.yaml', () => {
  it('routes exactly the calls the loop acts on: every fixture with a target matches one rule, the rest none', () => {
    for (const name of CHANGE_EVENT_FIXTURES) {
      const envelope = changeEventFixture(name);
      const acted = targetsOf(parseChangeEvent(JSON.stringify(envelope))).length > 0;
      expect({ name, rules: matchingRules(envelope as unknown as Yaml).length }).toEqual({
        name,
        rules: acted ? 1 : 0,
      });
    }
  });

  it('matches Lambda names by prefix, whatever API version suffix they carry', () => {
    for (const eventName of [
      'AddPermission',
      'AddPermission20150331v2',
      'UpdateFunctionConfiguration20150331v2',
    ]) {
      const event = changeEventFixture('lambda-add-permission-public');
      event.detail.eventName = eventName;
      expect(matchingRules(event as unknown as Yaml).map(([id]) => id)).toEqual(['LambdaFunctionChanges']);
    }
  });

  it('lists the same (source, prefix) pairs as the loop’s catalogue', () => {
    const fromTemplate = rules.flatMap(([, r]) => {
      const pattern = r.Properties.EventPattern as Obj;
      const source = (pattern.source as string[])[0] as string;
      return ((pattern.detail as Obj).eventName as Obj[]).map((p) => `${source} ${String(p.prefix)}`);
    });
    const fromCode = WATCHED_CALLS.flatMap((c) =>
      c.prefixes.map((p) => `aws.${c.eventSource.replace('.amazonaws.com', '')} ${p}`),
    );
    expect(fromTemplate.sort()).toEqual(fromCode.sort());
  });

  it('gives the queue a dead-letter queue by redrive, and lets only its own rules send', () => {
    const queue = resource('ChangeEventsQueue').Properties;
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['ChangeEventsDeadLetterQueue', 'Arn'] },
      maxReceiveCount: { Ref: 'MaxReceiveCount' },
    });
    expect(queue.SqsManagedSseEnabled).toBe(true);
    const statement = (
      (resource('ChangeEventsQueuePolicy').Properties.PolicyDocument as Obj).Statement as Obj[]
    )[0] as Obj;
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
    });
    const sources = ((statement.Condition as Obj).ArnEquals as Obj)['aws:SourceArn'] as Obj[];
    const named = sources.map(
      (s) =>
        (s['Fn::GetAtt'] as string[] | undefined)?.[0] ?? ((s['Fn::If'] as Obj[])[1] as Obj)['Fn::GetAtt'],
    );
    const allRules = Object.entries(resources)
      .filter(([, r]) => (r as Obj).Type === 'AWS::Events::Rule')
      .map(([id]) => id);
    expect(named.map((n) => (Array.isArray(n) ? n[0] : n)).sort()).toEqual(allRules.sort());
  });

  it('names the queue as the bot policy grants it', () => {
    const name = ((template.Parameters as Obj).QueueName as Obj).Default;
    expect(CHANGE_QUEUE_ARN.endsWith(`:${String(name)}`)).toBe(true);
  });

  it('forwards to a central bus with a role in forwarder mode; the central bus admits the organization', () => {
    for (const [, rule] of rules) {
      const [target] = rule.Properties.Targets as Obj[];
      const [condition, central, forward] = (target as Obj)['Fn::If'] as [string, Obj, Obj];
      expect(condition).toBe('IsCentral');
      expect(central.Arn).toEqual({ 'Fn::GetAtt': ['ChangeEventsQueue', 'Arn'] });
      expect(forward).toMatchObject({
        Arn: { Ref: 'CentralEventBusArn' },
        RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] },
      });
    }
    expect(resource('CentralEventBusPolicy').Properties.Statement).toMatchObject({
      Action: 'events:PutEvents',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'SourceOrganizationId' } } },
    });
  });
});

describe('the test YAML reader', () => {
  it('reads what the template uses and refuses short-form tags', () => {
    expect(parseYaml('a: 1\nb:\n  - x: "q"\n    y: [p, 2]\n  - plain # comment\n')).toEqual({
      a: 1,
      b: [{ x: 'q', y: ['p', 2] }, 'plain'],
    });
    expect(() => parseYaml('a: !Ref B\n')).toThrowError(/unsupported YAML/);
  });
});
