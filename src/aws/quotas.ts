/**
 * AWS's request-rate quotas per account and region (IAM: per account), requests per second.
 * A call draws from the most specific entry that names it. Sources: Lambda quotas (GetFunction
 * 100/s, GetPolicy 15/s, other control-plane APIs 15/s together), CloudWatch Logs quotas
 * (FilterLogEvents 5/s, StartQuery 5/s, GetQueryResults 5/s, DescribeLogGroups 10/s); IAM
 * publishes none for reads, and throttles well above 20/s per account in practice. CloudWatch
 * DescribeAlarms 9/s; CloudTrail's get, describe and list APIs 10/s together; EC2's
 * non-mutating Describe* calls refill at 20/s; GuardDuty publishes no read rate, 10/s is cautious.
 * API Gateway's control plane: 10/s in total with a burst of 40, GetResources 5 per 2 s. KMS
 * DescribeKey 2,000/s. SNS publishes no rate for GetTopicAttributes; 30/s is cautious. SQS's
 * GetQueueAttributes has no documented quota (none here). S3 documents 5,500 GET requests/s per
 * bucket prefix and nothing for the bucket-configuration reads, nor S3 Control for
 * GetPublicAccessBlock: 50/s each is cautious. EventBridge: every API but PutEvents
 * 50/s by default. Kinesis DescribeStreamSummary 20/s; GetResourcePolicy publishes none, 5/s
 * (Kinesis's slowest documented control-plane rate) is cautious. DynamoDB's control plane
 * 2,500/s. ELBv2's non-mutating calls: a bucket of 40 refilled at 10/s per account and region.
 * Organizations and the Account API are
 * global (one endpoint) and publish no read rate; 2/s and 5/s are cautious, and an organization
 * is listed once per scan.
 */
export const AWS_QUOTAS: Readonly<Record<string, number>> = {
  'lambda:GetFunction': 100,
  'lambda:GetPolicy': 15,
  'lambda:*': 15,
  'logs:FilterLogEvents': 5,
  'logs:StartQuery': 5,
  'logs:GetQueryResults': 5,
  'logs:DescribeLogGroups': 10,
  'logs:*': 5,
  'iam:*': 20,
  'sts:*': 20,
  'cloudwatch:DescribeAlarms': 9,
  'cloudtrail:*': 10,
  'guardduty:*': 10,
  'ec2:*': 20,
  'apigateway:GetResources': 2.5,
  'apigateway:*': 10,
  'sns:*': 30,
  'kms:DescribeKey': 2000,
  's3:*': 50,
  's3control:*': 50,
  'events:*': 50,
  'kinesis:DescribeStreamSummary': 20,
  'kinesis:*': 5,
  'dynamodb:*': 2500,
  'elasticloadbalancing:*': 10,
  'organizations:*': 2,
  'account:*': 5,
};

/**
 * Bursts above one second's worth, where AWS documents them. API Gateway's control plane allows
 * 10 requests/s with a burst of 40 for all calls together; GetResources 5 per 2 s on top. ELBv2's
 * Describe* calls: 10/s, burst 40.
 */
export const AWS_BURSTS: Readonly<Record<string, number>> = {
  'apigateway:GetResources': 5,
  'apigateway:*': 40,
  'elasticloadbalancing:*': 40,
};

/**
 * Services whose `service:*` quota is a total every call also draws from, as API Gateway's is
 * ("total operations"); elsewhere `service:*` is the pool of the calls without their own quota.
 */
export function hasSharedTotal(service: string): boolean {
  return service === 'apigateway';
}

/** IAM, STS, Organizations and Account are global: their quota is per account, whatever region a client names. */
export function isGlobalService(service: string): boolean {
  return service === 'iam' || service === 'sts' || service === 'organizations' || service === 'account';
}
