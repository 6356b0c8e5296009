/**
 * The AWS read actions the collectors themselves call (the checks declare theirs). The bot's
 * own IAM policy, iam/bot-policy.json, is the union of these and every check's `actions`;
 * a test keeps this list in step with the calls in src/collect and src/scan.ts.
 */
import { ROLE_POLICY_ACTIONS } from '../iam/role-snapshot.js';

export const COLLECTOR_ACTIONS: readonly string[] = [
  'lambda:GetFunction',
  'lambda:ListTags',
  'lambda:ListFunctions',
  'lambda:ListAliases',
  'lambda:GetPolicy',
  'lambda:ListFunctionUrlConfigs',
  'lambda:ListEventSourceMappings',
  'lambda:ListFunctionEventInvokeConfigs',
  'lambda:GetFunctionCodeSigningConfig',
  'lambda:GetCodeSigningConfig',
  'lambda:ListCodeSigningConfigs',
  'lambda:ListFunctionsByCodeSigningConfig',
  'logs:DescribeLogGroups',
  'logs:FilterLogEvents',
  'logs:StartQuery',
  'logs:GetQueryResults',
  ...ROLE_POLICY_ACTIONS,
  'iam:GenerateServiceLastAccessedDetails',
  'iam:GetServiceLastAccessedDetails',
  // API Gateway authorises its control plane by HTTP verb: every read of an API is a GET.
  'apigateway:GET',
  'sns:GetTopicAttributes',
  'sqs:GetQueueAttributes',
  'kms:DescribeKey',
  // S3's IAM names: GetBucketNotificationConfiguration is s3:GetBucketNotification, GetBucketEncryption
  // s3:GetEncryptionConfiguration, and S3 Control's GetPublicAccessBlock s3:GetAccountPublicAccessBlock.
  's3:GetBucketNotification',
  's3:GetBucketPolicy',
  's3:GetBucketAcl',
  's3:GetBucketPublicAccessBlock',
  's3:GetAccountPublicAccessBlock',
  's3:GetEncryptionConfiguration',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeRules',
  'cloudwatch:DescribeAlarms',
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetEventSelectors',
  'cloudtrail:GetTrailStatus',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'guardduty:ListDetectors',
  'guardduty:GetDetector',
];

/**
 * The reads only a scan of several accounts makes (collect/organization.ts): the organization's
 * accounts (AUDIT_ORG_ROLE_NAME), from the management or delegated administrator account, and
 * each account's enabled regions (AUDIT_REGIONS=all). An audit never calls them.
 */
export const ORGANIZATION_READS: readonly string[] = [
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
  'account:ListRegions',
];

/**
 * The reads only the change-events loop makes (collect/change-inventory.ts): which roles attach a
 * managed policy that changed. An audit never calls them.
 */
export const CHANGE_EVENT_READS: readonly string[] = ['iam:ListEntitiesForPolicy'];

/**
 * What the change-events loop does with its queue (collect/change-queue.ts): receive, delete a
 * handled message, delay a failed one. Granted on that queue only (see bot-policy.ts).
 */
export const CHANGE_QUEUE_ACTIONS: readonly string[] = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
];

/** The queue deploy/change-events.yaml creates (its QueueName parameter's default). */
export const CHANGE_QUEUE_ARN = 'arn:aws:sqs:*:*:lambda-audit-change-events';
