/**
 * The invocation paths of one function (checks.md, "Invocation paths"): its function URLs, the
 * principals its policies grant invoke directly, the push sources its policies admit (service
 * principal plus `aws:SourceArn`) and the pull sources of its event source mappings. Pure: it
 * reads the snapshot only. A part of the snapshot that could not be read becomes a path of
 * `reach: "unknown"` naming the failed API, so the exposure is never narrower than unknown.
 */
import { eventSourceKind } from '../checks/esm/event-source.js';
import { exposureRank, pathExposure } from '../exposure.js';
import {
  allGrants,
  allows,
  appliesToAuthType,
  conditionValues,
  type Grant,
  grantsForQualifier,
  isFixedValue,
  isInvokeCapable,
  isUrlScoped,
} from '../iam/resource-policy.js';
import type {
  EventSourceMapping,
  FunctionSnapshot,
  FunctionUrlConfig,
  InvocationPath,
  PathAuth,
  PathKind,
  TriggerSource,
} from '../model.js';
import { qualifierOfFunctionArn } from '../triggers.js';
import { apiGatewayPaths } from './apigateway.js';
import { bucketPath } from './buckets.js';
import { loadBalancerPathsOf } from './load-balancers.js';
import { messagePath } from './messages.js';
import { grantReach, type Trust } from './reach.js';
import { eventRulePath, schedulerPath, streamPath } from './stores.js';

export type { Trust } from './reach.js';

/** A path with nothing read about its source yet: every optional field null. */
function unresolved(
  kind: PathKind,
  source: string,
  qualifier: string | null,
  why: string,
  unverified: string[] = [],
): InvocationPath {
  return {
    kind,
    source,
    qualifier,
    reach: 'unknown',
    auth: null,
    validation: null,
    waf: null,
    encryption: null,
    tls: null,
    unverified,
    why,
  };
}

/** Service principal (first label of its domain) -> the kind of source behind it. */
const PUSH_KINDS: Readonly<Record<string, PathKind>> = {
  apigateway: 'apigateway-rest',
  elasticloadbalancing: 'alb',
  s3: 's3',
  sns: 'sns',
  sqs: 'sqs',
  events: 'eventbridge',
  scheduler: 'schedule',
};

/**
 * The kind of a push source from its principal. API Gateway is taken for REST until the source
 * is read and proves to be an HTTP or WebSocket API (checks.md, "Unclassified sources").
 */
export function pushKind(principal: string): PathKind {
  return PUSH_KINDS[principal.toLowerCase().split('.')[0] ?? ''] ?? 'other';
}

const PULL_KINDS: Readonly<Record<string, PathKind>> = {
  sqs: 'sqs',
  kinesis: 'kinesis',
  dynamodb: 'dynamodb',
  msk: 'kafka',
  kafka: 'kafka',
};

/** Widest of several reaches, by the exposure each alone would give. */
function widest(paths: readonly InvocationPath[]): InvocationPath | undefined {
  return [...paths].sort((a, b) => exposureRank(pathExposure(b)) - exposureRank(pathExposure(a)))[0];
}

function urlPath(url: FunctionUrlConfig, snapshot: FunctionSnapshot, trust: Trust): InvocationPath {
  const qualifier = qualifierOfFunctionArn(url.FunctionArn);
  const auth: PathAuth = url.AuthType === 'NONE' ? 'none' : 'iam';
  const base = { ...unresolved('url', url.FunctionUrl, qualifier, ''), auth, tls: true };
  if (snapshot.policies === null) {
    return { ...base, unverified: ['lambda:GetPolicy'], why: 'the function policy could not be read' };
  }
  // Unsigned requests (AuthType NONE) can only match a grant to everyone.
  const grants = grantsForQualifier(snapshot.policies, qualifier).filter(
    (g) =>
      allows(g, 'lambda:InvokeFunctionUrl') &&
      appliesToAuthType(g, url.AuthType) &&
      (url.AuthType === 'AWS_IAM' || g.principal.kind === 'public'),
  );
  const reaches = grants.map((g) => ({ ...base, ...grantReach(g, trust), auth }));
  if (url.AuthType === 'AWS_IAM') {
    // Identities of the account with an IAM policy allowing it can always call an AWS_IAM URL.
    reaches.push({ ...base, reach: 'account', why: 'callers signed by the audited account' });
  }
  return (
    widest(reaches) ?? {
      ...base,
      reach: 'none',
      why: 'AuthType NONE but no public grant: the URL answers 403 until someone adds one',
    }
  );
}

function policyPath(grant: Grant, trust: Trust): InvocationPath {
  const { reach, auth, why } = grantReach(grant, trust);
  return {
    ...unresolved('policy', grant.principal.value, grant.statement.qualifier, why),
    reach,
    auth,
  };
}

/** The push sources a service grant admits: each fixed `aws:SourceArn`, or the service itself. */
function pushStubs(grant: Grant): InvocationPath[] {
  const { principal, statement } = grant;
  const kind = pushKind(principal.value);
  const sources = conditionValues(statement, 'aws:sourcearn').filter((v) => isFixedValue('aws:sourcearn', v));
  if (sources.length === 0) {
    return [
      unresolved(
        kind,
        principal.value,
        statement.qualifier,
        'a service grant with no fixed source: any resource of that service may be able to invoke',
      ),
    ];
  }
  return sources.map((source) =>
    unresolved(kind, source, statement.qualifier, 'the source’s own access control is not read yet'),
  );
}

/** A push source resolved through what collect read about it. */
function resolvePush(stub: InvocationPath, snapshot: FunctionSnapshot, trust: Trust): InvocationPath[] {
  if (stub.kind === 'sns') return [messagePath(stub, snapshot.sources, trust)];
  if (stub.kind === 'alb') return loadBalancerPathsOf(stub, snapshot.sources);
  if (stub.kind === 's3')
    return [bucketPath(stub, snapshot.sources, snapshot.configuration.FunctionArn, trust)];
  if (stub.kind === 'eventbridge') return [eventRulePath(stub, snapshot.sources, trust)];
  if (stub.kind === 'schedule') return [schedulerPath(stub, trust)];
  if (stub.kind !== 'apigateway-rest') return [stub];
  // GetFunction without a qualifier answers the unqualified ARN, which integrations name.
  return apiGatewayPaths(stub, snapshot.sources, snapshot.configuration.FunctionArn, trust);
}

function mappingPath(mapping: EventSourceMapping): InvocationPath {
  const triggerKind = eventSourceKind(mapping);
  const kind = (triggerKind && PULL_KINDS[triggerKind]) ?? 'other';
  const brokers = mapping.SelfManagedEventSource?.Endpoints?.KAFKA_BOOTSTRAP_SERVERS;
  const source = mapping.EventSourceArn ?? brokers?.join(',') ?? `mapping ${mapping.UUID}`;
  const path = unresolved(
    kind,
    source,
    qualifierOfFunctionArn(mapping.FunctionArn),
    kind === 'kafka'
      ? 'who can produce to the brokers is not read'
      : 'the source’s own access control is not read yet',
  );
  return triggerKind === 'kafka' ? { ...path, auth: brokerAuth(mapping) } : path;
}

/** Self-managed Kafka: mutual TLS, no authentication at all, or a credential (null: not an IAM-style auth). */
function brokerAuth(mapping: EventSourceMapping): PathAuth | null {
  const types = (mapping.SourceAccessConfigurations ?? []).map((c) => c.Type ?? '');
  if (types.includes('CLIENT_CERTIFICATE_TLS_AUTH')) return 'mtls';
  if (types.some((t) => t.startsWith('SASL_') || t === 'BASIC_AUTH')) return null;
  return 'none';
}

/** A pull source resolved through what collect read about it. */
function pullPath(stub: InvocationPath, sources: readonly TriggerSource[], trust: Trust): InvocationPath {
  if (stub.kind === 'sqs') return messagePath(stub, sources, trust);
  if (stub.kind === 'kinesis' || stub.kind === 'dynamodb') return streamPath(stub, sources, trust);
  return stub;
}

function invokeGrants(snapshot: FunctionSnapshot): Grant[] {
  // URL-only grants are the URL paths' (they cannot be used through the Invoke API).
  return allGrants(snapshot.policies ?? []).filter((g) => isInvokeCapable(g) && !isUrlScoped(g));
}

/** Placeholders for the function's own reads that failed: who can invoke is then unknown. */
function gapPaths(snapshot: FunctionSnapshot): InvocationPath[] {
  const gaps: [unknown, PathKind, string, string][] = [
    [snapshot.policies, 'policy', 'lambda:GetPolicy', 'the function policy could not be read'],
    [snapshot.urlConfigs, 'url', 'lambda:ListFunctionUrlConfigs', 'the function URLs could not be read'],
    [
      snapshot.eventSourceMappings,
      'other',
      'lambda:ListEventSourceMappings',
      'the event source mappings could not be read',
    ],
  ];
  return gaps
    .filter(([value]) => value === null)
    .map(([, kind, api, why]) => unresolved(kind, 'unknown', null, why, [api]));
}

/** Every path of the function, one per source, qualifier and entry point; widest first. */
export function derivePaths(snapshot: FunctionSnapshot, trust: Trust): InvocationPath[] {
  const grants = invokeGrants(snapshot);
  const all = [
    ...(snapshot.urlConfigs ?? []).map((url) => urlPath(url, snapshot, trust)),
    ...grants.filter((g) => g.principal.kind !== 'service').map((g) => policyPath(g, trust)),
    ...grants
      .filter((g) => g.principal.kind === 'service')
      .flatMap(pushStubs)
      .flatMap((stub) => resolvePush(stub, snapshot, trust)),
    ...(snapshot.eventSourceMappings ?? [])
      .map(mappingPath)
      .map((path) => pullPath(path, snapshot.sources, trust)),
    ...gapPaths(snapshot),
  ];
  // Several statements can name one source (one per action, say): keep its widest reading.
  const byKey = new Map<string, InvocationPath>();
  for (const path of all) {
    const key = `${path.kind}|${path.source}|${path.qualifier ?? ''}`;
    const seen = byKey.get(key);
    if (!seen || widest([seen, path]) === path) byKey.set(key, path);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      exposureRank(pathExposure(b)) - exposureRank(pathExposure(a)) ||
      compare(a.kind, b.kind) ||
      compare(a.source, b.source) ||
      compare(a.qualifier ?? '', b.qualifier ?? ''),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
