/**
 * The world the fake AWS serves: accounts, regions, functions, roles, policies and log groups,
 * written in the shapes the AWS APIs answer with (PascalCase for Lambda and IAM, camelCase for
 * CloudWatch Logs). Fields the fake does not interpret pass through to the responses verbatim,
 * so a world can carry anything a real response would. See README.md for an example.
 */
import { readFileSync } from 'node:fs';
import type { WorldApiGatewayRegion } from './world-apigateway.js';
import type { WorldBucketsAccount, WorldBucketsRegion } from './world-buckets.js';
import type { WorldLoadBalancersRegion } from './world-load-balancers.js';
import type { WorldMessagesRegion } from './world-messages.js';
import type { WorldMonitoring } from './world-monitoring.js';
import type { WorldOrganization } from './world-organization.js';
import type { WorldStreamsRegion } from './world-streams.js';

/** A JSON value, for the fields the fake passes through without looking at them. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Passthrough = { [key: string]: Json | undefined };

/**
 * A point in time. A string is an ISO-8601 date; a non-negative number is epoch milliseconds;
 * a negative number means "that many milliseconds before the fake started" so that a world
 * file stays "recent" whenever it is loaded.
 */
export type WorldTime = string | number;

/** An IAM or resource policy document; a string is served verbatim (keeps its formatting). */
export type WorldPolicyDocument = { [key: string]: Json } | string;

export interface World {
  /** The account the default (non-assumed) credentials belong to; default: the first account. */
  defaultAccount?: string;
  /** Who the default credentials are; default `arn:aws:sts::<account>:assumed-role/lambda-audit/fake-session`. */
  callerArn?: string;
  accounts: Record<string, WorldAccount>;
  /** The organization Organizations serves (see world-organization.ts); absent: none. */
  organization?: WorldOrganization;
}

export interface WorldAccount extends WorldBucketsAccount {
  regions: Record<string, WorldRegion>;
  iam?: WorldIam;
  /**
   * The regions enabled in the account (ListRegions); the others answer every call with
   * UnrecognizedClientException. Absent: the default regions and any opt-in one in `regions`.
   */
  enabledRegions?: string[];
}

/** A region's Lambda contents; alarms, trails, GuardDuty and EC2 are in WorldMonitoring. */
export interface WorldRegion
  extends WorldMonitoring,
    WorldApiGatewayRegion,
    WorldMessagesRegion,
    WorldBucketsRegion,
    WorldStreamsRegion,
    WorldLoadBalancersRegion {
  functions?: WorldFunction[];
  /** Lambda's EventSourceMappingConfiguration; `FunctionArn` ties a mapping to a function (or alias). */
  eventSourceMappings?: WorldEventSourceMapping[];
  /** Lambda's CodeSigningConfig shape. */
  codeSigningConfigs?: WorldCodeSigningConfig[];
  logGroups?: WorldLogGroup[];
  /** SQS queues; their messages live in the fake (send them with `fake.sqs.enqueue`). */
  queues?: WorldQueue[];
}

/** Lambda's FunctionConfiguration; only FunctionName is required (the ARN is derived). */
export interface WorldFunctionConfiguration extends Passthrough {
  FunctionName: string;
  FunctionArn?: string;
  Role?: string;
  Version?: string;
}

export interface WorldFunction {
  Configuration: WorldFunctionConfiguration;
  Tags?: Record<string, string>;
  Concurrency?: { ReservedConcurrentExecutions?: number };
  /** The function's resource-based policy (GetPolicy without qualifier); absent: none. */
  Policy?: WorldPolicyDocument;
  Aliases?: WorldAlias[];
  /** Function URL configs; `Qualifier` names the alias a URL belongs to (absent: unqualified). */
  UrlConfigs?: WorldUrlConfig[];
  /** FunctionEventInvokeConfig; `FunctionArn` defaults to the function's `:$LATEST` ARN. */
  EventInvokeConfigs?: Passthrough[];
  CodeSigningConfigArn?: string;
}

export interface WorldAlias extends Passthrough {
  Name: string;
  FunctionVersion: string;
  /** The alias's own resource policy (GetPolicy with Qualifier=<alias>). Not part of the response. */
  Policy?: WorldPolicyDocument;
}

export interface WorldUrlConfig extends Passthrough {
  FunctionUrl: string;
  AuthType: 'NONE' | 'AWS_IAM';
  Qualifier?: string;
}

export interface WorldEventSourceMapping extends Passthrough {
  UUID: string;
  FunctionArn: string;
}

export interface WorldCodeSigningConfig extends Passthrough {
  CodeSigningConfigArn: string;
}

// A type alias, not an interface, so that it stays assignable to the pass-through Json type.
export type WorldLogEvent = {
  /** Epoch milliseconds, or negative: that many milliseconds before the fake started. */
  timestamp: number;
  message: string;
  logStreamName?: string;
};

export interface WorldLogGroup extends Passthrough {
  logGroupName: string;
  retentionInDays?: number;
  kmsKeyId?: string;
  events?: WorldLogEvent[];
}

/**
 * An SQS queue. `Attributes` are those GetQueueAttributes answers (strings), except that
 * `Policy`, `RedrivePolicy` and `RedriveAllowPolicy` may also be objects (served as JSON text).
 * `RedrivePolicy.deadLetterTargetArn` names another queue of the world.
 */
export interface WorldQueue {
  QueueName: string;
  Attributes?: Record<string, Json>;
}

export interface WorldIam {
  roles?: WorldRole[];
  /** Customer-managed policies. AWS-managed ones come from aws-managed-policies.json. */
  policies?: WorldManagedPolicy[];
}

export interface WorldRoleLastUsed {
  LastUsedDate?: WorldTime;
  Region?: string;
}

/** IAM's TrackedActionLastAccessed. */
export interface WorldTrackedAction {
  ActionName: string;
  LastAccessedEntity?: string;
  LastAccessedTime?: WorldTime;
  LastAccessedRegion?: string;
}

/** IAM's ServiceLastAccessed. */
export interface WorldServiceLastAccessed {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated?: WorldTime;
  LastAuthenticatedEntity?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities?: number;
  TrackedActionsLastAccessed?: WorldTrackedAction[];
}

/** IAM's Role (GetRole) plus what the other role APIs read. */
export interface WorldRole {
  RoleName: string;
  Arn?: string;
  RoleId?: string;
  Path?: string;
  CreateDate?: WorldTime;
  Description?: string;
  MaxSessionDuration?: number;
  AssumeRolePolicyDocument: WorldPolicyDocument;
  RoleLastUsed?: WorldRoleLastUsed;
  Tags?: { Key: string; Value: string }[];
  PermissionsBoundary?: { PermissionsBoundaryType: string; PermissionsBoundaryArn: string };
  /** ARNs of attached managed policies (customer or `arn:aws:iam::aws:policy/...`). */
  AttachedPolicies?: string[];
  /** Inline policies by name. */
  InlinePolicies?: Record<string, WorldPolicyDocument>;
  /** What GetServiceLastAccessedDetails answers for this role. */
  LastAccessed?: WorldServiceLastAccessed[];
}

export interface WorldManagedPolicy {
  Arn: string;
  PolicyName?: string;
  DefaultVersionId?: string;
  Document: WorldPolicyDocument;
  /** Non-default versions, for GetPolicyVersion on them. */
  Versions?: { VersionId: string; Document: WorldPolicyDocument }[];
  CreateDate?: WorldTime;
}

/** Thrown when a world file does not have the expected shape; the message names the path. */
export class WorldError extends Error {
  override name = 'WorldError';
}

/** Reads and checks a world JSON file. */
export function loadWorld(path: string): World {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new WorldError(`cannot read world file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseWorld(raw, path);
}

/**
 * Checks the parts of a world the fake relies on (so a typo fails at load time with a path,
 * not later as a confusing 404) and returns it typed. Pass-through fields are not checked.
 */
export function parseWorld(raw: unknown, source = 'world'): World {
  const root = object(raw, source);
  const accounts = object(root.accounts, `${source}.accounts`);
  for (const [id, accountRaw] of Object.entries(accounts)) {
    const at = `${source}.accounts["${id}"]`;
    if (!/^\d{12}$/.test(id)) throw new WorldError(`${at}: account ids are 12 digits`);
    const account = object(accountRaw, at);
    const regions = object(account.regions, `${at}.regions`);
    for (const [region, regionRaw] of Object.entries(regions)) {
      checkRegion(object(regionRaw, `${at}.regions.${region}`), `${at}.regions.${region}`);
    }
    if (account.iam !== undefined) checkIam(object(account.iam, `${at}.iam`), `${at}.iam`);
  }
  if (root.defaultAccount !== undefined && !(String(root.defaultAccount) in accounts)) {
    throw new WorldError(`${source}.defaultAccount: ${String(root.defaultAccount)} is not in accounts`);
  }
  return raw as World;
}

function checkRegion(region: Record<string, unknown>, at: string): void {
  each(region.functions, `${at}.functions`, (fn, i) => {
    const config = object(fn.Configuration, `${at}.functions[${i}].Configuration`);
    string(config.FunctionName, `${at}.functions[${i}].Configuration.FunctionName`);
    each(fn.Aliases, `${at}.functions[${i}].Aliases`, (alias, j) => {
      string(alias.Name, `${at}.functions[${i}].Aliases[${j}].Name`);
      string(alias.FunctionVersion, `${at}.functions[${i}].Aliases[${j}].FunctionVersion`);
    });
    each(fn.UrlConfigs, `${at}.functions[${i}].UrlConfigs`, (url, j) => {
      string(url.FunctionUrl, `${at}.functions[${i}].UrlConfigs[${j}].FunctionUrl`);
      string(url.AuthType, `${at}.functions[${i}].UrlConfigs[${j}].AuthType`);
    });
  });
  each(region.eventSourceMappings, `${at}.eventSourceMappings`, (esm, i) => {
    string(esm.UUID, `${at}.eventSourceMappings[${i}].UUID`);
    string(esm.FunctionArn, `${at}.eventSourceMappings[${i}].FunctionArn`);
  });
  each(region.codeSigningConfigs, `${at}.codeSigningConfigs`, (csc, i) => {
    string(csc.CodeSigningConfigArn, `${at}.codeSigningConfigs[${i}].CodeSigningConfigArn`);
  });
  each(region.buckets, `${at}.buckets`, (bucket, i) => {
    string(bucket.Name, `${at}.buckets[${i}].Name`);
  });
  each(region.queues, `${at}.queues`, (queue, i) => {
    string(queue.QueueName, `${at}.queues[${i}].QueueName`);
  });
  each(region.logGroups, `${at}.logGroups`, (group, i) => {
    string(group.logGroupName, `${at}.logGroups[${i}].logGroupName`);
    each(group.events, `${at}.logGroups[${i}].events`, (event, j) => {
      if (typeof event.timestamp !== 'number') {
        throw new WorldError(`${at}.logGroups[${i}].events[${j}].timestamp: expected a number`);
      }
      string(event.message, `${at}.logGroups[${i}].events[${j}].message`);
    });
  });
}

function checkIam(iam: Record<string, unknown>, at: string): void {
  each(iam.roles, `${at}.roles`, (role, i) => {
    string(role.RoleName, `${at}.roles[${i}].RoleName`);
    if (role.AssumeRolePolicyDocument === undefined) {
      throw new WorldError(`${at}.roles[${i}].AssumeRolePolicyDocument: required`);
    }
  });
  each(iam.policies, `${at}.policies`, (policy, i) => {
    string(policy.Arn, `${at}.policies[${i}].Arn`);
    if (policy.Document === undefined) throw new WorldError(`${at}.policies[${i}].Document: required`);
  });
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WorldError(`${at}: expected an object`);
  }
  return value as Record<string, unknown>;
}

function string(value: unknown, at: string): void {
  if (typeof value !== 'string' || value === '') throw new WorldError(`${at}: expected a non-empty string`);
}

function each(value: unknown, at: string, check: (item: Record<string, unknown>, i: number) => void): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new WorldError(`${at}: expected a list`);
  value.forEach((item, i) => {
    check(object(item, `${at}[${i}]`), i);
  });
}

/** Resolves a WorldTime against the moment the world was loaded. */
export function resolveTime(time: WorldTime, loadedAt: number): Date {
  if (typeof time === 'string') return new Date(time);
  return new Date(time < 0 ? loadedAt + time : time);
}

/** A policy document as JSON text, the way AWS stores it. */
export function policyText(document: WorldPolicyDocument): string {
  return typeof document === 'string' ? document : JSON.stringify(document);
}
