import {
  GetFunctionCommand,
  ListTagsCommand,
  paginateListAliases,
  paginateListFunctionEventInvokeConfigs,
  paginateListFunctionUrlConfigs,
} from '@aws-sdk/client-lambda';
import { parseArn, unqualifiedFunctionArn } from '../arn.js';
import type { AwsClients } from '../aws/clients.js';
import { isNotFound, toAwsError } from '../aws/errors.js';
import { allGrants, isInvokeCapable } from '../iam/resource-policy.js';
import { isMissingRole } from '../iam/role-snapshot.js';
import type { FunctionSnapshot, LogSearch, ResourcePolicy, Unverified } from '../model.js';
import { isAsyncService } from '../triggers.js';
import { allPages, attempt } from './attempt.js';
import type { FunctionIndex } from './function-index.js';
import { type Aliases, readCodeSigning, readMappings, readPolicies } from './lambda-reads.js';
import { toConfiguration, toEventInvokeConfig, toUrlConfig } from './lambda-shapes.js';
import { emptyCounts, logGroupNameOf, readLogGroup, searchRecentErrors } from './logs.js';
import {
  type FunctionMonitoring,
  functionMonitoring,
  type NetworkRead,
  type RegionMonitoring,
  readRegionMonitoring,
} from './monitoring.js';
import { INSIGHTS_CUT_OFF, LOG_PREFIX, type Prefetched, type RegionPrefetch } from './region.js';
import type { RoleSource } from './role.js';
import { SourceReader } from './sources/reader.js';

export interface CollectOptions {
  now: Date;
  /** How far back to search the logs for failures. */
  logWindowMs: number;
  /** Shared across audits so each role and policy is read once. */
  roles: RoleSource;
  /** Which functions share a role. */
  functions: FunctionIndex;
  /** A scan's account-wide reads for this function's region, used instead of per-function calls. */
  prefetch?: RegionPrefetch;
  /** Shared across a scan so each trigger source is read once; an audit reads its own. */
  sources?: SourceReader;
  /** The account-and-region monitoring reads (a scan's, or an engine's cached ones); else read here. */
  monitoring?: RegionMonitoring;
  /** A scan's batched subnet and security-group reads for the region. */
  network?: Promise<NetworkRead>;
}

const UNREAD: FunctionMonitoring = { alarms: null, trails: null, subnets: null, securityGroups: null };

/** A search of a log group that does not exist: nothing to find (logs-no-log-group reports it). */
function noSearch(logGroupName: string, startTime: number, endTime: number): LogSearch {
  return { logGroupName, startTime, endTime, counts: emptyCounts(), samples: [], truncated: false };
}

/** Whether a grant admits a service that invokes asynchronously (S3, SNS, EventBridge, ...). */
function hasAsyncGrant(policies: readonly ResourcePolicy[]): boolean {
  return allGrants(policies).some(
    (g) => g.principal.kind === 'service' && isInvokeCapable(g) && isAsyncService(g.principal.value),
  );
}

/** The execution role (shared by every function using it) and who else uses it. */
async function readRole(
  clients: AwsClients,
  arn: string,
  options: CollectOptions,
  gaps: Unverified[],
): Promise<FunctionSnapshot['role']> {
  if (!arn) return null;
  const [read, usedBy] = await Promise.all([
    options.roles.read(clients.iam, arn),
    options.functions.usersOf(arn, gaps),
  ]);
  gaps.push(...read.unverified);
  if (!read.role || isMissingRole(read.role)) return read.role;
  return { ...read.role, usedBy };
}

/**
 * Reads everything the checks need about one function. Independent calls run in parallel; only
 * the log reads wait for the configuration (it names the log group). A failed read is a gap in
 * `unverified`; only a failure of GetFunction itself stops the audit (there is nothing to audit).
 */
export async function collectFunction(
  clients: AwsClients,
  fn: string,
  options: CollectOptions,
): Promise<FunctionSnapshot> {
  const gaps: Unverified[] = [];
  const endTime = options.now.getTime();
  const startTime = endTime - options.logWindowMs;

  const { prefetch } = options;
  /** A prefetched listing's value; its gap, if any, becomes this function's. */
  const use = async <T>(read: Promise<Prefetched<T>>): Promise<T | null> => {
    const { value, gap } = await read;
    if (gap && !gaps.some((g) => g.api === gap.api)) gaps.push(gap);
    return value;
  };
  const functionRead = clients.lambda.send(new GetFunctionCommand({ FunctionName: fn }));
  // The role's reads start first once GetFunction names it: ListAttachedRolePolicies ->
  // GetPolicy -> GetPolicyVersion is the audit's longest chain, and calls sent in the same turn
  // go out (and come back) in the order they were made.
  const roleRead = functionRead.then(
    (answer) => readRole(clients, answer.Configuration?.Role ?? '', options, gaps),
    () => null,
  );
  const aliasesRead: Aliases = attempt(gaps, 'triggers', 'lambda:ListAliases', () =>
    allPages(paginateListAliases({ client: clients.lambda }, { FunctionName: fn }), (p) => p.Aliases),
  );
  // A failed GetFunction fails the audit below; this branch only must not reject unobserved.
  const arnRead = functionRead.then(
    (answer) => unqualifiedFunctionArn(answer.Configuration?.FunctionArn ?? ''),
    () => '',
  );
  const logsRead = functionRead.then(
    async (answer) => {
      const name = logGroupNameOf(toConfiguration(answer.Configuration ?? {}));
      // A scan has listed the /aws/lambda/ groups and searched them; other names are read here.
      // A failed listing falls back to this function's own reads (their gaps, if any, are real).
      const groups = prefetch && name.startsWith(LOG_PREFIX) ? (await prefetch.logGroups).value : null;
      if (prefetch && groups) {
        const group = groups.get(name) ?? null;
        const searches = group ? await use(prefetch.recentErrors) : null;
        const search = group ? (searches?.get(name) ?? null) : noSearch(name, startTime, endTime);
        if (search?.truncated) gaps.push({ area: 'logs', api: 'logs:StartQuery', reason: INSIGHTS_CUT_OFF });
        return [{ name, group }, search] as const;
      }
      return Promise.all([
        readLogGroup(clients, name, gaps),
        searchRecentErrors(clients, name, startTime, endTime, gaps),
      ]);
    },
    () => [null, null] as const,
  );
  const policiesRead = readPolicies(clients, fn, aliasesRead, gaps);
  const sources = options.sources ?? new SourceReader();
  const mappingsRead = prefetch
    ? Promise.all([arnRead, use(prefetch.eventSourceMappings)]).then(([arn, all]) =>
        all ? (all.get(arn) ?? []) : null,
      )
    : readMappings(clients, fn, aliasesRead, gaps);
  const sourcesRead = Promise.all([policiesRead, mappingsRead]).then(([policies, mappings]) =>
    sources.read(clients, policies ?? [], mappings ?? [], gaps),
  );
  const monitoringRead = functionRead.then(
    (answer) =>
      functionMonitoring(
        clients,
        toConfiguration(answer.Configuration ?? {}),
        options.monitoring ?? readRegionMonitoring(clients),
        options.network ?? null,
        gaps,
      ),
    () => UNREAD,
  );
  const [
    answer,
    policies,
    urlConfigs,
    eventSourceMappings,
    eventInvokeConfigs,
    codeSigning,
    [logGroup, recentErrors],
    role,
    triggerSources,
    monitoring,
  ] = await Promise.all([
    functionRead.catch((error: unknown) => {
      throw toAwsError(
        error,
        'lambda:GetFunction',
        isNotFound(error) ? `function ${fn} not found in ${clients.region}` : undefined,
      );
    }),
    policiesRead,
    attempt(gaps, 'url', 'lambda:ListFunctionUrlConfigs', () =>
      allPages(paginateListFunctionUrlConfigs({ client: clients.lambda }, { FunctionName: fn }), (p) =>
        p.FunctionUrlConfigs?.map(toUrlConfig),
      ),
    ),
    mappingsRead,
    // Only an asynchronous source makes failed events matter (checks.md scopes async-no-failure-dest
    // to them): without one the read is skipped, one call less on Lambda's shared 15/s pool. An
    // unread policy could hide one, so then it is read.
    policiesRead.then((policies) =>
      policies && !hasAsyncGrant(policies)
        ? null
        : attempt(gaps, 'resilience', 'lambda:ListFunctionEventInvokeConfigs', () =>
            allPages(
              paginateListFunctionEventInvokeConfigs({ client: clients.lambda }, { FunctionName: fn }),
              (p) => p.FunctionEventInvokeConfigs?.map(toEventInvokeConfig),
            ),
          ),
    ),
    prefetch
      ? Promise.all([arnRead, use(prefetch.codeSigning)]).then(([arn, all]) =>
          all ? { config: all.get(arn) ?? null } : null,
        )
      : attempt(gaps, 'supply-chain', 'lambda:GetFunctionCodeSigningConfig', () =>
          readCodeSigning(clients, fn),
        ),
    logsRead,
    roleRead,
    sourcesRead,
    monitoringRead,
  ]);

  const configuration = toConfiguration(answer.Configuration ?? {});
  // GetFunction returns tags only to callers allowed lambda:ListTags; absent tags are ambiguous.
  const tags =
    answer.Tags ??
    (await attempt(gaps, 'hygiene', 'lambda:ListTags', async () => {
      const listed = await clients.lambda.send(new ListTagsCommand({ Resource: configuration.FunctionArn }));
      return listed.Tags ?? {};
    }));
  const accountId = parseArn(configuration.FunctionArn)?.account ?? '';
  return {
    collectedAt: options.now.toISOString(),
    accountId,
    region: clients.region,
    configuration,
    tags,
    concurrency:
      answer.Concurrency?.ReservedConcurrentExecutions !== undefined
        ? { ReservedConcurrentExecutions: answer.Concurrency.ReservedConcurrentExecutions }
        : {},
    policies,
    urlConfigs,
    eventSourceMappings,
    eventInvokeConfigs,
    codeSigning,
    logGroup,
    recentErrors,
    role,
    sources: triggerSources,
    ...monitoring,
    unverified: gaps,
  };
}
