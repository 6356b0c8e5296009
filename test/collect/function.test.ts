import { describe, expect, it } from 'vitest';
import { auditSnapshot } from '../../src/audit.js';
import { collectFunction } from '../../src/collect/function.js';
import { loadConfig } from '../../src/config.js';
import { AwsError } from '../../src/errors.js';
import { sampleWorld } from '../fakes/sample-world.js';
import { useSampleAws } from './sample-clients.js';

const aws = useSampleAws();

describe('collectFunction through the real SDK', () => {
  it('reads configuration, tags, policies of the function and its aliases, URLs, mappings and logs', async () => {
    const snapshot = await collectFunction(aws.clients, 'public-webhook', aws.options);
    expect(snapshot.accountId).toBe('123456789012');
    expect(snapshot.configuration.Runtime).toBe('nodejs18.x');
    expect(snapshot.tags).toEqual({ team: 'growth' });
    expect(snapshot.policies?.map((p) => p.qualifier)).toEqual([null, 'live']);
    expect(snapshot.urlConfigs?.[0]?.AuthType).toBe('NONE');
    expect(snapshot.eventSourceMappings).toEqual([]);
    expect(snapshot.codeSigning).toEqual({ config: null });
    expect(snapshot.logGroup?.group?.logGroupName).toBe('/aws/lambda/public-webhook');
    expect(snapshot.recentErrors?.counts.error).toBe(0);
    expect(snapshot.unverified).toEqual([]);
  });

  it('accepts an ARN and reads code signing and the log search', async () => {
    const arn = 'arn:aws:lambda:eu-central-1:123456789012:function:orders-api';
    const snapshot = await collectFunction(aws.clients, arn, aws.options);
    expect(snapshot.codeSigning?.config?.CodeSigningPolicies?.UntrustedArtifactOnDeployment).toBe('Enforce');
    expect(snapshot.concurrency).toEqual({ ReservedConcurrentExecutions: 50 });
  });

  it('never asks AWS the same thing twice', async () => {
    await collectFunction(aws.clients, 'public-webhook', aws.options);
    const counts = Object.fromEntries(aws.fake.calls);
    // One GetPolicy and one ListEventSourceMappings for the function and for its alias `live`
    // (Lambda lists a mapping only under the name it was made on); everything else once. No
    // ListFunctionEventInvokeConfigs: nothing invokes it asynchronously.
    expect(counts).toEqual({
      'lambda:GetFunction': 1,
      'lambda:GetPolicy': 2,
      'lambda:ListAliases': 1,
      'lambda:ListFunctionUrlConfigs': 1,
      'lambda:ListEventSourceMappings': 2,
      'lambda:GetFunctionCodeSigningConfig': 1,
      'logs:DescribeLogGroups': 1,
      'logs:FilterLogEvents': 1,
      // The role (AWS-managed policies included) and who shares it.
      'lambda:ListFunctions': 1,
      'iam:GetRole': 1,
      'iam:ListAttachedRolePolicies': 1,
      'iam:ListRolePolicies': 1,
      'iam:GetPolicy': 2,
      'iam:GetPolicyVersion': 2,
      'iam:GenerateServiceLastAccessedDetails': 1,
      'iam:GetServiceLastAccessedDetails': 2,
      // The region's alarms and trails (one trail: its status and selectors); the function is
      // not in a VPC, so no EC2 call.
      'cloudwatch:DescribeAlarms': 1,
      'cloudtrail:DescribeTrails': 1,
      'cloudtrail:GetTrailStatus': 1,
      'cloudtrail:GetEventSelectors': 1,
      // GuardDuty, for the account-and-region section an audit shows beside the function.
      'guardduty:ListDetectors': 1,
      'guardduty:GetDetector': 1,
    });
  });

  it('reads the event-invoke configs only when an asynchronous source (or an unread policy) needs them', async () => {
    const withSns = await collectFunction(aws.clients, 'sns-fanout', aws.options);
    expect(withSns.eventInvokeConfigs).toEqual([]);
    const without = await collectFunction(aws.clients, 'public-webhook', aws.options);
    expect(without.eventInvokeConfigs).toBeNull();
    aws.fake.setKnobs({ accessDenied: ['lambda:GetPolicy'] });
    const unread = await collectFunction(aws.clients, 'public-webhook', aws.options);
    expect(unread.eventInvokeConfigs).toEqual([]);
    expect(aws.fake.counts().calls['lambda:ListFunctionEventInvokeConfigs']).toBe(2);
  });

  it('turns AccessDenied on GetPolicy into a gap: no policy finding, no claim of privacy', async () => {
    aws.fake.setKnobs({ accessDenied: ['lambda:GetPolicy'] });
    const snapshot = await collectFunction(aws.clients, 'ops-hook', aws.options);
    expect(snapshot.policies).toBeNull();
    expect(snapshot.unverified).toEqual([
      expect.objectContaining({
        area: 'triggers',
        api: 'lambda:GetPolicy',
        reason: expect.stringMatching(/AccessDenied/),
      }),
    ]);
    const report = auditSnapshot(snapshot, loadConfig({}), new Date());
    expect(
      report.findings.filter((f) => f.check.startsWith('policy-') || f.check.startsWith('url-')),
    ).toEqual([]);
    expect(report.unverified.map((u) => u.api)).toContain('lambda:GetPolicy');
  });

  it('records a read that keeps failing as a gap and still completes', async () => {
    aws.fake.setKnobs({ failures: { 'logs:FilterLogEvents': { every: 1 } } });
    const snapshot = await collectFunction(aws.clients, 'image-resizer', aws.options);
    expect(snapshot.recentErrors).toBeNull();
    expect(snapshot.unverified.map((u) => u.api)).toEqual(['logs:FilterLogEvents']);
    expect(snapshot.logGroup?.group).not.toBeNull();
  });

  it('counts the kinds of failure in the log window and redacts the samples', async () => {
    const snapshot = await collectFunction(aws.clients, 'image-resizer', aws.options);
    expect(snapshot.recentErrors?.counts).toMatchObject({
      timeout: 2,
      outOfMemory: 1,
      unhandled: 1,
      error: 1,
    });
    expect(JSON.stringify(snapshot.recentErrors?.samples)).not.toMatch(/eyJhbGci/);
  });

  it('finds an event source mapping made on an alias, as a scan does', async () => {
    const world = sampleWorld();
    const region = world.accounts['123456789012']?.regions['eu-central-1'];
    const stream = region?.functions?.find((f) => f.Configuration.FunctionName === 'stream-processor');
    const mapping = region?.eventSourceMappings?.find((m) => m.FunctionArn.endsWith(':stream-processor'));
    if (!stream || !mapping) throw new Error('sample world changed');
    stream.Aliases = [{ Name: 'live', FunctionVersion: '3' }];
    mapping.FunctionArn = `${mapping.FunctionArn}:live`;
    aws.fake.setWorld(world);
    try {
      const snapshot = await collectFunction(aws.clients, 'stream-processor', aws.options);
      expect(snapshot.eventSourceMappings?.map((m) => m.FunctionArn)).toEqual([mapping.FunctionArn]);
    } finally {
      aws.fake.setWorld(sampleWorld());
    }
  });

  it('stops with an AwsError naming the function when it does not exist', async () => {
    const failure = collectFunction(aws.clients, 'no-such-function', aws.options);
    await expect(failure).rejects.toBeInstanceOf(AwsError);
    await expect(failure).rejects.toThrow('function no-such-function not found in eu-central-1');
  });
});
