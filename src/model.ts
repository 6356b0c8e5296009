/**
 * The plain data that flows through lambda-audit: snapshots (what collect read from AWS),
 * findings (what checks concluded) and reports (what render shows). Field names inside the
 * AWS-shaped parts follow the AWS API responses so a snapshot reads like the API and can be
 * saved as a fixture. No SDK type appears here. Longer than most files on purpose: it is the one
 * catalogue of the data every layer shares, and reads as a list of types.
 */

import type { GuardDutyDetector, MetricAlarm, SecurityGroup, Subnet, Trail } from './model-monitoring.js';

export * from './model-monitoring.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How many findings there are of each severity (every severity present, zero or not). */
export function countBySeverity(findings: Iterable<{ severity: Severity }>): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/**
 * What a check is about, as metadata every finding carries: code that asks "is this an exposure
 * finding?" reads these, never an id prefix. A closed set: add a word here and say what it means.
 * - `exposure`: who can invoke the function (resource policy, function URL).
 * - `internet-exposed`: the finding names a way in from the internet (a public grant or URL);
 *   whether the function is reachable is the report's `exposure`, derived from its paths.
 * - `role`: the execution role (shown by the `role` verb; a ticket carries the role's proposal).
 * - `logs`, `secrets`, `supply-chain`, `runtime`, `network`, `resilience`, `esm` (event source
 *   mappings), `hygiene`, `monitoring`: the area the finding is in.
 */
export const CATEGORIES = [
  'exposure',
  'internet-exposed',
  'role',
  'logs',
  'secrets',
  'supply-chain',
  'runtime',
  'network',
  'resilience',
  'esm',
  'hygiene',
  'monitoring',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Orders severities: critical = 4 ... info = 0. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

/** Something we could not read, and therefore cannot vouch for. */
export interface Unverified {
  /** What the gap affects: 'configuration', 'triggers', 'url', 'logs', 'role', ... */
  area: string;
  /** The IAM action of the call that failed, e.g. 'lambda:GetPolicy'. */
  api: string;
  /** Why, in words a person can act on. */
  reason: string;
}

export type PolicyPrincipal = '*' | Record<string, string | string[]>;
export type ConditionBlock = Record<string, Record<string, string | string[] | boolean | number>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PolicyPrincipal;
  NotPrincipal?: PolicyPrincipal;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** Lambda's FunctionConfiguration, the fields we use. */
export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime?: string;
  Role: string;
  Handler?: string;
  PackageType?: 'Zip' | 'Image';
  LastModified?: string;
  Version?: string;
  MemorySize?: number;
  Timeout?: number;
  Architectures?: string[];
  Environment?: { Variables?: Record<string, string> };
  KMSKeyArn?: string;
  TracingConfig?: { Mode?: string };
  VpcConfig?: { VpcId?: string; SubnetIds?: string[]; SecurityGroupIds?: string[] };
  DeadLetterConfig?: { TargetArn?: string };
  Layers?: { Arn: string; CodeSize?: number }[];
  LoggingConfig?: { LogGroup?: string; LogFormat?: string };
  State?: string;
}

export interface FunctionUrlConfig {
  FunctionUrl: string;
  FunctionArn: string;
  AuthType: 'NONE' | 'AWS_IAM';
  Cors?: {
    AllowOrigins?: string[];
    AllowCredentials?: boolean;
    AllowMethods?: string[];
    AllowHeaders?: string[];
  };
  InvokeMode?: string;
}

export interface EventSourceMapping {
  UUID: string;
  EventSourceArn?: string;
  FunctionArn?: string;
  State?: string;
  LastProcessingResult?: string;
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  DestinationConfig?: { OnFailure?: { Destination?: string } };
  SelfManagedEventSource?: { Endpoints?: Record<string, string[]> };
  SourceAccessConfigurations?: { Type?: string; URI?: string }[];
  FilterCriteria?: { Filters?: { Pattern?: string }[] };
  KMSKeyArn?: string;
  BatchSize?: number;
  Topics?: string[];
  Queues?: string[];
}

export interface EventInvokeConfig {
  FunctionArn: string;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: { OnSuccess?: { Destination?: string }; OnFailure?: { Destination?: string } };
}

export interface CodeSigningConfig {
  CodeSigningConfigArn: string;
  CodeSigningPolicies?: { UntrustedArtifactOnDeployment?: 'Warn' | 'Enforce' };
}

/** CloudWatch Logs' LogGroup, the fields we use. */
export interface LogGroup {
  logGroupName: string;
  arn?: string;
  retentionInDays?: number;
  kmsKeyId?: string;
  creationTime?: number;
  storedBytes?: number;
}

export type LogErrorKind = 'error' | 'timeout' | 'outOfMemory' | 'unhandled' | 'throttle';

export interface LogSearch {
  logGroupName: string;
  /** Window searched, epoch milliseconds. */
  startTime: number;
  endTime: number;
  counts: Record<LogErrorKind, number>;
  /** A few matching lines, already redacted (never escaped: that is render's job). */
  samples: { timestamp: number; message: string }[];
  /** True when the search stopped at its page limit: counts are lower bounds. */
  truncated: boolean;
}

/** A resource policy as read by GetPolicy, for the function itself (qualifier null) or an alias. */
export interface ResourcePolicy {
  qualifier: string | null;
  policy: PolicyDocument;
}

/*
 * The execution role as collect read it: plain data shaped after IAM's responses (GetRole,
 * ListAttachedRolePolicies + GetPolicy + GetPolicyVersion, ListRolePolicies + GetRolePolicy,
 * GetServiceLastAccessedDetails). Policy documents arrive URL-encoded from IAM; collect decodes
 * them (iam/role-snapshot.ts) so a snapshot holds objects, never strings.
 */

/** A managed policy attached to the role, with its default version's document. */
export interface AttachedManagedPolicy {
  PolicyName: string;
  PolicyArn: string;
  DefaultVersionId?: string;
  /** `null`: the version could not be read (the gap is in the snapshot's `unverified`). */
  document: PolicyDocument | null;
}

/** An inline policy embedded in the role. */
export interface InlinePolicy {
  PolicyName: string;
  /** `null`: GetRolePolicy failed (the gap is in the snapshot's `unverified`). */
  document: PolicyDocument | null;
}

/** One entry of `ServicesLastAccessed[].TrackedActionsLastAccessed` (ACTION_LEVEL jobs). */
export interface TrackedActionLastAccessed {
  /** The action name as IAM reports it, e.g. `GetObject` (a `s3:` prefix is tolerated). */
  ActionName: string;
  LastAccessedEntity?: string;
  /** ISO date; absent when the tracked action was never used in IAM's tracking period. */
  LastAccessedTime?: string;
  LastAccessedRegion?: string;
}

/** One entry of `GetServiceLastAccessedDetails.ServicesLastAccessed`. */
export interface ServiceLastAccessed {
  ServiceName: string;
  /** The IAM service prefix, e.g. `s3`. */
  ServiceNamespace: string;
  /** ISO date; absent when the service was never used in IAM's tracking period. */
  LastAuthenticated?: string;
  LastAuthenticatedEntity?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities?: number;
  /** Present only for services whose actions IAM tracks individually. */
  TrackedActionsLastAccessed?: TrackedActionLastAccessed[];
}

/** `GetServiceLastAccessedDetails` for the role, read once the job is `COMPLETED`. */
export interface ServiceLastAccessedDetails {
  JobType: 'ACTION_LEVEL' | 'SERVICE_LEVEL';
  JobStatus: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED';
  JobCreationDate?: string;
  /** ISO date the data is as of; the "now" of the window is the audit's clock, not this. */
  JobCompletionDate?: string;
  ServicesLastAccessed: ServiceLastAccessed[];
}

/** Everything read about one execution role. */
export interface RoleSnapshot {
  Arn: string;
  RoleName: string;
  Path?: string;
  /** ISO date. */
  CreateDate: string;
  /** The trust policy, decoded. */
  AssumeRolePolicyDocument: PolicyDocument;
  /** GetRole's `RoleLastUsed`; empty when IAM has never seen the role used. */
  RoleLastUsed: { LastUsedDate?: string; Region?: string };
  attachedPolicies: AttachedManagedPolicy[];
  inlinePolicies: InlinePolicy[];
  /** `null`: the last-accessed job could not be generated or read. */
  lastAccessed: ServiceLastAccessedDetails | null;
  /** ARNs of every function whose execution role this is (this one included); `null`: unknown. */
  usedBy: string[] | null;
}

/** GetRole answered `NoSuchEntity`: the function's role has been deleted. */
export interface MissingRole {
  missing: true;
  arn: string;
}

export type RoleData = RoleSnapshot | MissingRole;

// What collect read about a function's trigger sources, shaped after the AWS responses (API
// Gateway v1 fields camelCase as its SDK returns them, v2 fields PascalCase); one entry per
// source, keyed by `arn`. The invocation paths are derived from them (src/invocation/).

/** A REST API method, with the fields that decide who can call it and how it is checked. */
export interface RestMethod {
  httpMethod: string;
  authorizationType?: string;
  apiKeyRequired?: boolean;
  requestValidatorId?: string;
  methodIntegration?: { type?: string; uri?: string };
}

export interface RestResource {
  id: string;
  path: string;
  resourceMethods?: Record<string, RestMethod>;
}

/** GetRestApi, GetResources (embed=methods), GetRequestValidators and GetStages of one REST API. */
export interface RestApi {
  id: string;
  name?: string;
  endpointConfiguration?: { types?: string[]; vpcEndpointIds?: string[] };
  /** The API's resource policy; null when it has none. */
  policy: PolicyDocument | null;
  resources: RestResource[];
  requestValidators: { id: string; validateRequestBody?: boolean; validateRequestParameters?: boolean }[];
  /** Null when the stages could not be read (WAF unknown). */
  stages: { stageName: string; webAclArn?: string }[] | null;
}

/** GetApi, GetRoutes and GetIntegrations of one HTTP or WebSocket API. */
export interface HttpApi {
  ApiId: string;
  Name?: string;
  ProtocolType: 'HTTP' | 'WEBSOCKET';
  Routes: {
    RouteId?: string;
    RouteKey: string;
    AuthorizationType?: string;
    ApiKeyRequired?: boolean;
    Target?: string;
  }[];
  Integrations: { IntegrationId?: string; IntegrationType?: string; IntegrationUri?: string }[];
}

/**
 * One source as read. `missing`: AWS answered that it does not exist (the grant is stale).
 * `unread`: the read failed; `api` names the IAM action, and the source's reach is unknown.
 */
/** GetTopicAttributes, the attributes the paths read; `Policy` parsed, null when absent. */
export interface TopicAttributes {
  Policy: PolicyDocument | null;
  KmsMasterKeyId?: string;
}

/** GetQueueAttributes (Policy, KmsMasterKeyId, SqsManagedSseEnabled, RedrivePolicy). */
export interface QueueAttributes {
  Policy: PolicyDocument | null;
  KmsMasterKeyId?: string;
  SqsManagedSseEnabled?: boolean;
  /** As SQS returns it (JSON text); absent when the queue has no dead-letter queue. */
  RedrivePolicy?: string;
}

/** S3 Block Public Access settings, of a bucket or of its account; absent flags are off. */
export interface PublicAccessBlock {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

/** One ACL grant of a bucket (GetBucketAcl): a group's URI or an account's canonical id. */
export interface BucketAclGrant {
  Permission: string;
  GranteeType: string;
  URI?: string;
  ID?: string;
}

/**
 * What the bucket paths read of one bucket: GetBucketNotificationConfiguration, GetBucketPolicy,
 * GetBucketAcl, GetPublicAccessBlock, GetBucketEncryption, and the account's Block Public Access
 * (S3 Control). Null where AWS said there is none; `unread` names the IAM actions whose reads
 * failed, and the fields they fill are then unknown (not none).
 */
export interface BucketData {
  Name: string;
  /** The function ARNs its notification configuration invokes (LambdaFunctionConfigurations). */
  LambdaFunctionArns: string[];
  Policy: PolicyDocument | null;
  /** The ACL's grants and the owner's canonical id (a grant to it is the owner's own). */
  Acl: { OwnerId: string; Grants: BucketAclGrant[] } | null;
  PublicAccessBlock: PublicAccessBlock | null;
  AccountPublicAccessBlock: PublicAccessBlock | null;
  /** The default encryption's first rule (ApplyServerSideEncryptionByDefault); a key as its ARN. */
  Encryption: { SSEAlgorithm: string; KMSMasterKeyID?: string } | null;
  unread: string[];
}

/**
 * A source whose writers a resource policy admits and whose data a key may protect: an
 * EventBridge bus (DescribeEventBus), a Kinesis stream (GetResourcePolicy, DescribeStreamSummary)
 * or the DynamoDB table behind a stream (GetResourcePolicy, DescribeTable). A part whose read
 * failed names the IAM action of that read instead.
 */
export interface WritableStore {
  /** The resource policy; `document: null` when the source has none. */
  policy: { document: PolicyDocument | null } | { unread: string };
  /** At rest: `none`, the service's own key (`service`), or a KMS key by id, alias or ARN. */
  encryption: { kind: 'none' } | { kind: 'service' } | { kind: 'kms'; keyId: string } | { unread: string };
}

/**
 * DescribeRule: the bus a rule listens on, and whether time (a schedule), events (a pattern) or
 * both trigger it.
 */
export interface EventRule {
  Name: string;
  EventBusName: string;
  ScheduleExpression?: string;
  EventPattern?: string;
  State?: string;
}

/** An ELBv2 listener or rule action: its type, order, and the target groups it forwards to. */
export interface ElbAction {
  Type: string;
  Order?: number;
  /** `TargetGroupArn` and `ForwardConfig.TargetGroups` of a forward action. */
  TargetGroupArns: string[];
}

export interface ElbListener {
  ListenerArn: string;
  Protocol: string;
  Port?: number;
  /** DescribeRules, the default rule included; null when they could not be read. */
  Rules: { RuleArn: string; IsDefault?: boolean; Actions: ElbAction[] }[] | null;
}

/** DescribeLoadBalancers, DescribeListeners and DescribeRules of one load balancer. */
export interface LoadBalancerData {
  LoadBalancerArn: string;
  /** `internet-facing` or `internal`; null when the load balancer could not be read. */
  Scheme: string | null;
  /** Null when the listeners could not be read. */
  Listeners: ElbListener[] | null;
  /** The IAM actions of the reads that failed. */
  unread: string[];
}

/** DescribeTargetGroups of the target group a function's grant names, with its load balancers. */
export interface TargetGroupData {
  TargetGroupArn: string;
  TargetType?: string;
  LoadBalancers: LoadBalancerData[];
}

export type TriggerSource =
  | { type: 'event-rule'; arn: string; rule: EventRule }
  | { type: 'event-bus' | 'kinesis-stream' | 'dynamodb-table'; arn: string; store: WritableStore }
  /** A stream of another account than the function's: not read (its policy is its owner's to read). */
  | { type: 'foreign'; arn: string; account: string }
  | { type: 'rest-api'; arn: string; api: RestApi }
  | { type: 'http-api'; arn: string; api: HttpApi }
  | { type: 'sns-topic'; arn: string; attributes: TopicAttributes }
  | { type: 'sqs-queue'; arn: string; attributes: QueueAttributes }
  | { type: 's3-bucket'; arn: string; bucket: BucketData }
  | { type: 'target-group'; arn: string; targetGroup: TargetGroupData }
  /** DescribeKey: who manages the key a source encrypts with. */
  | { type: 'kms-key'; arn: string; KeyManager: 'AWS' | 'CUSTOMER' }
  | { type: 'missing'; arn: string; api: string }
  | { type: 'unread'; arn: string; api: string; reason: string };

/**
 * Everything collect read about one function. A field that is `null` could not be read;
 * the reason is in `unverified`. An empty list means "read, and there is none".
 */
export interface FunctionSnapshot {
  collectedAt: string;
  accountId: string;
  region: string;
  configuration: FunctionConfiguration;
  tags: Record<string, string> | null;
  /** Reserved concurrency; `undefined` inside means none reserved. */
  concurrency: { ReservedConcurrentExecutions?: number } | null;
  /** Policies of the function and of aliases that have their own. */
  policies: ResourcePolicy[] | null;
  urlConfigs: FunctionUrlConfig[] | null;
  eventSourceMappings: EventSourceMapping[] | null;
  /**
   * Null also when not read because nothing invokes the function asynchronously: the one check
   * that needs it (async-no-failure-dest) is out of scope then, and a scan saves the call.
   */
  eventInvokeConfigs: EventInvokeConfig[] | null;
  /** `config: null` means no code signing config is attached. */
  codeSigning: { config: CodeSigningConfig | null } | null;
  /** `group: null` means the log group does not exist. */
  logGroup: { name: string; group: LogGroup | null } | null;
  recentErrors: LogSearch | null;
  /** The execution role; `{ missing: true }` when GetRole answered NoSuchEntity. */
  role: RoleData | null;
  /** The trigger sources the function's grants and mappings name, each read once per scan. */
  sources: TriggerSource[];
  /** The region's metric alarms that may watch this function (its dimensions, account-wide, or math). */
  alarms: MetricAlarm[] | null;
  /** The trails visible in the function's region. */
  trails: Trail[] | null;
  /** The function's subnets and security groups; empty when it is not attached to a VPC. */
  subnets: Subnet[] | null;
  securityGroups: SecurityGroup[] | null;
  unverified: Unverified[];
}

/** The snapshot fields a check may depend on. */
export type SnapshotField = Exclude<
  keyof FunctionSnapshot,
  'collectedAt' | 'accountId' | 'region' | 'unverified' | 'sources'
>;

/**
 * What collect read about one account in one region, for the checks about the account rather
 * than a function. A field that is `null` could not be read; the reason is in `unverified`.
 */
export interface AccountSnapshot {
  collectedAt: string;
  accountId: string;
  region: string;
  /** The region's GuardDuty detectors (AWS allows one); empty: GuardDuty is not enabled here. */
  guardDuty: { detectors: GuardDutyDetector[] } | null;
  unverified: Unverified[];
}

/** The account snapshot fields an account check may depend on. */
export type AccountField = Exclude<
  keyof AccountSnapshot,
  'collectedAt' | 'accountId' | 'region' | 'unverified'
>;

/** Findings about an account and region (`accounts[]` in a scan, `account` in an audit). */
export interface AccountSection {
  accountId: string;
  region: string;
  findings: Finding[];
  unverified: Unverified[];
}

export interface Finding {
  check: string;
  /** The check's categories, so a renderer need not look the check up. */
  categories: readonly Category[];
  severity: Severity;
  title: string;
  detail: string;
  resource: string;
  evidence: Record<string, unknown>;
  remediation: string;
  fingerprint: string;
}

export type TriggerKind =
  | 's3'
  | 'sns'
  | 'sqs'
  | 'events'
  | 'apigateway'
  | 'alb'
  | 'url'
  | 'kinesis'
  | 'dynamodb'
  | 'kafka'
  | 'msk'
  | 'mq'
  | 'docdb'
  | 'logs'
  | 'iot'
  | 'cognito'
  | 'alexa'
  | 'account'
  | 'public'
  | 'service';

export interface Trigger {
  kind: TriggerKind;
  /** An ARN, a principal, or a URL. */
  source: string;
  /** True for sources that invoke asynchronously (S3, SNS, EventBridge, ...). */
  async: boolean;
  qualifier?: string | null;
  conditions: Record<string, unknown>;
}

/** What can cause an invocation: the function's own doors and each trigger source (checks.md, "Invocation paths"). */
export const PATH_KINDS = [
  'url',
  'policy',
  'apigateway-rest',
  'apigateway-http',
  'apigateway-websocket',
  'alb',
  's3',
  'sns',
  'sqs',
  'eventbridge',
  'schedule',
  'kinesis',
  'dynamodb',
  'kafka',
  'other',
] as const;
export type PathKind = (typeof PATH_KINDS)[number];

/**
 * Who can use a path: anyone (`public`), named foreign accounts (`accounts`), an organisation,
 * the function's own or trusted accounts, a network (VPC, VPC endpoint, IP range), nobody from
 * outside AWS (`none`), or `unknown` when the source could not be read.
 */
export type Reach = 'public' | 'accounts' | 'organization' | 'account' | 'network' | 'none' | 'unknown';

export type PathAuth = 'none' | 'api-key' | 'iam' | 'cognito' | 'jwt' | 'lambda-authorizer' | 'oidc' | 'mtls';

/** One source -> function link: who can cause an invocation through it, and how it is guarded. */
export interface InvocationPath {
  kind: PathKind;
  /** The source's ARN (an API route, a bucket, a topic, ...), the principal for `policy`, the URL for `url`. */
  source: string;
  /** The alias or version the source invokes, or null. */
  qualifier: string | null;
  reach: Reach;
  /** Null where authentication does not apply or is not known. */
  auth: PathAuth | null;
  /** `request-validator`/`none` for REST methods; null for kinds without the feature. */
  validation: 'request-validator' | 'none' | null;
  /** Null when not applicable or not read. */
  waf: boolean | null;
  /** At-rest protection of the source's data; null when not applicable or not read. */
  encryption: 'cmk' | 'aws-managed' | 'none' | null;
  /** False only when an entry point accepts plain HTTP and forwards; null for kinds without listeners. */
  tls: boolean | null;
  /** IAM actions whose failure left a field unknown. */
  unverified: string[];
  /** Why the path has this reach, in a short phrase a person reads. */
  why: string;
}

/** The report's summary of its widest path, widest first (checks.md's ranking). */
export const EXPOSURES = [
  'internet-open',
  'internet-authenticated',
  'cross-account',
  'organization',
  'unknown',
  'account',
  'network',
  'none',
] as const;
export type Exposure = (typeof EXPOSURES)[number];

/** A proposed least-privilege policy for an execution role, and what it removes. */
export interface RoleProposal {
  confidence: 'high' | 'low';
  caveats: string[];
  windowDays: number;
  policy: PolicyDocument;
  /** Human-readable diff: what goes (with its last use), what stays and why. */
  diff: string;
  removedServices: { service: string; lastUsed: string | null }[];
}

export interface FunctionIdentity {
  name: string;
  arn: string;
  region: string;
  accountId: string;
  runtime: string | null;
}

export interface AuditReport {
  function: FunctionIdentity;
  findings: Finding[];
  unverified: Unverified[];
  triggers: Trigger[];
  /** Every source -> function link (checks.md, "Invocation paths"). */
  paths: InvocationPath[];
  /** The widest of the paths. */
  exposure: Exposure;
  role: {
    arn: string;
    /** How many other functions use this execution role; null when unknown. */
    sharedWith: number | null;
    /** The least-privilege proposal, when asked for (`role` verb, tickets); null when it cannot be made. */
    proposal?: RoleProposal | null;
  };
  logs: { group: string; exists: boolean | null; searched: LogSearch | null };
  generatedAt: string;
  /** Findings about the function's account and region (GuardDuty), shown once under `account`. */
  account?: AccountSection;
  /**
   * Reads still running when the report was made (Slack answers before IAM's last-accessed job
   * ends, then updates the answer): the checks that wait for them have not run, so their silence
   * means nothing yet. Absent once everything is in.
   */
  pending?: PendingRead[];
}

/** The call an early report goes out without: IAM's last-accessed job takes seconds. */
export const LAST_ACCESSED_API = 'iam:GetServiceLastAccessedDetails';

/** A read an early report went out without, and the checks waiting for it. */
export interface PendingRead {
  area: string;
  /** The IAM action of the call awaited, as `unverified` names one. */
  api: string;
  checks: string[];
}

export interface ScanSummary {
  functions: number;
  incomplete: number;
  bySeverity: Record<Severity, number>;
  regions: string[];
  failed: { function: string; region: string; reason: string }[];
}

export interface ScanReport {
  functions: AuditReport[];
  summary: ScanSummary;
  /** Findings about each account and region the scan covered, once each (not per function). */
  accounts?: AccountSection[];
}

/**
 * A scan's result as its consumers read it: the totals and account sections at hand, the
 * functions' reports a page at a time (from the store when the scan kept its results there, so a
 * scan of 100,000 functions is never one array). `functions` reads in `compareReports` order;
 * `withGaps` reads only the functions with a gap.
 */
export interface ScanResult {
  summary: ScanSummary;
  accounts: AccountSection[];
  functions(options?: { withGaps?: boolean }): AsyncIterable<AuditReport[]>;
}

/**
 * A scan's functions in a stable order (account, region, name, ARN; code-unit order, the same on
 * every machine): the scan finishes them in whatever order AWS answers. The store reads in the
 * same order (store/scan-units.ts), so JSON and SARIF print the same bytes from either.
 */
export function compareReports(a: AuditReport, b: AuditReport): number {
  return (
    compareCodeUnits(a.function.accountId, b.function.accountId) ||
    compareCodeUnits(a.function.region, b.function.region) ||
    compareCodeUnits(a.function.name, b.function.name) ||
    compareCodeUnits(a.function.arn, b.function.arn)
  );
}

/** Code-unit order, not locale order. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What "riskiest first" compares: a function's findings counted by severity, and its name. */
export interface RiskRow {
  name: string;
  counts: Record<Severity, number>;
  /** Breaks ties between same-named functions (an ARN names the account and region). */
  key?: string;
}

/**
 * The one definition of "riskiest first", used by the CLI, Slack and the digest: more critical
 * findings first; on a tie, more high, and so on down to info (so 1 critical + 2 high comes
 * before 1 critical + 10 low); then by name.
 */
export function compareRisk(a: RiskRow, b: RiskRow): number {
  for (const severity of SEVERITIES) {
    const diff = b.counts[severity] - a.counts[severity];
    if (diff !== 0) return diff;
  }
  return a.name.localeCompare(b.name) || (a.key ?? '').localeCompare(b.key ?? '');
}

/** A function's report as a RiskRow. */
export function riskRow(report: AuditReport): RiskRow {
  return { name: report.function.name, counts: countBySeverity(report.findings), key: report.function.arn };
}

/** Reports ordered riskiest first (see compareRisk); the input is left as it was. */
export function riskiestFirst(reports: readonly AuditReport[]): AuditReport[] {
  return reports
    .map((report) => ({ report, row: riskRow(report) }))
    .sort((a, b) => compareRisk(a.row, b.row))
    .map(({ report }) => report);
}

/**
 * A scan's counts, the one way every caller makes them: functions audited, those with gaps
 * (`incomplete`), and every finding of every function by severity. A finding of a role shared
 * by several functions counts once per function here; the digest, which counts what the store
 * tracks, counts it once (see `Digest.totals`).
 */
export function summarise(
  functions: readonly AuditReport[],
  scope: { regions: readonly string[]; failed: ScanSummary['failed'] },
): ScanSummary {
  return {
    functions: functions.length,
    incomplete: functions.filter((r) => r.unverified.length > 0).length,
    bySeverity: countBySeverity(functions.flatMap((r) => r.findings)),
    regions: [...scope.regions],
    failed: [...scope.failed],
  };
}
